import CourseGrading
import CourseToolchain
import Foundation
import HandinRules

/// The reference solution, handed in as a submission, must pass the grader's admission rules:
/// the grader refuses a student's whole module for one refused call. A solution that imports
/// Dispatch in a lesson that does not allow threads passes every test in `course check` and
/// would score every student 0. The support code is a module of its own (`LessonSupportModule`),
/// trusted like the course's library, except that it may not use what the lesson refuses:
/// students could call that through it.
enum ReferenceAdmissionCheck {
    /// Why the grader would refuse the reference: its exercise files by the source rules (at the
    /// lesson's lines), its compiled module (`lib<Module>.a` from `LessonBuilder`) by the object
    /// rules; and the support module (`support`, its `lib<Name>.a`) for a refused declaration it uses.
    static func refusals(_ lesson: Lesson, libraryNames: Set<String>, library: URL, support: URL?, scratch: URL) -> [String] {
        let admission = SourceAdmission.standard(
            usesEngine: lesson.usesEngine, allows: Set(lesson.meta.allows), libraryNames: libraryNames,
            supportModule: lesson.support.isEmpty ? nil : lesson.supportModuleName)
        var files: [String: String] = [:]
        var exercises: [String: Exercise] = [:]
        for (path, exercise) in zip(ExercisePackageWriter.editableFiles(of: lesson), lesson.exercises) {
            files[path] = SwiftSourceBuilder.foundationImport(for: exercise.snippet) + exercise.solutionCode
            exercises[path] = exercise
        }
        let sourceRefusals = admission.violations(in: files).map { violation -> String in
            guard let exercise = exercises[violation.path] else { return "\(lesson.file): \(violation.message)" }
            let added = SwiftSourceBuilder.foundationImport(for: exercise.snippet).filter { $0 == "\n" }.count
            let line = exercise.snippet.firstLine + violation.line - 1 - added
            return "\(lesson.file):\(line):\(exercise.snippet.indent + violation.column): \(violation.message)"
        }
        guard sourceRefusals.isEmpty else { return sourceRefusals }
        let engine = lesson.usesEngine ? [EngineModule.name] : []
        do {
            let object = try extractedObject(library, into: scratch)
            var rules = try ObjectAdmission(
                module: lesson.moduleName, libraries: (support == nil ? [] : [lesson.supportModuleName]) + engine, trusted: [])
            rules.libraryNames = libraryNames
            rules.supportModule = support == nil ? nil : lesson.supportModuleName
            rules.allowedCategories = Set(lesson.meta.allows.compactMap { AdmissionLists.optIns[$0] })
            rules.refusedLibraryDeclarations = lesson.meta.refuses
            var refusals = try rules.violations(in: object).map { "\(lesson.file): the module of solutions \($0)" + authorHint(for: $0) }
            if let support, !lesson.meta.refuses.isEmpty {
                let supportObject = try extractedObject(support, into: scratch.appendingPathComponent("support"))
                var supportRules = try ObjectAdmission(module: lesson.supportModuleName, libraries: engine, trusted: [])
                supportRules.refusedLibraryDeclarations = lesson.meta.refuses
                refusals += try supportRules.refusedDeclarations(in: supportObject).map {
                    "\(lesson.file): the support code \($0): students could call it through the support code's public declarations"
                }
            }
            return refusals
        } catch {
            return ["\(lesson.file): the compiled reference module could not be read: \(error)"]
        }
    }

    /// What an author can do about a refused call: the front-matter opt-in for its category, and
    /// for C variadic arguments (`String(format:)`), why they count as pointers.
    static func authorHint(for refusal: String) -> String {
        if refusal.contains("CVarArg") || refusal.contains("CVaListPointer") {
            return
                "; C variadic arguments (`String(format:)`, `withVaList`) read any memory, so they count as pointers: format with string interpolation, or set `allow: [unsafe-pointers]`"
        }
        for (key, category) in AdmissionLists.optIns.sorted(by: { $0.key < $1.key }) where refusal.contains("(\(category))") {
            return "; `allow: [\(key)]` in the front matter lets lesson code use it"
        }
        return ""
    }

    /// The one object file of a `-wmo` static library.
    private static func extractedObject(_ library: URL, into folder: URL) throws -> URL {
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard let ar = ProcessRunner.which("ar") else { throw CourseError.toolFailed("ar (binutils) was not found on PATH") }
        let extracted = try ProcessRunner.run(ar, ["x", library.path], in: folder, timeout: 60)
        let objects = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".o") } ?? []
        guard extracted.status == 0, objects.count == 1 else {
            throw CourseError.toolFailed("\(library.lastPathComponent) holds \(objects.count) objects: \(extracted.output)")
        }
        return folder.appendingPathComponent(objects[0])
    }
}
