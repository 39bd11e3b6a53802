import CourseToolchain
import Foundation
import HandinRules

/// Grades submissions against the grader bundle that `course generate` writes.
///
/// Per lesson: the student's exercise files (stubs for any left out) and the lesson's support
/// code are compiled into the lesson module with `swiftc`; the hidden tests are compiled into a
/// runner that links it; each hidden test then runs in its own sandboxed process, and its verdict
/// comes from the runner's result file only. The student's module never sees the reference
/// solutions: they are not on its search path and not inside the sandbox.
public struct Grader {
    public let bundle: URL
    public let manifest: GraderBundleManifest
    public let compiler: SwiftCompiler
    public let workDirectory: URL
    /// `nil` runs tests unsandboxed (trusted code only).
    public var sandbox: Sandbox?
    public var testTimeout: TimeInterval = 10
    /// Whether code is admitted by its parse and object file first (off only in tests that attack
    /// the layers behind admission).
    package var admitsSubmissions = true
    /// Whether to time benchmarks (release builds; the slow part of grading).
    public var runBenchmarks = true
    /// Test processes at once (fewer when several submissions are graded side by side).
    public var testConcurrency = ProcessInfo.processInfo.activeProcessorCount
    /// Extra timings of each benchmark, to see how reliably a threshold separates (instructors).
    public var benchmarkTrials = 1
    /// The time a lesson's second builds under the slips rule may take together (one compile of
    /// a lesson takes seconds; each second build is also held to the compiler's own limit).
    var secondBuildsSeconds: TimeInterval = 120
    /// Where release builds of the reference side are kept between runs.
    public var cacheDirectory: URL
    /// Where the support library's build is kept (`EngineBuild`); a course root's is shared with
    /// `course check` and the figures, which compile the same library with the same flags.
    public var engineCacheDirectory: URL?
    public var progress: (String) -> Void = { _ in }

    public init(bundle: URL, compiler: SwiftCompiler, workDirectory: URL, sandbox: Sandbox?) throws {
        self.bundle = bundle
        self.manifest = try GraderBundleManifest.read(bundle: bundle)
        self.compiler = compiler
        self.workDirectory = workDirectory
        self.sandbox = sandbox
        self.cacheDirectory = bundle.appendingPathComponent(".cache")
    }

