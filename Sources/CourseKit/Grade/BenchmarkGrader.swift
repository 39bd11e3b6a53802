import Foundation

/// Times a lesson's benchmarks: student and reference code, compiled with the same release flags,
/// run interleaved in one sandboxed process; the score is the median of the per-pair time ratios.
///
/// Both sides' workloads come prebuilt from `LessonArtifacts` (they do not depend on the
/// submission); per submission the runner is only linked.
struct BenchmarkGrader {
    let bundle: URL
    let lesson: GraderBundleWriter.Manifest.LessonEntry
    let compiler: SwiftCompiler
    let sandbox: Sandbox?
    var timeout: TimeInterval = 300

    static let releaseFlags = SwiftCompiler.releaseFlags

    /// One benchmark's measurement.
    struct Measurement {
        var ratio: Double
        var studentMilliseconds: Double
        var referenceMilliseconds: Double
    }

    /// The runner for the student's release module (the one the hidden tests ran against): the
    /// prebuilt student-side workload linked with it, or, when that does not link, the workload
    /// compiled against it. `nil` when neither works.
    func buildRunner(artifacts: LessonArtifacts, student: StudentModule, work: URL, engine: (name: String, folder: URL)?) throws -> URL? {
        guard let reference = artifacts.referenceBench else { return nil }
        var release = compiler
        release.flags = Self.releaseFlags
        let libraries = [reference.library] + (lesson.usesEngine ? [engine].compactMap { $0 } : [])
        let runner = work.appendingPathComponent("bench-runner")
        if let studentSide = artifacts.studentBenchObject,
           try release.link(objects: [studentSide, reference.object, student.object], libraries: libraries, output: runner, in: work).succeeded {
            return runner
        }
        guard let modules = try student.interface() else { return nil }
        let benchSource = try String(contentsOf: bundle.appendingPathComponent("lessons/\(lesson.id)/tests/Benchmarks.swift"), encoding: .utf8)
        let sources = try LessonArtifacts.writeWorkload(benchSource, importing: lesson.module, lesson: lesson,
                                                        into: work.appendingPathComponent("bench-sources"), withMain: true)
        let compiled = try release.compileExecutable("StudentBench", sources: sources.map(\.path) + [reference.object.path],
                                                     importing: [modules, artifacts.benchModules],
                                                     libraries: [(lesson.module, modules)] + libraries, output: runner, in: work)
        return compiled.succeeded ? runner : nil
    }

    /// Runs one benchmark in the sandbox; `nil` when the process gave no (authentic) result.
    func measure(_ id: String, repetitions: Int, runner: URL) -> (Measurement?, String) {
        var executable = runner
        var stagedFolder: URL?
        defer { if let stagedFolder { try? FileManager.default.removeItem(at: stagedFolder) } }
        if let sandbox {
            guard let staged = try? sandbox.stage(runner) else { return (nil, "the grader could not stage the benchmark runner") }
            (executable, stagedFolder) = (staged.executable, staged.folder)
        }
        guard let run = try? ResultChannel.run(executable, [id, String(repetitions)], sandbox: sandbox, timeout: timeout) else {
            return (nil, "the benchmark could not start")
        }
        let outcome = run.outcome
        if outcome.timedOut { return (nil, "the benchmark did not finish within \(Int(timeout)) s") }
        for object in run.records {
            guard object["benchmark"] as? String == id,
                  let ratio = object["ratio"] as? Double, let student = object["student_ms"] as? Double,
                  let reference = object["reference_ms"] as? Double, ratio.isFinite, ratio >= 0, ratio < 1e6 else { continue }
            return (Measurement(ratio: ratio, studentMilliseconds: student, referenceMilliseconds: reference), "")
        }
        return (nil, ResultFile.cap(["the benchmark ended without a result"] + TestRunner.crashLines(outcome.output)).joined(separator: "\n"))
    }

    /// The runner's `main`, compiled into the student side's workload module (`StudentBench`): it
    /// alternates reference and student (the order flips every pair, so neither side
    /// always runs on a warmer cache), and reports the median of the per-pair ratios.
    static let runnerMain = #"""
    import Foundation
    import ReferenceBench

    let environment = ProcessInfo.processInfo.environment
    let token = environment["COURSE_RESULT_TOKEN"] ?? ""
    let handle = environment["COURSE_RESULT_PATH"].flatMap { FileHandle(forWritingAtPath: $0) }
    // Wipe the token where /proc/self/environ would show it, before any student code runs.
    for name in ["COURSE_RESULT_TOKEN", "COURSE_RESULT_PATH"] {
        if let value = getenv(name) { memset(value, 0, strlen(value)) }
        unsetenv(name)
    }
    let id = CommandLine.arguments[1]
    let repetitions = Int(CommandLine.arguments[2]) ?? 15
    guard let reference = ReferenceBench.benchmarkRuns().first(where: { $0.0 == id })?.1,
          let student = StudentBench.benchmarkRuns().first(where: { $0.0 == id })?.1 else { exit(3) }

    _ = reference(); _ = student()
    var ratios: [Double] = [], studentTimes: [Double] = [], referenceTimes: [Double] = []
    for pair in 0..<repetitions {
        var r: UInt64 = 0, s: UInt64 = 0
        if pair % 2 == 0 { r = reference(); s = student() } else { s = student(); r = reference() }
        ratios.append(Double(s) / Double(max(r, 1)))
        studentTimes.append(Double(s) / 1e6)
        referenceTimes.append(Double(r) / 1e6)
    }
    func median(_ values: [Double]) -> Double { let sorted = values.sorted(); return sorted[sorted.count / 2] }
    let record: [String: Any] = ["benchmark": id, "ratio": median(ratios), "student_ms": median(studentTimes),
                                 "reference_ms": median(referenceTimes), "token": token]
    if let data = try? JSONSerialization.data(withJSONObject: record) { handle?.write(data + Data([0x0A])) }
    """#
}
