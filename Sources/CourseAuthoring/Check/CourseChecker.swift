import CourseToolchain
import Foundation

/// The instructor's QA, like nbgrader's validate: solutions pass every test, stubs compile and fail
/// at least one test per exercise, and nothing hidden is in the student package.
public struct CourseChecker {
    public let course: Course
    public let compiler: SwiftCompiler
    public let workDirectory: URL
    /// What each lesson's reference may not declare again (`Course.libraryNames`), by lesson id.
    private let libraryNames: [String: Set<String>]
    /// Check only these lesson ids (all when empty); leaks are looked for with the whole course in
    /// view, since `exercises/` holds every lesson's visible code.
    public var lessonIDs: [String] = []
    /// Called with a line of progress as each step finishes.
    public var progress: (String) -> Void = { _ in }
    /// Whether a lesson that passed and has not changed since (its whole file, the support
    /// library, the compiler and this tool) is reported as passed without compiling it again.
    public var reusesPassedLessons = true
    /// Lessons checked at once. Compiling and running one lesson keeps about one core busy
    /// (swiftc's frontend is single-threaded and each step waits for the one before), so on a
    /// machine of N cores N lessons side by side take about 1/N of the time, each running its
    /// tests one at a time.
    public var lessonConcurrency = ProcessInfo.processInfo.activeProcessorCount
    /// Test processes at once within one lesson.
    public var testConcurrency = ProcessInfo.processInfo.activeProcessorCount

    /// The test harness, compiled by the first runner that needs it and linked into every one.
    private let harness: BuildOnce<(name: String, folder: URL)>

    public init(course: Course, compiler: SwiftCompiler, workDirectory: URL) {
        self.course = course
        libraryNames = course.libraryNames()
        self.compiler = compiler
        self.workDirectory = workDirectory
        harness = BuildOnce { try HarnessModule.cached(compiler: compiler, in: Workspace(root: course.root).engineCache) }
    }

    /// What `course check` found in one lesson.
    public struct LessonReport: Sendable, Codable {
        public var file: String
        public var title: String
        /// Compiler output when the reference (or its tests) did not compile.
        public var referenceCompileError: String?
        /// What did not compile: `module <Module>` (the reference) or `tests of <Module>`.
        public var referenceCompileStep: String?
        public var referenceVerdicts: [TestVerdict] = []
        /// The reference judged through the blind tests the grader runs: each must pass, or the
        /// grader could not tell a correct submission (a value it cannot read, a path that differs).
        public var blindFailures: [TestVerdict] = []
        /// Tests whose reference run checked nothing (no assertion ran).
        public var testsCheckingNothing: [String] = []
        /// Benchmarks the grader could not use, with the reference ("lessons/x.md:LINE:COL: benchmark
        /// ID: why"): a result nothing is compared with, inputs that ignore the seed, a crash.
        public var benchmarkProblems: [String] = []
        /// Why the grader would refuse the reference solution as a submission
        /// (`ReferenceAdmissionCheck`): then it refuses every student's module too.
        public var referenceRefusals: [String] = []
        public var stubCompileError: String?
        /// Exercises for which every test passes against the stub: the tests cannot tell.
        public var undetectedStubs: [String] = []
        /// Exercises whose stub passes all its tests once the other exercises are solved
        /// (`stubsPassingWithTheOthersSolved`): a solution in the stub's clothes.
        public var stubsPassingWithTheOthersSolved: [String] = []
        /// Hidden tests that pass against the untouched stubs ("lesson.md:LINE Class/test"): free points.
        public var hiddenTestsPassingStubs: [String] = []
        public var stubVerdicts: [TestVerdict] = []
        /// Expressions of the reference that are slow to type-check (warnings, not failures).
        public var slowExpressions: [String] = []
        /// Each exercise's block, `lessons/x.md:LINE:COL` of its fence: where its findings are said.
        public var exerciseFences: [String: String]? = nil

        public var referenceFailures: [TestVerdict] { referenceVerdicts.filter { $0.status != .passed } }
        public var passed: Bool {
            referenceCompileError == nil && referenceFailures.isEmpty && blindFailures.isEmpty && testsCheckingNothing.isEmpty
                && benchmarkProblems.isEmpty && referenceRefusals.isEmpty && stubCompileError == nil && undetectedStubs.isEmpty && hiddenTestsPassingStubs.isEmpty
                && stubsPassingWithTheOthersSolved.isEmpty
        }
    }