    /// Grades the lessons the submission contains (or only `lessonIDs`, when given).
    public func grade(_ submission: Submission, lessonIDs: [String] = []) throws -> GradeReport {
        let matcher = SubmissionMatcher(manifest: manifest, submission: submission, lessons: lessonIDs)
        let chosen = try matcher.lessonsToGrade(asked: lessonIDs)
        try? FileManager.default.removeItem(at: workDirectory)
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        DriverPlan.keepPlans(in: cacheDirectory)
        // One release build serves hidden tests and benchmarks alike, so code cannot behave one
        // way under test and another when timed (`_isDebugAssertConfiguration()` and the like).
        let engine = try buildEngine(if: chosen.contains(where: \.usesEngine))
        let harness = try buildHarness()
        // Lessons compile and run their tests side by side; benchmarks are timed afterwards (each
        // lesson on a CPU of its own), so that no compile of this grading competes with a timing.
        // Lessons with new code (to admit and compile) start first, the biggest of them first, so
        // that no big compile is left running alone at the end; lessons graded before in exactly
        // this form (a resubmission's untouched ones) are linked from the cache and fill the gaps.
        let matches = chosen.map { matcher.match(for: $0) }
        let files = matches.map(\.files)
        let size = files.map { $0.values.reduce(0) { $0 + $1.utf8.count } }
        let seenBefore = chosen.indices.map { admittedBefore(studentFiles(chosen[$0], files[$0]), chosen[$0]) }
        let order = chosen.indices.sorted { (seenBefore[$0] ? 1 : 0, size[$1]) < (seenBefore[$1] ? 1 : 0, size[$0]) }
        var tested = try Array(chosen.indices).parallelMap(width: testConcurrency, startingIn: order) { index in
            let artifacts = try LessonArtifacts.prepare(
                chosen[index], bundle: bundle, compiler: compiler, engine: engine, harness: harness,
                cacheDirectory: cacheDirectory)
            var lessonFiles = files[index]
            var tested = try gradeTests(chosen[index], files: lessonFiles, engine: engine, harness: harness, artifacts: artifacts)
            if let graded = try gradingFilesThatDoNotCompileAsStubs(
                tested, chosen[index], files: lessonFiles, engine: engine, harness: harness, artifacts: artifacts)
            {
                (tested, lessonFiles) = graded
            }
            return try chargingSlipsOnce(tested, chosen[index], files: lessonFiles, engine: engine, harness: harness, artifacts: artifacts)
        }
        // Benchmarks are timed once every compile is done: lessons side by side, each on a CPU of
        // its own, its student and reference runs interleaved there (a ratio compares two runs on
        // one CPU only, as in a batch, where each worker has one).
        let timed = order.filter { runBenchmarks && !chosen[$0].benchmarks.isEmpty && tested[$0].testsRan }
        let cpus = Self.benchmarkCPUs(sandbox: sandbox, allowed: AllowedCPUs.list)
        let pool = CPUPool(cpus)
        let untimed = tested
        let timedGrades = timed.parallelMap(width: max(1, cpus.count)) { index -> GradeReport.LessonGrade in
            let cpu = cpus.isEmpty ? nil : pool.acquire()
            defer { if let cpu { pool.release(cpu) } }
            var grade = untimed[index].grade
            timeBenchmarks(
                chosen[index], into: &grade, runner: untimed[index].benchmarkRunner,
                reference: untimed[index].referenceRunner, cpu: cpu, regraded: untimed[index].regraded)
            return grade
        }
        for (index, grade) in zip(timed, timedGrades) { tested[index].grade = grade }
        var report = GradeReport(submission: submission.name, lessons: [])
        for (index, (lesson, result)) in zip(chosen, tested).enumerated() {
            var grade = result.grade
            grade.fileNotes = matches[index].notes + grade.fileNotes
            report.lessons.append(grade)
            progress("\(lesson.id): \(GradeReport.points(grade.score)) / \(GradeReport.points(grade.maxScore))")
        }
        return report
    }

    /// Builds, for every lesson, what grading needs that no submission changes (the support
    /// library, the prebuilt tests and the reference side); returns the number of lessons.
    public func prebuild() throws -> Int {
        DriverPlan.keepPlans(in: cacheDirectory)
        for flags in [SwiftCompiler.debugFlags, BenchmarkGrader.releaseFlags] {
            var planner = compiler
            planner.flags = flags
            planner.planDirectCommands(extraFlags: LessonArtifacts.moduleFlags)
        }
        let engine = try buildEngine(if: manifest.lessons.contains(where: \.usesEngine))
        let harness = try buildHarness()
        _ = try manifest.lessons.parallelMap(width: testConcurrency) { lesson in
            try LessonArtifacts.prepare(
                lesson, bundle: bundle, compiler: compiler, engine: engine, harness: harness, cacheDirectory: cacheDirectory)
        }
        return manifest.lessons.count
    }

    /// The support library, compiled once per content and compiler (it does not depend on the
    /// submission). Optimised, like the benchmarks' builds: a student's shape mismatch stops with
    /// the library's message all the same (`EngineBuild`), and the kernels lose nothing.
    private func buildEngine(if needed: Bool) throws -> (name: String, folder: URL)? {
        guard needed else { return nil }
        let sources = try FileTree.swiftFiles(in: bundle.appendingPathComponent("engine"))
        return try EngineBuild.cached(sources: sources, compiler: compiler, in: engineCacheDirectory ?? cacheDirectory)
    }

    /// The test harness every runner links (`HarnessModule`), from the bundle's copy of its
    /// source, compiled once per content and compiler; shared with `course check` when the flags agree.
    private func buildHarness() throws -> (name: String, folder: URL) {
        let source = try String(contentsOf: bundle.appendingPathComponent(HarnessSource.fileName), encoding: .utf8)
        return try HarnessModule.cached(source: source, compiler: compiler, in: engineCacheDirectory ?? cacheDirectory)
    }

