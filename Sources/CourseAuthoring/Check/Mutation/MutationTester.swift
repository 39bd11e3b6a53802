import CourseToolchain
import Foundation

/// `course check --mutants`: how many plausible wrong solutions the tests catch.
///
/// Per lesson: every exercise's mutants (`MutantGenerator`) are compiled into one module as
/// mutant schemata (`MutantSchemata`); a mutant that does not compile is found from the
/// compiler's errors (`SchemataErrorFinder`) and left out, and the module compiled again. The reference (mutant 0)
/// runs every test once, recording its transcripts (the witness the `Judge` replays), its times
/// and which mutants each test reaches: the hidden tests, the ones grading runs. Then each mutant
/// runs, one process per test as in `course check`, only the tests that reach it, its own exercise's first and the quickest
/// first, until one fails, crashes or runs past a few times the reference's time: it is killed.
/// A mutant that every reaching test passes survived.
public struct MutationTester {
    public let course: Course
    public let compiler: SwiftCompiler
    public let workDirectory: URL
    /// Analyse only these lesson ids (all when empty).
    public var lessonIDs: [String] = []
    /// Called with a line of progress as each lesson finishes.
    public var progress: (String) -> Void = { _ in }
    /// Mutants tested at once (each runs its tests one after another).
    public var concurrency = ProcessInfo.processInfo.activeProcessorCount
    /// Rounds of leaving out mutants that do not compile before giving up on a lesson.
    static let compileRounds = 8
    /// Compiles spent trying again mutants left out with their statement.
    static let retryCompiles = 6

    /// Mutants left out, by the line their statement starts on (a group of one is not tried: its
    /// own error explained it). An ill-typed mutant (`scalar / matrix`) often shows only as "unable
    /// to type-check this expression in reasonable time" at its statement, so each group is split:
    /// the mutants that keep every operand's type (literals, comparisons, negations, removed
    /// statements) first, all in one compile; those that change an operator or swap arguments,
    /// which may not type-check, after them.
    /// Refused-input probes are not tried again: they count toward no score, and a probe's
    /// closure inside a long expression is often what the type checker gave up on.
    func retryGroups(_ stillborn: Set<Int>, of mutants: [Mutant]) -> [[Mutant]] {
        let left = mutants.filter { stillborn.contains($0.id) && $0.kind.isScored }
        let groups = Dictionary(grouping: left) { "\($0.exercise)\u{0}\($0.line)" }.values.filter { $0.count > 1 }
        let risky: Set<MutationOperator> = [.arithmetic, .compoundAssignment, .swappedArguments, .droppedResidual, .defaultReturn]
        let safe = groups.map { $0.filter { !risky.contains($0.kind) } }.filter { !$0.isEmpty }
        let rest = groups.map { $0.filter { risky.contains($0.kind) } }.filter { !$0.isEmpty }
        return [safe.flatMap { $0 }].filter { !$0.isEmpty } + rest.map { $0.sorted { $0.id < $1.id } }
    }

    public init(course: Course, compiler: SwiftCompiler, workDirectory: URL) {
        self.course = course
        self.compiler = compiler
        self.workDirectory = workDirectory
    }

    /// Problems with the equivalent-mutant marks of the chosen lessons, found without compiling:
    /// an error among them (a mark without a reason, an unknown operator) is the author's to fix
    /// before anything runs.
    public func markDiagnostics() -> [Diagnostic] {
        course.lessons.filter { lessonIDs.isEmpty || lessonIDs.contains($0.meta.id) }.flatMap { lesson in
            lesson.exercises.flatMap { exercise in
                EquivalentMutantMark.diagnostics(
                    EquivalentMutantMark.marks(in: exercise.solutionCode), mutants: MutantGenerator.mutants(of: exercise),
                    snippet: exercise.snippet, file: lesson.file)
            }
        }
    }

