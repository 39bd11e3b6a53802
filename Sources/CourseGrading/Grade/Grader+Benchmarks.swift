import CourseToolchain
import Foundation

/// Timing the benchmarks of a graded submission: where (which CPUs), and what each earns.
extension Grader {
    /// The CPUs benchmarks are timed on, one lesson's timer per CPU: the sandbox's own when it is
    /// pinned (a batch worker's); otherwise the allowed ones, no more than the CPUs the process
    /// may really use (a container's quota can be smaller than its affinity), and beyond two, all
    /// but the first, where the grader's own threads (whose clock times every run) then wake
    /// without waiting. None when nothing can be pinned (no sandbox, or no `taskset`): then
    /// lessons are timed one at a time, unpinned.
    static func benchmarkCPUs(sandbox: Sandbox?, allowed: [Int], usable: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Int] {
        guard let sandbox, sandbox.canPin else { return [] }
        if let cpu = sandbox.cpu { return [cpu] }
        let cpus = Array(allowed.prefix(max(1, usable)))
        return cpus.count > 2 ? Array(cpus.dropFirst()) : cpus
    }

    /// Times each benchmark whose exercise passed every hidden test; the others earn nothing.
    func timeBenchmarks(
        _ lesson: GraderBundleManifest.LessonEntry, into grade: inout GradeReport.LessonGrade,
        runner: URL?, reference: URL?, cpu: Int?, regraded: [String: RegradedExercise] = [:]
    ) {
        var pinned = sandbox
        if let cpu { pinned?.cpu = cpu }
        let timer = BenchmarkGrader(bundle: bundle, lesson: lesson, compiler: compiler, sandbox: pinned)
        let feedback = lesson.feedback ?? .messages
        for e in grade.exercises.indices {
            let counts = Self.benchmarkMayCount(grade.exercises[e])
            for i in grade.exercises[e].items.indices where grade.exercises[e].items[i].kind == .benchmark {
                var item = grade.exercises[e].items[i]
                guard let spec = lesson.benchmarks.first(where: { $0.id == item.name }) else { continue }
                guard counts else {
                    item.status = .failed
                    item.messages = ["benchmarks count only once every hidden test of the exercise passes"]
                    grade.exercises[e].items[i] = item
                    continue
                }
                // An exercise whose tests passed with the reference's code for others is timed in
                // that build: its own speed, not that of the others' slips.
                let regrade = regraded[grade.exercises[e].id]
                guard let runner = regrade.map(\.benchmarkRunner) ?? runner, let reference else {
                    item.status = .notCompiled
                    item.messages = ["the benchmark workload does not compile against your code; keep the exercise's names and signatures"]
                    grade.exercises[e].items[i] = item
                    continue
                }
                let started = DispatchTime.now()
                switch timer.measure(spec, student: runner, reference: reference) {
                case .measured(let first):
                    let (m, note) = Self.secondOpinion(first, threshold: spec.threshold, asked: benchmarkTrials == 1) {
                        Thread.sleep(forTimeInterval: 0.2)
                        return timer.measure(spec, student: runner, reference: reference)
                    }
                    item.status = m.ratio <= spec.threshold ? .passed : .failed
                    item.score = item.status == .passed ? item.maxScore : 0
                    item.messages = [Self.benchmarkMessage(m, threshold: spec.threshold)] + [note].compactMap { $0 }
                    item.benchmark = .init(
                        ratio: m.ratio, low: m.interval.lowerBound, high: m.interval.upperBound,
                        threshold: spec.threshold, pairs: m.pairs)
                    if benchmarkTrials > 1 {
                        let ratios =
                            [m.ratio]
                            + (1..<benchmarkTrials).compactMap { _ in
                                if case .measured(let again) = timer.measure(spec, student: runner, reference: reference) { return again.ratio }
                                return nil
                            }
                        item.messages.append(Self.trialSummary(ratios.sorted(), trials: benchmarkTrials, threshold: spec.threshold))
                    }
                case .rejected(let problem):
                    item.status = .failed
                    item.messages = feedback.shownBenchmarkProblem(problem, crashed: false)
                case .crashed(let problem):
                    item.status = .crashed
                    item.messages = feedback.shownBenchmarkProblem(problem, crashed: true)
                }
                if let regrade {
                    // Timed in a second build, which holds the reference's code for other
                    // exercises: within the threshold or not, and nothing else (no crash text,
                    // values or figures, which the student's code could fill with the reference's answers).
                    // Its points come out of what the replaced exercises lost (`chargingSlipsOnce`).
                    let within = item.status == .passed
                    let given = within ? min(item.maxScore, regrade.benchmarkPoints) : 0
                    item.status = within && given >= item.maxScore - 1e-12 ? .passed : .failed
                    item.score = given
                    item.messages = [Self.timedWithReference(regrade.replaced, within: within)]
                    if within && item.status != .passed { item.messages.append(Self.rescueBounded(regrade.replaced, paidBy: regrade.paidBy, given: given, of: item.maxScore)) }
                    item.benchmark = nil
                    grade.exercises[e].items[i] = item
                    continue
                }
                if feedback.showsTimes { item.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }
                grade.exercises[e].items[i] = item
            }
        }
    }