    /// A lesson after its hidden tests ran: the grade so far, and the benchmark runner when some
    /// exercise with a benchmark passed its tests (`nil` when that runner did not build).
    struct TestedLesson {
        var grade: GradeReport.LessonGrade
        var testsRan = false
        /// The linked test runner, when the tests ran (the slips rule runs some again).
        var testRunner: URL?
        /// Whether the student's module did not compile (not: was refused).
        var compileFailed = false
        var benchmarkRunner: URL?
        var referenceRunner: URL?
        /// Exercises whose tests passed only with the reference's code for other exercises
        /// (`chargingSlipsOnce`), each with those exercises and its benchmark runner of that build.
        var regraded: [String: RegradedExercise] = [:]
    }

    func gradeTests(
        _ lesson: GraderBundleManifest.LessonEntry, files: [String: String],
        engine: (name: String, folder: URL)?, harness: (name: String, folder: URL), artifacts: LessonArtifacts,
        workFolder: String? = nil, only: SecondBuild? = nil
    ) throws -> TestedLesson {
        let source = bundle.appendingPathComponent("lessons/\(lesson.id)")
        let work = workDirectory.appendingPathComponent(workFolder ?? lesson.id)
        var grade = GradeReport.LessonGrade(
            id: lesson.id, title: lesson.title, compileErrors: nil, apiErrors: [],
            missingFiles: [], exercises: [])
        grade.visibility = lesson.visibility

        // The module: the student's files where given, stubs elsewhere, and the lesson's support code.
        let studentFiles = studentFiles(lesson, files)
        var moduleFiles = studentFiles
        for path in lesson.editableFiles where files[path] == nil {
            grade.missingFiles.append(path)
            let stub = source.appendingPathComponent("stub/\(URL(fileURLWithPath: path).lastPathComponent)")
            moduleFiles["stubs/" + path] = try String(contentsOf: stub, encoding: .utf8)
        }
        let violations = admitsSubmissions ? try sourceViolations(studentFiles, lesson) : []
        // Code the parser could not read is refused once it compiles; until then the compiler's
        // messages (a typo) say more than "cannot read".
        let unparsed = violations.filter(\.isUnparsed)
        if violations.count > unparsed.count {
            grade.compileErrors = violations.map(\.description).joined(separator: "\n")
            grade.exercises = scored(
                lesson, verdicts: [:], status: .notCompiled, message: GradeReport.LessonGrade.refusedDeclaration, at: grade.firstPlace)
            return TestedLesson(grade: grade)
        }
        // The line that re-exports the support module, from the bundle: the support code itself is
        // a module of its own, compiled once per lesson (`LessonSupportModule`), so nothing the
        // submission declares changes what a name in it means.
        let supportImport = source.appendingPathComponent("reference/\(LessonSupportModule.fileName)")
        if let text = try? String(contentsOf: supportImport, encoding: .utf8) { moduleFiles["support/\(LessonSupportModule.fileName)"] = text }
        try FileTree(moduleFiles).write(to: work, removingStale: false)

        // The support module first: it calls the engine.
        let libraries = [artifacts.support].compactMap { $0 } + (lesson.usesEngine ? [engine].compactMap { $0 } : [])
        // With benchmarks, one release build serves tests and timings alike. Without them nothing
        // is timed, so the build that compiles fastest will do (about half the time of -O).
        var moduleCompiler = compiler
        moduleCompiler.flags = runBenchmarks ? BenchmarkGrader.releaseFlags : SwiftCompiler.debugFlags
        let checksMemory = admitsSubmissions && !(lesson.allows ?? []).contains("unsafe-pointers")
        let student = StudentModule(
            name: lesson.module, sources: moduleFiles.keys.sorted(), work: work,
            compiler: moduleCompiler, libraries: libraries, support: artifacts.support?.name,
            memoryChecked: checksMemory ? Set(studentFiles.keys) : [])
        let module = try student.compileObject(cache: cacheDirectory.appendingPathComponent("students"))
        if !student.unsafeConstructs.isEmpty {
            grade.compileErrors = student.unsafeConstructs.joined(separator: "\n")
            grade.exercises = scored(lesson, verdicts: [:], status: .notCompiled, message: GradeReport.LessonGrade.refusedUse, at: grade.firstPlace)
            return TestedLesson(grade: grade)
        }
        if !module.result.succeeded {
            grade.compileErrors = SwiftCompiler.droppingLibraryEvolutionWarnings(module.result.output).trimmingCharacters(in: .whitespacesAndNewlines)
            grade.exercises = scored(lesson, verdicts: [:], status: .notCompiled, message: "your code for this lesson does not compile", at: grade.firstPlace)
            return TestedLesson(grade: grade, compileFailed: true)
        }
        if !unparsed.isEmpty {
            grade.compileErrors = unparsed.map(\.description).joined(separator: "\n")
            grade.exercises = scored(
                lesson, verdicts: [:], status: .notCompiled, message: GradeReport.LessonGrade.refusedDeclaration, at: grade.firstPlace)
            return TestedLesson(grade: grade)
        }
        // Admitted by what it compiled to: no load-time code, no definition outside its own
        // namespace, no call outside the allow-list (the source's spelling does not matter here).
        var refused: [String] = []
        if admitsSubmissions {
            do {
                var admission = try ObjectAdmission(module: lesson.module, libraries: libraries.map(\.name), trusted: [])
                admission.supportModule = artifacts.support?.name
                admission.libraryNames = Set(lesson.libraryNames ?? [])
                admission.allowedCategories = Set((lesson.allows ?? []).compactMap { AdmissionLists.optIns[$0] })
                admission.refusedLibraryDeclarations = lesson.refuses ?? []
                refused = try admission.violations(in: student.object)
                if !admission.refusedLibraryDeclarations.isEmpty && student.compiler.flags != SwiftCompiler.debugFlags {
                    refused = Array(Set(refused + (try unoptimisedViolations(of: student, admission: admission, work: work)))).sorted()
                }
            } catch {
                refused = ["the compiled module could not be read: \(error.localizedDescription)"]
            }
        }
        if !refused.isEmpty {
            // Symbols carry no line: each message names the place in the student's files it most likely comes from.
            grade.compileErrors = ObjectRefusalLocator.located(refused, in: studentFiles).joined(separator: "\n")
            grade.exercises = scored(lesson, verdicts: [:], status: .notCompiled, message: GradeReport.LessonGrade.refusedUse, at: grade.firstPlace)
            return TestedLesson(grade: grade)
        }
        let runner = work.appendingPathComponent("runner")
        // The harness is linked into the runner, never offered to the student's module (`libraries`).
        if let apiErrors = try linkTestRunner(
            lesson, at: runner, artifacts: artifacts, student: student, work: work, libraries: libraries, harness: harness)
        {
            grade.apiErrors = apiErrors
            grade.exercises = scored(
                lesson, verdicts: [:], status: .notCompiled,
                message: "the tests could not call your code: check names and signatures against the exercise")
            return TestedLesson(grade: grade)
        }
        let names = lesson.exercises.flatMap { $0.items.filter { $0.kind == .test }.map(\.name) }.filter { only?.tests.contains($0) ?? true }
        let (verdicts, seconds) = try runTests(names, runner: runner, lesson: lesson, artifacts: artifacts)
        grade.exercises = scored(lesson, verdicts: verdicts, seconds: seconds, status: .notRun, message: "")
        // The benchmark runner is linked now, beside other lessons' work; only the timing waits.
        // A student's declarations can make the workload's calls ambiguous: that costs the
        // benchmarks, not the whole submission, and the compiler output (which quotes the workload)
        // is not shown.
        var benchmarkRunner: URL?
        let benchmarked = only.map { only in lesson.benchmarks.contains { $0.exercise == only.exercise } } ?? grade.exercises.contains(where: Self.benchmarkMayCount)
        if runBenchmarks && !lesson.benchmarks.isEmpty && benchmarked {
            let timer = BenchmarkGrader(bundle: bundle, lesson: lesson, compiler: compiler, sandbox: sandbox)
            benchmarkRunner = try? timer.buildRunner(artifacts: artifacts, student: student, work: work)
        }
        return TestedLesson(
            grade: grade, testsRan: true, testRunner: runner, benchmarkRunner: benchmarkRunner,
            referenceRunner: artifacts.referenceBenchRunner)
    }

