import CourseToolchain
import Foundation

/// Runs each lesson's figure code at build time and returns the SVG it draws.
///
/// A lesson's figures are compiled together with its reference module and the support library
/// (whose `SVGPlot` they return), run once, and cached by the hash of everything they are made
/// from: an unchanged figure costs a file read.
package struct FigureRenderer {
    let course: Course
    let compiler: SwiftCompiler
    let cacheDirectory: URL
    package var progress: (String) -> Void = { _ in }

    package init(course: Course, compiler: SwiftCompiler, cacheDirectory: URL) {
        self.course = course
        self.compiler = compiler
        self.cacheDirectory = cacheDirectory
    }

    /// SVG by `lessonId/figureId`, for every figure of every lesson.
    package func render() throws -> [String: String] {
        var figures: [String: String] = [:]
        let withFigures = course.lessons.filter { !$0.figures.isEmpty }
        guard !withFigures.isEmpty else { return [:] }
        guard !course.engineSources.isEmpty else {
            throw CourseError.toolFailed("figures need the support library (Sources/\(EngineModule.name)), which this course does not have")
        }
        // Release builds: figure code often trains a small network, which takes minutes without
        // optimization and a second or two with it; the compile costs a few seconds more, once.
        // `-assert-config Debug`: an optimized build traps on a failed precondition without a
        // word; with it, the failure says which precondition and where, at the same speed.
        var compiler = compiler
        compiler.flags = SwiftCompiler.releaseFlags + ["-assert-config", "Debug"]
        let release = compiler
        // The support library once, by whichever lesson needs it first; then the lessons side by
        // side, one per core: each compiles and runs on its own (a cold site built in about half
        // the time on 2 cores).
        let engine = BuildOnce { try LessonBuilder.buildEngine(course, compiler: release, always: true) }
        let progressLock = NSLock()
        let drawings = try withFigures.parallelMap(width: ProcessInfo.processInfo.activeProcessorCount) { lesson in
            let key = Self.cacheKey(lesson, engine: course.engineSources)
            let drawing = try BuildCache.folder("\(lesson.meta.id)-\(key)", in: cacheDirectory) { building in
                guard let engine = try engine.value() else { throw CourseError.toolFailed("figures need the support library") }
                try draw(lesson, in: building, engine: engine, compiler: release)
            }
            // As each lesson is done (in the order they finish): a cold build shows it moves.
            if drawing.built {
                progressLock.withLock { progress("\(lesson.file): drew \(lesson.figures.count) figure\(lesson.figures.count == 1 ? "" : "s")") }
            }
            return drawing.folder
        }
        for (lesson, folder) in zip(withFigures, drawings) {
            for figure in lesson.figures {
                figures[Self.key(lesson, figure.id)] = try String(contentsOf: folder.appendingPathComponent("\(figure.id).svg"), encoding: .utf8)
            }
        }
        return figures
    }

    /// Compiles the lesson's reference module and figure code into `folder` and writes each SVG there.
    private func draw(_ lesson: Lesson, in folder: URL, engine: (name: String, folder: URL), compiler: SwiftCompiler) throws {
        let builder = SwiftSourceBuilder(lesson: lesson)
        var files = Dictionary(uniqueKeysWithValues: builder.referenceModule().map { ("module/\($0.key)", $0.value) })
        files["runner/main.swift"] = mainSource(lesson)
        try FileTree(files).write(to: folder, removingStale: false)
        var libraries = [engine]
        let supportFlags = lesson.supportImportFlags
        if let compiled = try lesson.compileSupportModule(in: folder, compiler: compiler, libraries: [engine]) {
            guard compiled.result.succeeded else {
                throw CourseError.toolFailed("the support code of \(lesson.file) does not compile:\n\(compiled.result.output)")
            }
            libraries.insert(compiled.library, at: 0)
        }
        let modules = folder.appendingPathComponent("modules")
        let moduleSources = files.keys.filter { $0.hasPrefix("module/") }.sorted()
        let module = try compiler.compileModule(
            lesson.moduleName, sources: moduleSources, workingDirectory: folder,
            output: modules, linking: libraries, extraFlags: supportFlags)
        guard module.succeeded else { throw CourseError.toolFailed("the reference code of \(lesson.file) does not compile:\n\(module.output)") }
        let runner = folder.appendingPathComponent("draw")
        let linked = try compiler.compileRunner(
            "Figures", against: lesson.moduleName, sources: ["runner/main.swift"], modules: modules,
            workingDirectory: folder, output: runner, linking: libraries, extraFlags: supportFlags)
        guard linked.succeeded else {
            // A figure's body runs in a function that does not throw.
            let hint =
                linked.output.contains("errors thrown from here are not handled")
                ? "\na figure's code may not throw: handle the error inside it (`do`/`catch`, or `try?` with a fallback)" : ""
            throw CourseError.toolFailed("the figures of \(lesson.file) do not compile:\n\(linked.output)\(hint)")
        }
        let ran = try ProcessRunner.run(runner.path, [folder.path], in: folder, environment: ["SWIFT_BACKTRACE": "enable=no"], timeout: 300)
        guard ran.status == 0, !ran.timedOut else {
            // The runtime's stack trace names addresses, not lesson lines: the message is what helps,
            // and the last figure the runner announced is the one that failed (a trap in the
            // standard library names no lesson line).
            let lines = ran.output.components(separatedBy: "Current stack trace:")[0].split(separator: "\n", omittingEmptySubsequences: false)
            let started = lines.last { $0.hasPrefix(Self.startMarker) }?.dropFirst(Self.startMarker.count).split(separator: " ")
            let message = ran.timedOut ? "no figure within 300 s" : lines.filter { !$0.hasPrefix(Self.startMarker) }.joined(separator: "\n")
            let output = LessonFileIDs.readable(String(message.suffix(2000)), lessonFile: lesson.file).trimmingCharacters(in: .whitespacesAndNewlines)
            let which = started.map { "figure '\($0.first ?? "")' (its block starts at \(lesson.file):\($0.last ?? ""))" } ?? "the figures of \(lesson.file)"
            throw CourseError.toolFailed(
                "drawing \(which) failed:\n"
                    + (output.isEmpty ? "the figure code stopped (signal \(ran.signal ?? 0)) without a message" : output))
        }
    }

    /// One function per figure, mapped to the lesson's lines, and a main that writes each SVG.
    private func mainSource(_ lesson: Lesson) -> String {
        var out = "import Foundation\nimport \(EngineModule.name)\n@testable import \(lesson.moduleName)\n\n"
        for figure in lesson.figures {
            out += "func \(Self.functionName(figure.id))() -> any SVGFigure {\n"
            out += "#sourceLocation(file: \"\(lesson.file)\", line: \(figure.snippet.firstLine))\n"
            out += figure.snippet.code + (figure.snippet.code.hasSuffix("\n") ? "" : "\n")
            out += "#sourceLocation()\n}\n\n"
        }
        out += "let folder = CommandLine.arguments[1]\n"
        for figure in lesson.figures {
            out += "FileHandle.standardError.write(Data(\"\(Self.startMarker)\(figure.id) \(figure.snippet.fenceLocation.line)\\n\".utf8))\n"
            out += "try! \(Self.functionName(figure.id))().render().write(toFile: folder + \"/\(figure.id).svg\", atomically: true, encoding: .utf8)\n"
        }
        return out
    }

    /// What the runner writes to stderr before it draws a figure: the figure's id and its fence's line.
    static let startMarker = "course-figure: "

    /// Figure ids are unique within a lesson, not across the course.
    static func key(_ lesson: Lesson, _ id: String) -> String { "\(lesson.meta.id)/\(id)" }

    static func functionName(_ id: String) -> String { "figure" + SwiftName.typeName(fromSlug: id) }

    /// The compiler and this tool's version of the drawing code belong to a figure's identity too.
    static var compilerKey: String { (ProcessRunner.which("swiftc") ?? "") + "figure-runner-release-v5-support-module" }

    /// What a figure's drawing depends on: its code, the lesson's reference module and support
    /// code, the support library and the compiler. Not where they stand in the lesson: the `#sourceLocation` lines
    /// only place error messages, so prose added above a figure does not redraw it.
    static func cacheKey(_ lesson: Lesson, engine: [String: String]) -> String {
        var key = lesson.figures.map { "\($0.id)\n\($0.snippet.code)\n" }.joined() + compilerKey
        key += SwiftSourceBuilder(lesson: lesson).referenceModule().sorted { $0.key < $1.key }
            .map { $0.key + $0.value.withoutSourceLocationDirectives }.joined()
        key += SwiftSourceBuilder(lesson: lesson).supportModule(mapped: true).map(\.withoutSourceLocationDirectives) ?? ""
        key += engine.sorted { $0.key < $1.key }.map { $0.key + $0.value }.joined()
        return BuildCache.hash(key)
    }

}