    /// Analyses every chosen lesson that has exercises.
    public func run() throws -> MutationReport {
        let started = Date()
        let engine = try LessonBuilder.buildEngine(course, compiler: compiler)
        var lessons: [MutationReport.LessonResult] = []
        var diagnostics: [Diagnostic] = []
        for lesson in course.lessons where (lessonIDs.isEmpty || lessonIDs.contains(lesson.meta.id)) && !lesson.exercises.isEmpty {
            let (result, found) = try analyse(lesson, engine: engine)
            diagnostics += found
            lessons.append(result)
            progress(
                String(
                    format: "%@: %d mutants, %.1f %% of the testable killed (%.1f s)", lesson.file,
                    result.lesson.total + result.lesson.equivalent, result.lesson.percent, result.seconds)
                    + (result.error.map { "; \($0)" } ?? ""))
        }
        return MutationReport(lessons: lessons, diagnostics: diagnostics.map(\.description), seconds: Date().timeIntervalSince(started))
    }

    /// Builds, runs and judges one lesson's mutants; also returns problems with its equivalent-mutant marks.
    func analyse(_ lesson: Lesson, engine: (name: String, folder: URL)?) throws -> (MutationReport.LessonResult, [Diagnostic]) {
        let started = Date()
        let exerciseIDs = lesson.exercises.map(\.id)
        // Mutants numbered through the lesson; those marked equivalent are not compiled.
        var diagnostics: [Diagnostic] = []
        var mutants: [Mutant] = []
        var reasons: [Int: String] = [:]
        for exercise in lesson.exercises {
            let found = MutantGenerator.mutants(of: exercise)
            let marks = EquivalentMutantMark.marks(in: exercise.solutionCode)
            diagnostics += EquivalentMutantMark.diagnostics(marks, mutants: found, snippet: exercise.snippet, file: lesson.file)
            for var mutant in found {
                mutant.id = mutants.count + 1
                if let mark = marks.first(where: { !$0.reason.isEmpty && $0.covers(mutant) }) { reasons[mutant.id] = mark.reason }
                mutants.append(mutant)
            }
        }
        let snippets = Dictionary(uniqueKeysWithValues: lesson.exercises.map { ($0.id, $0.snippet) })
        func outcome(_ mutant: Mutant, _ status: MutationReport.Outcome.Status, by test: String? = nil, reached: Bool = false) -> MutationReport.Outcome {
            let snippet = snippets[mutant.exercise]!
            return MutationReport.Outcome(
                mutant: mutant, change: mutant.change, file: lesson.file, line: snippet.firstLine + mutant.line - 1,
                column: snippet.indent + mutant.column, status: status, killedBy: test,
                reached: reached, reason: reasons[mutant.id])
        }
        func failed(_ why: String) -> (MutationReport.LessonResult, [Diagnostic]) {
            (
                MutationReport.LessonResult(
                    file: lesson.file, id: lesson.meta.id, error: why, exerciseIDs: exerciseIDs,
                    seconds: Date().timeIntervalSince(started)), diagnostics
            )
        }

        // Compile the schemata, leaving out the mutants the compiler rejects.
        var live = mutants.filter { reasons[$0.id] == nil }
        var stillborn = Set<Int>()
        var schemata = try compile(lesson, live, mutantCount: mutants.count, engine: engine)
        var reported = Set<Int>()
        var compiles = 1
        for _ in 0..<Self.compileRounds where schemata.build.runner == nil {
            guard schemata.build.failedStep?.hasPrefix("module") ?? false else { return failed("the tests do not compile:\n\(schemata.build.compilerOutput)") }
            let errors = SchemataErrorFinder.errors(in: schemata.build.compilerOutput, file: lesson.file)
            let broken = SchemataErrorFinder.leftOut(live, errors: errors, reportedBefore: reported, lesson: lesson, rendered: schemata.rendered)
            reported.formUnion(errors.map(\.line))
            guard !broken.isEmpty else { return failed("the mutant schemata do not compile:\n\(schemata.build.compilerOutput)") }
            stillborn.formUnion(broken.map(\.id))
            live.removeAll { stillborn.contains($0.id) }
            schemata = try compile(lesson, live, mutantCount: mutants.count, engine: engine)
            compiles += 1
        }
        guard schemata.build.runner != nil else { return failed("the mutant schemata do not compile:\n\(schemata.build.compilerOutput)") }
        // Mutants left out with their statement (a closure or a long expression the type checker
        // gave up on as a whole) are tried again in halves, a few compiles at most: most compile
        // on their own (a new author's closure lost 17 valid mutants with it).
        var retries = retryGroups(stillborn, of: mutants)
        for round in 0..<Self.retryCompiles {
            guard let candidate = retries.first else { break }
            retries.removeFirst()
            // Each attempt builds in a folder of its own: a failed one leaves the last good build whole.
            let attempt = try compile(lesson, live + candidate, mutantCount: mutants.count, engine: engine, folder: "schemata-retry-\(round)")
            compiles += 1
            if attempt.build.runner != nil {
                live += candidate
                stillborn.subtract(candidate.map(\.id))
                schemata = attempt
                continue
            }
            let errors = SchemataErrorFinder.errors(in: attempt.build.compilerOutput, file: lesson.file)
            let (broken, _) = SchemataErrorFinder.culprits(candidate, errors: errors, lesson: lesson, rendered: attempt.rendered)
            let rest = candidate.filter { !broken.contains($0.id) }
            if !broken.isEmpty && !rest.isEmpty {
                retries.insert(rest, at: 0)
            } else if broken.isEmpty && rest.count > 1 {
                retries.insert(contentsOf: [Array(rest.prefix(rest.count / 2)), Array(rest.dropFirst(rest.count / 2))], at: 0)
            }
        }
        let compileSeconds = Date().timeIntervalSince(started)
        guard let executable = schemata.build.runner else { return failed("the mutant schemata do not compile:\n\(schemata.build.compilerOutput)") }

        // The reference runs every test once: witness transcripts, times and the sites each reaches.
        let base = workDirectory.appendingPathComponent(lesson.meta.id)
        let coverage = base.appendingPathComponent("coverage")
        try? FileManager.default.removeItem(at: coverage)
        try FileManager.default.createDirectory(at: coverage, withIntermediateDirectories: true)
        // The hidden tests only: they are what grading runs, so a mutant that only a visible test
        // catches would still score full marks (a new author's mutation score counted such kills).
        let hiddenClasses = Set(lesson.tests.filter(\.hidden).map { $0.className + "/" })
        let tests = schemata.build.tests.filter { test in hiddenClasses.contains { test.hasPrefix($0) } }
        let judge = Judge(sites: schemata.build.sites)
        var runner = TestRunner(executable: executable, module: lesson.testModuleName)
        runner.concurrency = 1
        runner.environment = ["COURSE_MUTANT": "0", "COURSE_MUTANT_COVERAGE": coverage.path]
        let referenceRuns = try tests.parallelMap(width: concurrency) { test -> (TestRun, TimeInterval) in
            let start = Date()
            return (try runner.run([test])[0], Date().timeIntervalSince(start))
        }
        var witnesses: [String: [Observation]] = [:]
        var seconds: [String: TimeInterval] = [:]
        var reaches: [String: Set<Int>] = [:]
        for (run, time) in referenceRuns {
            witnesses[run.name] = Observation.transcript(run.transcript) ?? []
            let verdict = judge.verdict(run, witness: witnesses[run.name]!, blind: false)
            guard verdict.status == .passed else {
                return failed("the reference fails \(run.name) (\(verdict.status.rawValue)) with its mutants compiled in: \(verdict.messages.joined(separator: " "))")
            }
            seconds[run.name] = time
            let file = coverage.appendingPathComponent(String("\(lesson.testModuleName).\(run.name)".map { $0.isLetter || $0.isNumber ? $0 : "_" }))
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            reaches[run.name] = Set(text.split(separator: "\n").compactMap { Int($0) })
        }

        // Each mutant: the tests that reach it, until one fails.
        let results = try live.parallelMap(width: concurrency) { mutant -> (MutationReport.Outcome, Int) in
            guard schemata.applied.contains(mutant.id) else { return (outcome(mutant, .notCompiled), 0) }
            let own = TestBlock.className(exercise: mutant.exercise, hidden: true) + "/"
            let rank = { (test: String) in (test.hasPrefix(own) ? 0 : 1, seconds[test] ?? 0) }
            let reaching = tests.filter { reaches[$0]?.contains(mutant.id) ?? false }.sorted { rank($0) < rank($1) }
            var runner = TestRunner(executable: executable, module: lesson.testModuleName)
            runner.concurrency = 1
            runner.environment = ["COURSE_MUTANT": String(mutant.id)]
            for (index, test) in reaching.enumerated() {
                // A mutant that loops is killed by the clock: a few times the reference's own time.
                runner.timeout = max(2, 5 * (seconds[test] ?? 1))
                let verdict = judge.verdict(try runner.run([test])[0], witness: witnesses[test] ?? [], blind: false)
                if verdict.status != .passed { return (outcome(mutant, .killed, by: "\(test) (\(verdict.status.rawValue))", reached: true), index + 1) }
            }
            return (outcome(mutant, .survived, reached: !reaching.isEmpty), reaching.count)
        }
        let outcomes =
            (results.map(\.0) + mutants.filter { reasons[$0.id] != nil }.map { outcome($0, .equivalent) }
            + mutants.filter { stillborn.contains($0.id) }.map { outcome($0, .notCompiled) })
            .sorted { $0.mutant.id < $1.mutant.id }
        return (
            MutationReport.LessonResult(
                file: lesson.file, id: lesson.meta.id, outcomes: outcomes, exerciseIDs: exerciseIDs,
                seconds: Date().timeIntervalSince(started), compiles: compiles, compileSeconds: compileSeconds,
                testRuns: tests.count + results.map(\.1).reduce(0, +)), diagnostics
        )
    }