    /// Runs `names` with a linked test runner, each test in its own sandboxed process, and
    /// judges each from what it observed and the reference's witness.
    func runTests(
        _ names: [String], runner: URL, lesson: GraderBundleManifest.LessonEntry, artifacts: LessonArtifacts
    ) throws -> (verdicts: [String: TestVerdict], seconds: [String: Double]) {
        var runnerTool = TestRunner(executable: runner, module: lesson.module + "Tests")
        runnerTool.sandbox = sandbox
        runnerTool.timeout = testTimeout
        runnerTool.concurrency = testConcurrency
        // Verdicts are decided here, from what each test observed and the reference's witness.
        var judge = try Judge(sitesFile: bundle.appendingPathComponent("lessons/\(lesson.id)/tests/sites.json"))
        judge.sandboxed = sandbox != nil
        judge.revealsExpected = lesson.feedback == .values
        let witnesses = try artifacts.witnesses()
        var verdicts: [String: TestVerdict] = [:]
        var seconds: [String: Double] = [:]
        for run in try runnerTool.run(names) {
            guard let witness = witnesses[run.name] else { throw CourseError.toolFailed("the grader bundle has no witness for \(run.name); run `course generate`") }
            verdicts[run.name] = judge.verdict(run, witness: witness, blind: true)
            seconds[run.name] = run.seconds
        }
        return (verdicts, seconds)
    }