    /// What `course check` found in the whole course.
    public struct Report: Sendable {
        public var lessons: [LessonReport]
        public var leaks: [Diagnostic]
        public var linesScanned: Int
        public var passed: Bool { lessons.allSatisfy(\.passed) && leaks.isEmpty }
    }

    /// Checks every lesson, then scans `exercisesFolder` for leaks.
    public func run(exercisesFolder: URL) throws -> Report {
        let selected = course.lessons.filter { lessonIDs.isEmpty || lessonIDs.contains($0.meta.id) }
        // Lessons that passed and have not changed are reported as they were; the support library
        // is compiled only when a lesson to check needs it (a prose edit compiles nothing).
        let stored = selected.map(storedReport)  // the pass key hashes the support library: once per lesson
        let remembered = zip(selected, stored).map { reusesPassedLessons ? rememberedReport($0.1) : nil }
        let toCheck = selected.indices.filter { remembered[$0] == nil }.map { (lesson: selected[$0], stored: stored[$0]) }
        // Built by the first lesson that needs it, while the other worker checks lessons that do
        // not (the optimised compile runs on one core); the lessons that need it wait for it.
        let course = course, compiler = compiler
        let engine = BuildOnce { try LessonBuilder.buildEngine(course, compiler: compiler) }
        for (lesson, report) in zip(selected, remembered) where report != nil {
            progress("\(lesson.file): unchanged since it last passed; not compiled again (--recheck to force)")
        }
        let width = max(1, min(lessonConcurrency, toCheck.count))
        var checker = self
        checker.testConcurrency = max(1, testConcurrency / width)
        // Progress lines come from several lessons at once; the caller's closure sees one at a time.
        let lock = NSLock(), report = progress
        checker.progress = { line in lock.withLock { report(line) } }
        // Each lesson works in its own folder; reports come back in lesson order.
        // One lesson that needs the library starts first (it builds it); lessons that do not need
        // it come next, so the other worker has work meanwhile.
        let needing = toCheck.indices.filter { toCheck[$0].lesson.usesEngine }
        let order = Array(needing.prefix(1)) + toCheck.indices.filter { !toCheck[$0].lesson.usesEngine } + needing.dropFirst()
        var checked = try toCheck.parallelMap(width: width, startingIn: order) { lesson, stored in
            try checker.checkAndRemember(lesson, engine: lesson.usesEngine ? engine.value() : nil, storingIn: stored)
        }.makeIterator()
        let reports = remembered.map { $0 ?? checked.next()! }
        let (leaks, scanned) = LeakScanner(course: course).scan(exercisesFolder)
        if !FileManager.default.fileExists(atPath: exercisesFolder.path) {
            progress("leaks: no exercises/ to scan yet (`course generate` writes it)")
        } else {
            progress(
                leaks.isEmpty
                    ? "leaks: none in exercises/ (\(scanned) lines scanned)"
                    : "leaks: \(leaks.count) hidden line\(leaks.count == 1 ? "" : "s") found in exercises/")
        }
        return Report(lessons: reports, leaks: leaks, linesScanned: scanned)
    }

    /// Where the report of a lesson that passed is kept, under its pass key.
    private func storedReport(_ lesson: Lesson) -> URL {
        workDirectory.appendingPathComponent("passed/\(lesson.meta.id)-\(passKey(lesson)).json")
    }

    /// The report stored at `stored` (`storedReport`) when the lesson passed before and nothing
    /// it depends on changed since.
    private func rememberedReport(_ stored: URL) -> LessonReport? {
        guard let data = try? Data(contentsOf: stored),
            let report = try? JSONDecoder().decode(LessonReport.self, from: data), report.passed,
            report.slowExpressions.isEmpty  // warnings name lines, which a prose edit may have moved
        else { return nil }
        return report
    }

