import CourseToolchain
import Foundation

/// Times a lesson's benchmarks: student and reference, compiled with the same release flags, each
/// in a sandboxed process of its own on one CPU, run interleaved on the same fresh inputs (a seed
/// drawn per repetition); the student's result must match the reference's every time, and the
/// score is the median of the per-pair time ratios, repeated until its confidence interval lies
/// on one side of the threshold (or a cap is reached).
///
/// The reference's runner comes prebuilt from `LessonArtifacts`; per submission the student's
/// runner is only linked.
struct BenchmarkGrader {
    let bundle: URL
    let lesson: GraderBundleManifest.LessonEntry
    let compiler: SwiftCompiler
    let sandbox: Sandbox?
    /// Longest wait for one step (set-up or timed part) of one repetition.
    var stepTimeout: TimeInterval = 60
    /// Wall time after which no more pairs are added once the minimum is reached.
    var budget: TimeInterval = 60

    /// Release code for the instruction set of the machine that times it, as the engine is built:
    /// for the portable target `Double.addingProduct` is a call into libm and `rounded()` another,
    /// so a correct stack written with them ran 2.04× the reference's time against a threshold of
    /// 2. Student and reference get the same flags; the results are the same bits (Swift does not
    /// fuse a multiply and an add it was not asked to).
    static let releaseFlags = SwiftCompiler.releaseFlags + EngineInstructionSet.ofThisMachine.codeGenerationFlags

    /// One benchmark's measurement.
    struct Measurement {
        var ratio: Double
        /// The median's 95 % confidence interval (distribution-free, from order statistics).
        var interval: ClosedRange<Double>
        var pairs: Int
        var studentMilliseconds: Double
        var referenceMilliseconds: Double
        /// The student's CPU time over the time it was given work: about 1 for one thread.
        var coresUsed: Double
    }

    /// The runner for the student's release module (the one the hidden tests ran against): the
    /// prebuilt student-side workload linked with it, or, when that does not link, the workload
    /// compiled against it. `nil` when neither works.
    func buildRunner(artifacts: LessonArtifacts, student: StudentModule, work: URL) throws -> URL? {
        guard artifacts.referenceBenchRunner != nil else { return nil }
        var release = compiler
        release.flags = Self.releaseFlags
        let libraries = student.libraries
        let runner = work.appendingPathComponent("bench-runner")
        if let studentSide = artifacts.studentBenchObject,
            try student.link(with: studentSide, role: "bench-runner", libraries: libraries, compiler: release, output: runner, in: work)
        {
            return runner
        }
        guard let modules = try student.interface() else { return nil }
        let benchSource = try String(contentsOf: bundle.appendingPathComponent("lessons/\(lesson.id)/tests/Benchmarks.swift"), encoding: .utf8)
        let sources = try LessonArtifacts.writeWorkload(
            benchSource, importing: lesson.module, lesson: lesson, bundle: bundle,
            into: work.appendingPathComponent("bench-sources"))
        let compiled = try release.compileExecutable(
            "StudentBench", sources: sources.map(\.path), importing: [modules],
            libraries: [(lesson.module, modules)] + libraries, output: runner, in: work, extraFlags: student.supportFlags)
        return compiled.succeeded ? runner : nil
    }

    /// What timing one benchmark came to.
    enum Outcome {
        case measured(Measurement)
        /// The student's result differed from the reference's, or the run broke a rule.
        case rejected(String)
        /// The student's runner crashed, hung or never started.
        case crashed(String)
    }