    /// The student's files of `lesson`, by their path in the lesson module's folder.
    private func studentFiles(_ lesson: GraderBundleManifest.LessonEntry, _ files: [String: String]) -> [String: String] {
        var given: [String: String] = [:]
        for path in lesson.editableFiles { if let text = files[path] { given["exercises/" + path] = text } }
        return given
    }

    /// A benchmark counts only once every hidden test of its exercise passed.
    static func benchmarkMayCount(_ exercise: GradeReport.ExerciseGrade) -> Bool {
        exercise.items.contains { $0.kind == .benchmark } && exercise.items.filter { $0.kind == .test }.allSatisfy { $0.status == .passed }
    }

    /// Links the prebuilt hidden tests with the student's module; when that fails (an API that
    /// differs from the exercise's) or the lesson has no prebuilt tests, compiles the tests against
    /// the student's module instead, which also names what is missing. `nil` when a runner exists.
    private func linkTestRunner(
        _ lesson: GraderBundleManifest.LessonEntry, at runner: URL, artifacts: LessonArtifacts,
        student: StudentModule, work: URL, libraries: [(name: String, folder: URL)], harness: (name: String, folder: URL)
    ) throws -> [String]? {
        if let tests = artifacts.testsObject,
            try student.link(with: tests, role: "test-runner", libraries: libraries + [harness], compiler: compiler, output: runner, in: work)
        {
            return nil
        }
        guard let modules = try student.interface() else { return ["the tests could not be compiled against this code"] }
        let source = bundle.appendingPathComponent("lessons/\(lesson.id)")
        var testFiles = [
            "tests/HiddenTests.swift": try String(contentsOf: source.appendingPathComponent("tests/HiddenTests.swift"), encoding: .utf8),
            "tests/main.swift": try String(contentsOf: source.appendingPathComponent("tests/main.swift"), encoding: .utf8),
            "tests/\(HarnessModule.importFile.name)": HarnessModule.importFile.text
        ]
        if lesson.usesEngine {
            let file = ObservationSource.engineFileName
            testFiles["tests/\(file)"] = try String(contentsOf: bundle.appendingPathComponent(file), encoding: .utf8)
        }
        try FileTree(testFiles).write(to: work, removingStale: false)
        let objectFolder = work.appendingPathComponent("tests-against-submission")
        let compiled = try compiler.compileObject(
            lesson.module + "Tests", sources: testFiles.keys.sorted(), workingDirectory: work, output: objectFolder,
            importing: [modules] + libraries.map(\.folder) + [harness.folder], extraFlags: student.supportFlags)
        // Only the compiler's messages: the hidden tests' file, lines and code stay hidden.
        guard compiled.succeeded else { return HiddenTestCompileErrors.messages(in: compiled.output) }
        // Compiled against the student's module, a test could call the student's own `Array`
        // subscript or `tanh` in place of the standard one: it may only use names the reference has.
        let object = objectFolder.appendingPathComponent("\(lesson.module)Tests.o")
        let admission = try CompiledTestAdmission(module: lesson.module, referenceSymbolList: artifacts.referenceSymbols)
        let borrowed = try admission.violations(in: object)
        if !borrowed.isEmpty {
            return [
                "the hidden tests need the exercise's declarations exactly as its stub declares them, and this code gives them "
                    + borrowed.joined(separator: "; ") + ": keep the stub's names, parameters and types, and add no overloads of them"
            ]
        }
        let linked = try compiler.link(objects: [object], libraries: [(lesson.module, modules)] + libraries + [harness], output: runner, in: work)
        return linked.succeeded ? nil : ["the tests could not be linked with this code"]
    }