    /// Checks the lesson now, and remembers its report when it passes.
    private func checkAndRemember(_ lesson: Lesson, engine: (name: String, folder: URL)?, storingIn stored: URL) throws -> LessonReport {
        let report = try check(lesson, engine: engine)
        if report.passed {
            try? FileManager.default.createDirectory(at: stored.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? JSONEncoder().encode(report).write(to: stored, options: .atomic)
        }
        return report
    }

    public func check(_ lesson: Lesson, engine: (name: String, folder: URL)? = nil) throws -> LessonReport {
        var report = LessonReport(file: lesson.file, title: lesson.meta.title)
        report.exerciseFences = Dictionary(
            lesson.exercises.map { ($0.id, "\(lesson.file):\($0.snippet.fenceLocation.line):\($0.snippet.fenceLocation.column)") },
            uniquingKeysWith: { first, _ in first })
        guard lesson.hasCode else {
            progress("\(lesson.file): no exercises, nothing to compile")
            return report
        }
        let base = workDirectory.appendingPathComponent(lesson.meta.id)

        // The reference through the witness tests (every value recorded, judged against itself),
        // then through the blind tests a student's code meets, judged against that witness.
        let builds = try builder(lesson, base.appendingPathComponent("reference"), engine).build(.reference, forms: [.witness, .blind])
        let (reference, blindReference) = (builds[0], builds[1])
        report.slowExpressions = reference.slowExpressions
        guard let runner = reference.runner, let blindRunner = blindReference.runner else {
            report.referenceCompileError = reference.runner == nil ? reference.compilerOutput : blindReference.compilerOutput
            report.referenceCompileStep = reference.runner == nil ? reference.failedStep : blindReference.failedStep
            progress("\(lesson.file): reference does not compile (\((reference.failedStep ?? blindReference.failedStep) ?? ""))")
            return report
        }
        let library = base.appendingPathComponent("reference/modules/lib\(lesson.moduleName).a")
        let support = lesson.support.isEmpty ? nil : base.appendingPathComponent("reference/support-module/lib\(lesson.supportModuleName).a")
        report.referenceRefusals = ReferenceAdmissionCheck.refusals(
            lesson, libraryNames: libraryNames[lesson.meta.id] ?? [], library: library, support: support,
            scratch: base.appendingPathComponent("admission"))
        var judge = Judge(sites: reference.sites)
        judge.revealsExpected = true
        judge.showsLines = true
        judge.lessonFile = lesson.file
        let witnessRuns = try testRunner(runner, lesson).run(reference.tests)
        var witnesses: [String: [Observation]] = [:]
        for run in witnessRuns where run.name == Self.benchmarkSmokeTest {
            let verdict = judge.verdict(run, witness: Observation.transcript(run.transcript) ?? [], blind: false)
            if verdict.status != .passed {
                report.benchmarkProblems = benchmarkProblems(run.outcome.output, verdict, in: lesson)
            } else {
                let count = lesson.benchmarks.count
                progress("\(lesson.file): \(count == 1 ? "the benchmark runs" : "all \(count) benchmarks run") with two seeds, and each result changes with the seed")
            }
        }
        for run in witnessRuns where run.name != Self.benchmarkSmokeTest {
            let observed = Observation.transcript(run.transcript) ?? []
            witnesses[run.name] = observed
            report.referenceVerdicts.append(judge.verdict(run, witness: observed, blind: false))
            if observed.isEmpty && !run.name.hasPrefix("BenchmarkSmokeTests/") { report.testsCheckingNothing.append(located(run.name, in: lesson)) }
        }
        let failed = report.referenceFailures.count
        let tests = reference.tests.filter { $0 != Self.benchmarkSmokeTest }.count
        progress("\(lesson.file): reference \(failed == 0 ? "passes all \(tests) tests" : "fails \(failed) of \(tests) tests")")
        if failed == 0 {
            // The benchmarks' smoke test is judged once, above: run blind it only said the same again.
            let blindRuns = try testRunner(blindRunner, lesson).run(blindReference.tests.filter { $0 != Self.benchmarkSmokeTest })
            report.blindFailures = blindRuns.map { judge.verdict($0, witness: witnesses[$0.name] ?? [], blind: true) }.filter { $0.status != .passed }
        }

        let stub = try builder(lesson, base.appendingPathComponent("stub"), engine).build(.stub, forms: [.blind])[0]
        guard let stubRunner = stub.runner else {
            report.stubCompileError = stub.compilerOutput
            progress("\(lesson.file): stubs do not compile (\(stub.failedStep ?? ""))")
            return report
        }
        let stubRuns = try testRunner(stubRunner, lesson).run(stub.tests)
        report.stubVerdicts = stubRuns.map { judge.verdict($0, witness: witnesses[$0.name] ?? [], blind: true) }
        for exercise in lesson.exercises {
            let classes = [true, false].map { TestBlock.className(exercise: exercise.id, hidden: $0) }
            let own = report.stubVerdicts.filter { verdict in classes.contains { verdict.name.hasPrefix($0 + "/") } }
            if own.allSatisfy({ $0.status == .passed }) { report.undetectedStubs.append(exercise.id) }
        }
        report.stubsPassingWithTheOthersSolved = try stubsPassingWithTheOthersSolved(
            lesson, base: base, engine: engine, judge: judge, witnesses: witnesses
        ).filter { !report.undetectedStubs.contains($0) }
        let hiddenClasses = Set(lesson.tests.filter(\.hidden).map(\.className))
        report.hiddenTestsPassingStubs = report.stubVerdicts
            .filter { $0.status == .passed && hiddenClasses.contains(String($0.name.prefix { $0 != "/" })) }
            .map { located($0.name, in: lesson) }
        let caught = lesson.exercises.count - report.undetectedStubs.count
        progress(
            "\(lesson.file): stubs compile; \(caught)/\(lesson.exercises.count) exercises have a test that fails on the stub"
                + (report.hiddenTestsPassingStubs.isEmpty
                    ? "" : "; \(report.hiddenTestsPassingStubs.count) hidden test\(report.hiddenTestsPassingStubs.count == 1 ? " passes" : "s pass") on them"))
        return report
    }

    /// What a lesson's check depends on: its front matter and its code blocks (info strings and
    /// code, in order), the support library, the compiler and this tool. Not the prose, nor where
    /// the blocks stand: a prose edit is checked by the parse and the leak scan, which run every
    /// time, and needs no compile. Line numbers only appear in failures, which are never kept.
    func passKey(_ lesson: Lesson) -> String {
        var key = lesson.file + "\u{0}" + Self.checkedContent(lesson) + "\u{0}" + compiler.swiftc
        for (name, text) in course.engineSources.sorted(by: { $0.key < $1.key }) { key += "\u{0}" + name + text }
        return BuildCache.hash(key + "\u{0}" + ToolIdentity.current)
    }

    /// The lesson's front matter and every fenced code block, without the prose between them.
    static func checkedContent(_ lesson: Lesson) -> String {
        let lines = lesson.source.split(separator: "\n", omittingEmptySubsequences: false)
        let frontMatterEnd = lines.dropFirst().firstIndex { $0.trimmingCharacters(in: .whitespaces) == "---" } ?? 0
        var content = lines[...frontMatterEnd].joined(separator: "\n")
        var pending = [lesson.document]
        while let node = pending.popLast() {
            if case .codeBlock(let info, let literal) = node.kind { content += "\u{0}\(info)\u{1}\(literal)" }
            pending.append(contentsOf: node.children.reversed())
        }
        return content
    }

    func testRunner(_ executable: URL, _ lesson: Lesson) -> TestRunner {
        var runner = TestRunner(executable: executable, module: lesson.testModuleName)
        runner.concurrency = testConcurrency
        return runner
    }

    func builder(_ lesson: Lesson, _ folder: URL, _ engine: (name: String, folder: URL)?) -> LessonBuilder {
        var builder = LessonBuilder(lesson: lesson, compiler: compiler, workDirectory: folder, engine: engine)
        // Without the compiled harness its source goes into the runner, whose compile then says what is wrong.
        builder.harness = try? harness.value()
        builder.engineObservations = ObservationSource.engineText(engineSources: course.engineSources)
        return builder
    }

    /// The test that runs every benchmark with two seeds (`SwiftSourceBuilder.runnerMain`).
    static let benchmarkSmokeTest = "BenchmarkSmokeTests/testEveryBenchmarkRunsOnce"

    /// What went wrong with the benchmarks, each at its block: the smoke test stops at the first
    /// with "benchmark ID: why"; anything else (a crash inside a workload) is the lesson's.
    func benchmarkProblems(_ output: String, _ verdict: TestVerdict, in lesson: Lesson) -> [String] {
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: "benchmark ") else { continue }
            let rest = line[range.upperBound...]
            guard let colon = rest.firstIndex(of: ":"), let benchmark = lesson.benchmarks.first(where: { $0.id == rest[..<colon] }) else {
                continue
            }
            let at = benchmark.snippet.fenceLocation
            return ["\(lesson.file):\(at.line):\(at.column): benchmark \(rest)"]
        }
        return [
            "\(lesson.file): the benchmarks do not run with the reference solution (\(verdict.status.rawValue)): "
                + verdict.messages.joined(separator: "; ")
        ]
    }

    /// "lessons/x.md:57 Class/testName": where a test function starts in the lesson.
    func located(_ test: String, in lesson: Lesson) -> String {
        for block in lesson.tests {
            for function in block.testNames where "\(block.className)/\(function.name)" == test {
                // The column of its `func`, as the other diagnostics give one.
                let text = block.snippet.lines.indices.contains(function.line) ? block.snippet.lines[function.line] : ""
                let column = block.snippet.indent + (text.range(of: "func").map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0) + 1
                return "\(lesson.file):\(block.snippet.firstLine + function.line):\(column) \(test)"
            }
        }
        return "\(lesson.file) \(test)"
    }
}