    /// What the benchmark of an exercise rescued by a second build says (`chargingSlipsOnce`).
    static func timedWithReference(_ replaced: [String], within: Bool) -> String {
        (within ? "within the threshold" : "over the threshold, or it did not finish or match the reference's result")
            + ", timed with the reference's code for \(names(replaced)) in place of the code graded for it (a ratio from that build is not shown)"
    }

    /// A ratio over the threshold is timed once more on fresh inputs before it costs points (when
    /// `asked`: not with `--benchmark-trials`, which reports every trial as it came): a moment's
    /// load on the machine, such as another process waking on the same CPU for the few hundred
    /// milliseconds of a timing, must not fail an honest submission, and a slow one is over the
    /// threshold both times. The better of the two timings counts; the note says there were two.
    static func secondOpinion(
        _ first: BenchmarkGrader.Measurement, threshold: Double, asked: Bool,
        again: () -> BenchmarkGrader.Outcome
    ) -> (BenchmarkGrader.Measurement, note: String?) {
        guard asked, first.ratio > threshold, case .measured(let second) = again() else { return (first, nil) }
        let firstRatio = GradeReport.points(first.ratio) + "×"
        if second.ratio <= threshold {
            return (second, "a first timing gave \(firstRatio); timed again on fresh inputs, as every ratio over the threshold is, it gave the figures above")
        }
        let (better, other) = second.ratio < first.ratio ? (second, first) : (first, second)
        return (better, "timed twice on fresh inputs, as every ratio over the threshold is; the other timing gave \(GradeReport.points(other.ratio))×")
    }

    /// "passed 100 of 100 trials; ratio min 0.96×, median 1.01×, max 1.09×".
    static func trialSummary(_ sorted: [Double], trials: Int, threshold: Double) -> String {
        let passed = sorted.filter { $0 <= threshold }.count
        func x(_ v: Double) -> String { String(format: "%.3f×", v) }
        return "passed \(passed) of \(trials) trials; ratio min \(x(sorted.first ?? 0)), median \(x(sorted[sorted.count / 2])), max \(x(sorted.last ?? 0))"
    }

    /// "1.08× the reference's time (95 % interval 1.02–1.15×, 15 pairs; threshold 2×); 3.1 ms against 2.9 ms".
    static func benchmarkMessage(_ m: BenchmarkGrader.Measurement, threshold: Double) -> String {
        func x(_ v: Double) -> String { GradeReport.points(v) + "×" }
        func ms(_ v: Double) -> String { v >= 10 ? String(format: "%.0f ms", v) : String(format: "%.2f ms", v) }
        return "\(x(m.ratio)) the reference's time (95 % interval \(GradeReport.points(m.interval.lowerBound))–\(x(m.interval.upperBound)), "
            + "\(m.pairs) pairs; threshold \(x(threshold))); \(ms(m.studentMilliseconds)) against \(ms(m.referenceMilliseconds)), each on fresh inputs"
    }
}
