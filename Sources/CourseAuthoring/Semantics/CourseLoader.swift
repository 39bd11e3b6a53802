import CourseToolchain
import Foundation
internal import SwiftParser
internal import SwiftSyntax

/// Reads every `lessons/*.md` of a course and checks what spans lessons (ids, order, modules).
public struct CourseLoader {
    public let root: URL
    public var lessonsFolder: String = "lessons"

    public init(root: URL) { self.root = root }

    /// The result of loading: the course (lessons that parsed), every diagnostic, and the sources.
    public struct Result {
        public var course: Course
        public var diagnostics: [Diagnostic]
        /// File text by diagnostic file name, for quoting lines.
        public var sources: [String: String]
    }

    /// Loads the course. Throws only when the lessons folder cannot be read at all.
    public func load() throws -> Result {
        let folder = root.appendingPathComponent(lessonsFolder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw CourseError.noLessonsFolder(folder.path)
        }
        var lessons: [Lesson] = []
        var diagnostics: [Diagnostic] = []
        var sources: [String: String] = [:]
        let files = names.sorted().filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
        // Lessons parse independently: one per core (most of a site build's time is parsing).
        let parsed = try files.parallelMap(width: ProcessInfo.processInfo.activeProcessorCount) { name in
            let file = "\(lessonsFolder)/\(name)"
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            guard let text = String(data: data, encoding: .utf8) else {
                let notText = Diagnostic(
                    "course.source.notUTF8", file: file, at: SourceLocation(line: 1, column: 1),
                    "the file is not UTF-8 text")
                return (file: file, text: String?.none, lesson: Lesson?.none, diagnostics: [notText])
            }
            var parser = LessonParser(file: file)
            let lesson = parser.parse(text)
            return (file: file, text: text, lesson: lesson, diagnostics: parser.diagnostics)
        }
        for result in parsed {
            if let text = result.text { sources[result.file] = text }
            if let lesson = result.lesson { lessons.append(lesson) }
            diagnostics += result.diagnostics
        }
        diagnostics += Self.crossLessonDiagnostics(lessons)
        lessons.sort { ($0.meta.order, $0.file) < ($1.meta.order, $1.file) }
        var course = Course(root: root, lessons: lessons)
        course.engineSources = try Self.engineSources(in: root)
        course.handinSources = try Self.swiftSources(in: root.appendingPathComponent(Course.handinFolder))
        for lesson in lessons where lesson.usesEngine && course.engineSources.isEmpty {
            diagnostics.append(
                Diagnostic(
                    "course.lesson.noEngine", file: lesson.file, at: SourceLocation(line: 1, column: 1),
                    "the lesson imports \(EngineModule.name), but the course has no Sources/\(EngineModule.name) folder"))
        }
        diagnostics += Self.unknownRefusals(lessons, engineSources: course.engineSources)
        return Result(course: course, diagnostics: diagnostics, sources: sources)
    }

    /// A `refuse` entry must name a declaration of the support library that a client's compiled
    /// code reaches through a symbol: a misspelt name, an `@inlinable` function (compiled into the
    /// client) or a stored property (read in place) would refuse nothing, silently.
    static func unknownRefusals(_ lessons: [Lesson], engineSources: [String: String]) -> [Diagnostic] {
        guard lessons.contains(where: { !$0.meta.refuses.isEmpty }) else { return [] }
        // Only the files that spell a refused member's name can declare it: the others are not parsed.
        let members = Set(lessons.flatMap { $0.meta.refuses.compactMap { $0.split(separator: ".").last.map(String.init) } })
        let files = engineSources.keys.sorted().compactMap { name -> SourceFileSyntax? in
            let text = engineSources[name]!
            return members.contains { text.contains($0) } ? Parser.parse(source: text) : nil
        }
        var diagnostics: [Diagnostic] = []
        for lesson in lessons {
            for name in lesson.meta.refuses {
                let problem: String
                switch RefusedDeclaration.find(name, in: files) {
                case .refusable: continue
                case .notDeclared: problem = "which the support library (Sources/\(EngineModule.name)) does not declare"
                case .inlinedIntoClients:
                    problem =
                        "which the support library declares @inlinable, as a stored property or as an enum case: "
                        + "a client may compile it into its own code, and then no symbol shows its use"
                }
                diagnostics.append(
                    Diagnostic(
                        "course.lesson.refuseUnenforceable", file: lesson.file,
                        at: lesson.frontMatterLocations["refuse"] ?? SourceLocation(line: 1, column: 1),
                        "refuse names '\(name)', \(problem)"))
            }
        }
        return diagnostics
    }

