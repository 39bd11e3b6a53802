import CourseToolchain
import Foundation
import HandinRules

/// Compiles one lesson, as reference solution or as student stubs, together with its tests.
public struct LessonBuilder: Sendable {
    /// Which code fills the lesson's module.
    public enum Variant: String, Sendable { case reference, stub }

    public let lesson: Lesson
    public let compiler: SwiftCompiler
    /// A scratch folder of this lesson and variant; emptied first.
    public let workDirectory: URL

    /// The support library, compiled once per run, when the lesson imports it.
    public var engine: (name: String, folder: URL)?
    /// The test harness compiled once (`HarnessModule`), linked into every runner; without it the
    /// harness's source is compiled into each runner.
    public var harness: (name: String, folder: URL)?
    /// How the tests record the support library's values (`ObservationSource.engineText`).
    public var engineObservations = ""
    /// Files that replace the reference module's (`SwiftSourceBuilder.referenceModule()`), as
    /// mutation analysis compiles its mutant schemata.
    public var referenceFiles: [String: String]?

    public init(lesson: Lesson, compiler: SwiftCompiler, workDirectory: URL, engine: (name: String, folder: URL)? = nil) {
        self.lesson = lesson
        self.compiler = compiler
        self.workDirectory = workDirectory
        self.engine = engine
    }

    /// The course's support library as a static library and module, from the course's engine
    /// cache (`EngineBuild`), which grading shares; `nil` when no lesson uses it (unless `always`).
    public static func buildEngine(_ course: Course, compiler: SwiftCompiler, always: Bool = false) throws -> (name: String, folder: URL)? {
        guard !course.engineSources.isEmpty, always || course.lessons.contains(where: \.usesEngine) else { return nil }
        return try EngineBuild.cached(sources: course.engineSources, compiler: compiler, in: Workspace(root: course.root).engineCache)
    }

    /// A built runner, or the compiler output that explains why there is none.
    public struct Build: Sendable {
        public var runner: URL?
        /// Tests the runner holds, as `Class/testName`.
        public var tests: [String]
        /// The assertion sites of its tests (hidden and visible).
        public var sites: [AssertionSite] = []
        public var compilerOutput: String
        public var failedStep: String?

        /// The compiler's "expression took N ms to type-check" warnings, at lesson file:line; none
        /// when the code has errors, which make the type checker slow where they leave names
        /// unresolved (a missing import read as "split it into smaller statements").
        public var slowExpressions: [String] {
            guard !compilerOutput.contains(": error: ") else { return [] }
            return compilerOutput.split(separator: "\n").map(String.init)
                .filter { $0.contains(": warning: expression took ") && $0.contains("to type-check") }
        }
    }

    /// Type-checking time above which an expression of the reference is reported: graders compile
    /// it with every submission, and `course check` with every run.
    public static let slowExpressionMilliseconds = 500

    /// Why an exercise block may not find a name: it uses the support library without importing
    /// it (each block is a file of its own). Empty when every such error is elsewhere.
    static func missingImportNote(_ compilerOutput: String, lesson: Lesson, library: String) -> String {
        let unresolved = #/^lessons/[^:]+:(\d+):\d+: error: cannot find (type )?'[^']+' in scope/#
        let lines = compilerOutput.split(separator: "\n").compactMap { line in line.prefixMatch(of: unresolved).flatMap { Int($0.1) } }
        let blocks = lesson.exercises.filter { exercise in
            !exercise.snippet.code.contains("import \(library)")
                && lines.contains { $0 >= exercise.snippet.firstLine && $0 < exercise.snippet.firstLine + exercise.snippet.lines.count }
        }
        guard !blocks.isEmpty else { return "" }
        return "\nnote: " + blocks.map { "exercise '\($0.id)'" }.joined(separator: ", ")
            + " \(blocks.count == 1 ? "does" : "do") not import \(library): each exercise block is a file of its own, so one that uses the "
            + "support library starts with `import \(library)`\n"
    }

    /// Why support code that does not compile may not find a name: an exercise declares it, and
    /// the support module is compiled before the exercises. Empty when no such name is missing.
    static func exerciseNamesNote(_ compilerOutput: String, lesson: Lesson) -> String {
        let declared = SourceAdmission.fileLevelNames(in: lesson.exercises.map(\.solutionCode), publicOnly: false)
        let missing = declared.filter { compilerOutput.contains("cannot find '\($0)' in scope") || compilerOutput.contains("cannot find type '\($0)' in scope") }
        guard !missing.isEmpty else { return "" }
        return "\nnote: the support code is a module of its own, compiled before the exercises, so it cannot use "
            + missing.sorted().map { "'\($0)'" }.joined(separator: ", ")
            + ", which an exercise declares: declare it in the support code, or move the code that uses it into the exercise\n"
    }