extension CourseChecker.Report {
    /// The ids of what only running the tests finds (explained in docs/authoring.md, Diagnostics).
    static let checksNothingID = "course.test.checksNothing"
    static let passesOnStubID = "course.test.passesOnStub"
    static let stubPassesEveryTestID = "course.exercise.stubPassesEveryTest"
    static let stubIsASolutionID = "course.exercise.stubIsASolution"

    /// The human-readable summary `course check` prints after the progress lines.
    public func summary() -> String {
        var out = ""
        for lesson in lessons {
            out += "\(lesson.passed ? "PASS" : "FAIL")  \(lesson.file)  \(lesson.title)\n"
            if let error = lesson.referenceCompileError {
                let tests = lesson.referenceCompileStep?.hasPrefix("tests of") == true
                out += tests ? "  the lesson's tests do not compile against the reference solution:\n" : "  the reference solution does not compile:\n"
                out += error.indented(by: 4) + "\n"
            }
            for failure in lesson.referenceFailures {
                out += "  reference fails \(failure.name) (\(failure.status.rawValue)):\n"
                out += failure.messages.map { "    \($0)\n" }.joined()
            }
            if !lesson.referenceRefusals.isEmpty {
                out += "  the grader would refuse the reference solution as a submission, and so every student's:\n"
                out += lesson.referenceRefusals.map { "    \($0)\n" }.joined()
            }
            if let error = lesson.stubCompileError {
                out += "  the student stubs do not compile:\n" + error.indented(by: 4) + "\n"
            }
            for warning in lesson.slowExpressions {
                out += "  \(warning); split it into smaller statements (graders compile it with every submission)\n"
            }
            for failure in lesson.blindFailures {
                out += "  the grader cannot judge \(failure.name) as written (it fails with the reference solution when graded):\n"
                out += failure.messages.map { "    \($0)\n" }.joined()
            }
            for problem in lesson.benchmarkProblems { out += "  \(problem)\n" }
            // As diagnostics print: `lessons/x.md:57: error: … [course.…]` (the place, then the test).
            func said(_ located: String, _ message: String, _ id: String) -> String {
                let place = located.split(separator: " ", maxSplits: 1).first.map(String.init) ?? located
                let test = located.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
                return "  \(place): error: \(test.isEmpty ? "" : test + " ")\(message) [\(id)]\n"
            }
            for test in lesson.testsCheckingNothing {
                out += said(
                    test,
                    "checks nothing: no XCTAssert ran with the reference solution; add an assertion on what the exercise computes (one inside a loop over no cases never runs)",
                    Self.checksNothingID)
            }
            for test in lesson.hiddenTestsPassingStubs {
                out += said(
                    test, "passes against the untouched stub: it would give points for no work; add an assertion the stub's placeholder fails (a value it does not return)",
                    Self.passesOnStubID)
            }
            // An exercise's findings at its block's fence.
            func at(_ exercise: String) -> String { lesson.exerciseFences?[exercise] ?? lesson.file }
            for exercise in lesson.undetectedStubs {
                out += said(
                    at(exercise),
                    "every test of exercise '\(exercise)' passes against its stub: if the stub does the work, give it one that does not; else add a test the stub fails",
                    Self.stubPassesEveryTestID)
            }
            for exercise in lesson.stubsPassingWithTheOthersSolved {
                out += said(
                    at(exercise), "the stub of exercise '\(exercise)' passes all its tests once the other exercises are solved: it is a solution; give it a stub that does no work",
                    Self.stubIsASolutionID)
            }
        }
        for leak in leaks { out += leak.description + "\n" }
        let failed = lessons.filter { !$0.passed }.count
        out +=
            passed
            ? "course check: \(lessons.count) lesson\(lessons.count == 1 ? "" : "s") OK\n"
            : "course check: \(failed) of \(lessons.count) lessons failed\(leaks.isEmpty ? "" : ", \(leaks.count) leaked line\(leaks.count == 1 ? "" : "s")")\n"
        return out
    }
}
