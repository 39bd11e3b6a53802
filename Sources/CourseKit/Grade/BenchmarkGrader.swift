import Foundation

/// Times a lesson's benchmarks: student and reference code, compiled with the same release flags,
/// run interleaved in one sandboxed process; the score is the median of the per-pair time ratios.
///
/// The reference side (its module and its benchmark module) does not depend on the submission, so
/// it is compiled once per bundle content and cached.
struct BenchmarkGrader {
    let bundle: URL
    let lesson: GraderBundleWriter.Manifest.LessonEntry
    let compiler: SwiftCompiler
    let cacheDirectory: URL
    let sandbox: Sandbox?
    var timeout: TimeInterval = 300

    static let releaseFlags = ["-O", "-wmo", "-diagnostic-style", "llvm"]

    /// One benchmark's measurement.
    struct Measurement {
        var ratio: Double
        var studentMilliseconds: Double
        var referenceMilliseconds: Double
    }

    /// Builds the runner against the student's release module in `studentModules` (the one the
    /// hidden tests ran against).
    func buildRunner(studentModules: URL, work: URL, engine: (name: String, folder: URL)?) throws -> URL? {
        var release = compiler
        release.flags = Self.releaseFlags
        let benchSource = try String(contentsOf: bundle.appendingPathComponent("lessons/\(lesson.id)/tests/Benchmarks.swift"), encoding: .utf8)
        let engineLibraries = lesson.usesEngine ? [engine].compactMap { $0 } : []

        // Reference side, cached by the hash of everything it is made from.
        let referenceFolder = bundle.appendingPathComponent("lessons/\(lesson.id)/reference")
        let referenceNames = try FileManager.default.contentsOfDirectory(atPath: referenceFolder.path).filter { $0.hasSuffix(".swift") }.sorted()
        var key = benchSource + Self.releaseFlags.joined() + HarnessSource.benchmarkSupport + compiler.swiftc
        if let engine = engineLibraries.first,
           let names = try? FileManager.default.contentsOfDirectory(atPath: engine.folder.path).filter({ $0.hasSuffix(".swiftmodule") }) {
            for name in names.sorted() { key += (try? String(decoding: Data(contentsOf: engine.folder.appendingPathComponent(name)), as: UTF8.self)) ?? name }
        }
        for name in referenceNames { key += name + (try String(contentsOf: referenceFolder.appendingPathComponent(name), encoding: .utf8)) }
        let referenceModule = lesson.module + "Reference"
        let cached = try BuildCache.folder("\(lesson.id)-\(BuildCache.hash(key))", in: cacheDirectory) { building in
            let module = try release.compileModule(referenceModule, sources: referenceNames.map { referenceFolder.appendingPathComponent($0).path },
                                                   workingDirectory: referenceFolder, output: building, linking: engineLibraries)
            guard module.succeeded else { throw CourseError.toolFailed("the reference solution of \(lesson.id) does not compile in release mode:\n\(module.output)") }
            try writeBenchModule("ReferenceBench", importing: referenceModule, source: benchSource, into: building,
                                 compiler: release, modules: [(referenceModule, building)] + engineLibraries)
        }.folder

        // Student side: the module the hidden tests ran against.
        let studentFolder = studentModules
        try writeBenchModule("StudentBench", importing: lesson.module, source: benchSource, into: studentFolder,
                             compiler: release, modules: [(lesson.module, studentFolder)] + engineLibraries)

        let main = work.appendingPathComponent("bench-main/main.swift")
        try FileManager.default.createDirectory(at: main.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.runnerMain.write(to: main, atomically: true, encoding: .utf8)
        let runner = work.appendingPathComponent("bench-runner")
        let linked = try release.compileRunner("BenchRunner", against: "StudentBench", sources: [main.path], modules: studentFolder,
                                               workingDirectory: work, output: runner,
                                               linking: [("ReferenceBench", cached), (lesson.module, studentFolder),
                                                         (referenceModule, cached)] + engineLibraries)
        guard linked.succeeded else { throw CourseError.toolFailed("the benchmark runner of \(lesson.id) does not link:\n\(linked.output)") }
        return runner
    }

    /// Compiles the lesson's benchmark workloads against one side's module, as a library.
    private func writeBenchModule(_ name: String, importing module: String, source: String, into folder: URL,
                                  compiler: SwiftCompiler, modules: [(name: String, folder: URL)]) throws {
        let sources = folder.appendingPathComponent("\(name)-sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let rewritten = source.replacingOccurrences(of: "@testable import \(lesson.module)\n", with: "@testable import \(module)\n")
            + """

            /// Each workload as a closure returning the nanoseconds of its timed part.
            public func benchmarkRuns() -> [(String, () -> UInt64)] {
                LessonBenchmarks.all.map { entry in (entry.0, { var timer = BenchmarkTimer(); entry.1(&timer); return timer.nanoseconds }) }
            }

            """
        try rewritten.write(to: sources.appendingPathComponent("Benchmarks.swift"), atomically: true, encoding: .utf8)
        try HarnessSource.benchmarkSupport.write(to: sources.appendingPathComponent("BenchmarkSupport.swift"), atomically: true, encoding: .utf8)
        let result = try compiler.compileModule(name, sources: [sources.appendingPathComponent("Benchmarks.swift").path,
                                                                sources.appendingPathComponent("BenchmarkSupport.swift").path],
                                                workingDirectory: folder, output: folder, linking: modules)
        guard result.succeeded else { throw CourseError.toolFailed("benchmarks of \(lesson.id) do not compile against \(module):\n\(result.output)") }
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

    /// The runner: alternates reference and student (the order flips every pair, so neither side
    /// always runs on a warmer cache), and reports the median of the per-pair ratios.
    static let runnerMain = #"""
    import Foundation
    import ReferenceBench
    import StudentBench

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