    /// Writes the sources and compiles the module once, then one runner per form of the tests
    /// (in the order given; a form whose runner does not compile has no runner).
    public func build(_ variant: Variant, forms: [AssertionRewriter.Form]) throws -> [Build] {
        let fm = FileManager.default
        try? fm.removeItem(at: workDirectory)
        try fm.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        let builder = SwiftSourceBuilder(lesson: lesson)

        // Reference files carry #sourceLocation (errors point at the lesson); stub files are laid
        // out as in exercises/, so errors point at the file a student would edit.
        let moduleFiles: [String: String]
        switch variant {
        case .reference:
            moduleFiles = Dictionary(uniqueKeysWithValues: (referenceFiles ?? builder.referenceModule()).map { ("reference/\($0.key)", $0.value) })
        case .stub:
            moduleFiles = Dictionary(uniqueKeysWithValues: builder.stubModule().map { ("exercises/Sources/\(lesson.moduleName)/\($0.key)", $0.value) })
        }
        try FileTree(moduleFiles).write(to: workDirectory, removingStale: false)
        let smoke = variant == .reference
        var tests = lesson.tests.flatMap { block in block.testNames.map { "\(block.className)/\($0.name)" } }
        if smoke && !lesson.benchmarks.isEmpty { tests.append(CourseChecker.benchmarkSmokeTest) }

        let modules = workDirectory.appendingPathComponent("modules")
        var libraries = lesson.usesEngine ? [engine].compactMap { $0 } : []
        let timing =
            variant == .reference
            ? ["-Xfrontend", "-warn-long-expression-type-checking=\(Self.slowExpressionMilliseconds)"] : []
        var flags = SwiftCompiler.lessonModuleFlags + timing
        // The support code as the grader compiles it: a module of its own (`LessonSupportModule`).
        if let compiled = try lesson.compileSupportModule(in: workDirectory, compiler: compiler, libraries: libraries, extraFlags: timing) {
            guard compiled.result.succeeded else {
                let output = compiled.result.output + Self.exerciseNamesNote(compiled.result.output, lesson: lesson)
                return forms.map { _ in Build(runner: nil, tests: tests, compilerOutput: output, failedStep: "support module \(lesson.supportModuleName)") }
            }
            libraries.insert(compiled.library, at: 0)
            flags += lesson.supportImportFlags
        }
        var module = try compiler.compileModule(
            lesson.moduleName, sources: moduleFiles.keys.sorted(),
            workingDirectory: workDirectory, output: modules, linking: libraries, extraFlags: flags)
        module.output = SwiftCompiler.droppingLibraryEvolutionWarnings(module.output)
        guard module.succeeded else {
            let output = module.output + (lesson.usesEngine ? Self.missingImportNote(module.output, lesson: lesson, library: EngineModule.name) : "")
            return forms.map { _ in Build(runner: nil, tests: tests, compilerOutput: output, failedStep: "module \(lesson.moduleName)") }
        }
        return try forms.map { form in
            let folder = "tests-\(form)"
            let hidden = builder.judgedTests(hidden: true, form: form)
            let visible = builder.judgedTests(hidden: false, form: form)
            var testFiles: [String: String] = [
                "\(folder)/VisibleTests.swift": visible.code,
                "\(folder)/HiddenTests.swift": hidden.code,
                "\(folder)/Benchmarks.swift": builder.benchmarks(),
                "\(folder)/main.swift": builder.runnerMain(hidden: true, visible: true, benchmarkSmokeTests: smoke)
            ]
            if harness == nil {
                testFiles["\(folder)/\(HarnessSource.fileName)"] = HarnessSource.text
            } else {
                testFiles["\(folder)/\(HarnessModule.importFile.name)"] = HarnessModule.importFile.text
            }
            if lesson.usesEngine { testFiles["\(folder)/\(ObservationSource.engineFileName)"] = engineObservations }
            try FileTree(testFiles).write(to: workDirectory, removingStale: false)
            let runner = workDirectory.appendingPathComponent("runner-\(form)")
            let tested = try compiler.compileRunner(
                lesson.testModuleName, against: lesson.moduleName,
                sources: testFiles.keys.sorted(), modules: modules,
                workingDirectory: workDirectory, output: runner, linking: libraries + [harness].compactMap { $0 },
                extraFlags: lesson.supportImportFlags)
            guard tested.succeeded else {
                // Errors only: the warnings were mostly about this tool's own files (the engine's
                // observation conformances), about 30 lines of them before the author's error.
                return Build(
                    runner: nil, tests: tests, compilerOutput: SwiftCompiler.keepingErrors(tested.output), failedStep: "tests of \(lesson.moduleName)")
            }
            return Build(
                runner: runner, tests: tests, sites: hidden.sites + visible.sites,
                compilerOutput: module.output + tested.output, failedStep: nil)
        }
    }
}