    /// Points per item from the verdicts; items without a verdict get `status` and `message`.
    private func scored(
        _ lesson: GraderBundleManifest.LessonEntry, verdicts: [String: TestVerdict], seconds: [String: Double] = [:],
        status: GradeReport.ItemGrade.Status, message: String, at place: String? = nil
    ) -> [GradeReport.ExerciseGrade] {
        let feedback = lesson.feedback ?? .messages
        // Each test says where the lesson's first error or refusal is: a student reading one test's
        // output (Gradescope shows tests one by one) learns which line to change.
        let messages = [message] + (place.map { ["first at \($0); the lesson's message says why"] } ?? [])
        return lesson.exercises.map { exercise in
            GradeReport.ExerciseGrade(
                id: exercise.id,
                items: exercise.items.map { item in
                    if item.kind == .benchmark {
                        // With benchmarks off a benchmark is never timed, so it counts toward no
                        // total, also in a lesson that did not compile.
                        let benchmarkStatus = runBenchmarks ? status : .notRun
                        let notTimed = benchmarkStatus == .notRun ? "not timed (grading ran with benchmarks off)" : message
                        return .init(
                            name: item.name, kind: .benchmark, status: benchmarkStatus, score: 0, maxScore: item.points, messages: [notTimed])
                    }
                    guard let verdict = verdicts[item.name] else {
                        return .init(name: item.name, kind: .test, status: status, score: 0, maxScore: item.points, messages: messages)
                    }
                    let itemStatus: GradeReport.ItemGrade.Status
                    switch feedback.shownStatus(verdict.status) {
                    case .passed: itemStatus = .passed
                    case .failed: itemStatus = .failed
                    case .crashed: itemStatus = .crashed
                    case .timedOut: itemStatus = .timedOut
                    }
                    return .init(
                        name: item.name, kind: .test, status: itemStatus, score: itemStatus == .passed ? item.points : 0,
                        maxScore: item.points, messages: Self.studentMessages(feedback.shown(verdict)),
                        seconds: feedback.showsTimes ? seconds[item.name] : nil)
                })
        }
    }

    /// Assertion messages with the hidden test's location removed (`lessons/x.md:57: ` prefixes).
    static func studentMessages(_ messages: [String]) -> [String] {
        messages.map { message in
            guard message.hasPrefix("lessons/"), let colon = message.range(of: ": ", options: [], range: message.startIndex..<message.endIndex) else {
                return message
            }
            return String(message[colon.upperBound...])
        }
    }
}