    /// The support library's Swift files by name; empty when the course has none.
    package static func engineSources(in root: URL) throws -> [String: String] {
        try swiftSources(in: root.appendingPathComponent("Sources/\(EngineModule.name)"))
    }

    /// The Swift files of a folder of the course root by name (the support library's, the
    /// hand-in rules'); empty when the course has no such folder.
    static func swiftSources(in folder: URL) throws -> [String: String] {
        FileManager.default.fileExists(atPath: folder.path) ? try FileTree.swiftFiles(in: folder) : [:]
    }

    /// Module names a lesson cannot take: the toolchain's and the course's own.
    static let reservedModules: Set<String> = [
        "Swift", "Foundation", "FoundationEssentials", "XCTest", "Testing", "Dispatch",
        "Glibc", "Darwin", "Synchronization", "Observation", "Course", EngineModule.name, HarnessModule.name
    ]

    static func crossLessonDiagnostics(_ lessons: [Lesson]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func duplicates(_ key: (Lesson) -> String, id: String, what: String, frontMatterKey: String) {
            var first: [String: Lesson] = [:]
            for lesson in lessons {
                let value = key(lesson)
                if let earlier = first[value] {
                    let location = lesson.frontMatterLocations[frontMatterKey] ?? SourceLocation(line: 1, column: 1)
                    diagnostics.append(
                        Diagnostic(
                            id, file: lesson.file, at: location,
                            "\(what) '\(value)' is also used by \(earlier.file)"))
                } else {
                    first[value] = lesson
                }
            }
        }
        duplicates({ $0.meta.id }, id: "course.lesson.duplicateId", what: "lesson id", frontMatterKey: "id")
        duplicates({ $0.moduleName }, id: "course.lesson.duplicateModule", what: "module name", frontMatterKey: "module")
        duplicates({ String($0.meta.order) }, id: "course.lesson.duplicateOrder", what: "order", frontMatterKey: "order")
        // A lesson's module may not take the name of another lesson's tests or support code.
        var derivedModules: [String: (lesson: Lesson, role: String)] = [:]
        for lesson in lessons {
            derivedModules[lesson.testModuleName] = (lesson, "test module")
            if !lesson.support.isEmpty { derivedModules[lesson.supportModuleName] = (lesson, "support module") }
        }
        for lesson in lessons {
            guard let other = derivedModules[lesson.moduleName], other.lesson.file != lesson.file else { continue }
            diagnostics.append(
                Diagnostic(
                    "course.lesson.duplicateModule", file: lesson.file,
                    at: lesson.frontMatterLocations["module"] ?? lesson.frontMatterLocations["id"] ?? SourceLocation(line: 1, column: 1),
                    "module name '\(lesson.moduleName)' is the \(other.role) of \(other.lesson.file); set 'module:' to another name"))
        }
        // Students may hand in exercise files on their own (`Step.swift`), found by name: a name
        // two lessons share is found only when the grading names one of them (`--lessons`).
        var fileNames: [String: (lesson: Lesson, exercise: Exercise)] = [:]
        for lesson in lessons {
            for exercise in lesson.exercises {
                if let earlier = fileNames[exercise.fileName] {
                    diagnostics.append(
                        Diagnostic(
                            "course.exercise.sharedFileName", .warning, file: lesson.file, at: exercise.snippet.fenceLocation,
                            "exercise '\(exercise.id)' is handed in as \(exercise.fileName), which exercise '\(earlier.exercise.id)' of \(earlier.lesson.file) is too: a student's \(exercise.fileName) on its own is graded only with --lessons naming one of the two; give it another id"
                        ))
                } else {
                    fileNames[exercise.fileName] = (lesson, exercise)
                }
            }
        }
        for lesson in lessons where reservedModules.contains(lesson.moduleName) || reservedModules.contains(lesson.testModuleName) {
            let location = lesson.frontMatterLocations["module"] ?? lesson.frontMatterLocations["id"] ?? SourceLocation(line: 1, column: 1)
            diagnostics.append(
                Diagnostic(
                    "course.lesson.reservedModule", file: lesson.file, at: location,
                    "the lesson's module would be named '\(lesson.moduleName)', which clashes with a module of the toolchain or the course; set 'module:' to another name"))
        }
        return diagnostics
    }
}