    /// Times `spec`: one warm-up pair, then pairs in alternating order on fresh seeds.
    func measure(_ spec: GraderBundleManifest.BenchmarkEntry, student studentRunner: URL, reference referenceRunner: URL) -> Outcome {
        // The caller pins the sandbox to a CPU (`Grader.benchmarkCPUs`); student and reference share it.
        let pinned = sandbox
        guard let reference = try? BenchmarkSession(runner: referenceRunner, benchmark: spec.id, sandbox: pinned, timeout: stepTimeout) else {
            return .crashed("the grader could not start the reference's benchmark runner")
        }
        defer { reference.stop() }
        guard let student = try? BenchmarkSession(runner: studentRunner, benchmark: spec.id, sandbox: pinned, timeout: stepTimeout) else {
            return .crashed("the grader could not start the benchmark runner")
        }
        defer { student.stop() }
        var random = SystemRandomNumberGenerator()
        var ratios: [Double] = [], studentTimes: [Double] = [], referenceTimes: [Double] = []
        let started = Date()
        let cap = min(1000, spec.repetitions * 4)
        for pair in -1..<cap {
            let seed = random.next()
            var mine: BenchmarkSession.Repetition?, theirs: BenchmarkSession.Repetition?
            // The student's runner is stopped while the reference runs: a thread of it spinning
            // then would slow the reference on the CPU they share.
            if pair % 2 == 0 {
                theirs = student.paused { reference.run(seed: seed) }
                mine = theirs == nil ? nil : student.run(seed: seed)
            } else {
                mine = student.run(seed: seed)
                theirs = mine == nil ? nil : student.paused { reference.run(seed: seed) }
            }
            if let failure = student.failure { return .crashed(failure) }
            guard let mine, let theirs, let expected = BenchmarkValue(decoding: theirs.output) else {
                return .crashed("the reference's benchmark runner failed: " + (reference.failure ?? "its result is unreadable"))
            }
            guard let got = BenchmarkValue(decoding: mine.output) else { return .rejected("the benchmark's result could not be read back") }
            if let difference = Self.difference(
                got, expected, tolerance: spec.tolerance,
                revealing: lesson.feedback == .values)
            {
                return .rejected(
                    "on fresh inputs (repetition \(pair + 2)) the timed result differs from the reference's: \(difference)"
                        + " (tolerance \(spec.tolerance) relative); a benchmark counts only for the right result")
            }
            guard pair >= 0 else { continue }
            ratios.append(Double(mine.nanoseconds) / Double(max(theirs.nanoseconds, 1)))
            studentTimes.append(Double(mine.nanoseconds) / 1e6)
            referenceTimes.append(Double(theirs.nanoseconds) / 1e6)
            if ratios.count >= spec.repetitions {
                let interval = Self.medianInterval(ratios)
                if interval.upperBound <= spec.threshold || interval.lowerBound > spec.threshold
                    || Date().timeIntervalSince(started) > budget
                {
                    break
                }
            }
        }
        let cpu = student.cpuSeconds
        let cores = cpu / max(student.busySeconds, 1e-3)
        let measurement = Measurement(
            ratio: Self.median(ratios), interval: Self.medianInterval(ratios), pairs: ratios.count,
            studentMilliseconds: Self.median(studentTimes), referenceMilliseconds: Self.median(referenceTimes),
            coresUsed: cores)
        // Clock ticks are 10 ms: a small excess is rounding, not a second thread.
        if cores > 1.5 && cpu - student.busySeconds > 0.1 && !(lesson.allows ?? []).contains("threads") {
            return .rejected(
                String(
                    format: "the benchmark used %.1f cores' worth of CPU time (%.2f s in %.2f s of work); benchmarks run on one core, so work on other threads does not count",
                    cores, cpu, student.busySeconds))
        }
        return .measured(measurement)
    }

    /// Where `got` differs from `expected`, naming the position; one result is compared as itself.
    static func difference(_ got: BenchmarkValue, _ expected: BenchmarkValue, tolerance: Double, revealing: Bool) -> String? {
        if case .list(let mine) = got, case .list(let theirs) = expected, mine.count == 1, theirs.count == 1 {
            return mine[0].mismatch(against: theirs[0], tolerance: tolerance, revealing: revealing).map { "the result is " + $0 }
        }
        return got.mismatch(against: expected, tolerance: tolerance, revealing: revealing).map { "the results are " + $0 }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The 95 % confidence interval of the median from order statistics (no assumption about how
    /// timings are distributed): ranks n/2 ∓ 0.98·√n.
    static func medianInterval(_ values: [Double]) -> ClosedRange<Double> {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0...0 }
        let n = Double(sorted.count)
        let lower = max(1, Int(((n - 1.96 * n.squareRoot()) / 2).rounded(.down)))
        let upper = min(sorted.count, Int((1 + (n + 1.96 * n.squareRoot()) / 2).rounded(.up)))
        return sorted[lower - 1]...sorted[upper - 1]
    }
}