    /// Compiles the lesson's reference with `mutants` switched in, and its witness-form tests.
    func compile(
        _ lesson: Lesson, _ mutants: [Mutant], mutantCount: Int,
        engine: (name: String, folder: URL)?, folder: String = "schemata"
    ) throws -> (build: LessonBuilder.Build, applied: Set<Int>, rendered: [String: String]) {
        let byExercise = Dictionary(grouping: mutants, by: \.exercise)
        var applied = Set<Int>()
        var rendered: [String: String] = [:]
        var files = SwiftSourceBuilder(lesson: lesson).referenceModule { exercise in
            let schemata = MutantSchemata.apply(byExercise[exercise.id] ?? [], to: exercise.solutionCode)
            applied.formUnion(schemata.applied)
            rendered[exercise.id] = schemata.code
            return schemata.code
        }
        files[MutantSchemata.switchFileName] = MutantSchemata.switchSource(mutantCount: mutantCount)
        // One frontend per file, side by side: the switches make type-checking the slow part, and
        // whole-module mode checks every exercise file on one core.
        let harness = try? HarnessModule.cached(compiler: self.compiler, in: Workspace(root: course.root).engineCache)
        var compiler = self.compiler
        compiler.flags = compiler.flags.filter { $0 != "-wmo" } + ["-j", String(concurrency), "-continue-building-after-errors"]
        var builder = LessonBuilder(
            lesson: lesson, compiler: compiler,
            workDirectory: workDirectory.appendingPathComponent("\(lesson.meta.id)/\(folder)"), engine: engine)
        builder.engineObservations = ObservationSource.engineText(engineSources: course.engineSources)
        builder.referenceFiles = files
        builder.harness = harness
        return (try builder.build(.reference, forms: [.witness])[0], applied, rendered)
    }
}
