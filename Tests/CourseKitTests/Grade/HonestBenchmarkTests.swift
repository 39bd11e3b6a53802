@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// Benchmarks measure the work: every repetition runs on fresh inputs and the result must match
/// the reference's, student and reference run in separate sandboxes timed from outside, and in a
/// batch each worker's processes share one CPU, so one student cannot fail another.
final class HonestBenchmarkTests: XCTestCase {
    /// A lesson whose one exercise is timed: 200 residual steps over 20,000 fresh numbers.
    static func lesson(frontMatter: String = "") -> String {
        let fence = "```"
        return """
            ---
            id: timed
            title: "Timed"
            order: 1
            \(frontMatter)objectives:
              - Take residual steps quickly.
            ---

            # Timed

            \(fence)swift exercise id=residual-step points=2
            func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
                // BEGIN SOLUTION
                return x.map { $0 + f($0) }
                // END SOLUTION
            }
            \(fence)

            \(fence)swift hidden-test exercise=residual-step
            func testAddsTheBranch() {
                XCTAssertEqual(residualStep([1, -2], { 2 * $0 }), [3, -6])
                XCTAssertEqual(residualStep([0.5], { $0 * $0 }), [0.75])
            }
            \(fence)

            \(fence)swift benchmark exercise=residual-step threshold=3 repetitions=5
            var random = BenchmarkRandom(seed: benchmarkSeed)
            var x = (0..<20_000).map { _ in Double.random(in: -1...1, using: &random) }
            // TIMED
            for _ in 0..<200 { x = residualStep(x, { -0.01 * $0 }) }
            blackHole(x)
            \(fence)

            """
    }

    static let honest = "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {\n    return x.map { $0 + f($0) }\n}\n"

    /// Right results, eight times the work, and a cache keyed on the input: with the fixed
    /// inputs of old every timed call after the first was a cache hit.
    static let memoising = """
        nonisolated(unsafe) var remembered: [[Double]: [Double]] = [:]

        func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
            if let known = remembered[x] { return known }
            var y = x
            for _ in 0..<8 { y = x.map { $0 + f($0) } }
            remembered[x] = y
            return y
        }

        """

    /// Recognises the benchmark's input by its size and skips the work.
    static let recognising = """
        func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
            if x.count == 20_000 { return x }
            return x.map { $0 + f($0) }
        }

        """

    /// Eight times the work, and prints what a runner would say and a record claiming 0.5×.
    static let forging = """
        nonisolated(unsafe) var said = false

        func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
            if !said {
                said = true
                print("ready\\noutput 0\\nend")
                print(#"{"benchmark":"residual-step","ratio":0.5,"student_ms":0.1,"reference_ms":0.2,"token":""}"#)
            }
            var y = x
            for _ in 0..<8 { y = x.map { $0 + f($0) } }
            return y
        }

        """

    private func grade(_ code: String, in root: URL, as name: String) throws -> GradeReport.ItemGrade {
        let file = root.appendingPathComponent("\(name)/exercises/Sources/Timed/ResidualStep.swift")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try code.write(to: file, atomically: true, encoding: .utf8)
        let report = try GradeAction(workspace: Workspace(root: root), submission: root.appendingPathComponent(name), output: { _ in }).perform()
        let items = report.lessons.flatMap(\.exercises).flatMap(\.items)
        XCTAssertEqual(items.first { $0.kind == .test }?.status, .passed, "\(name): the hidden tests pass; only the benchmark is in question")
        return try XCTUnwrap(items.first { $0.kind == .benchmark })
    }

    func testWorkCannotBeSkippedRememberedOrClaimed() throws {
        let root = try TestSupport.course(["01-timed.md": Self.lesson()], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()

        let honest = try grade(Self.honest, in: root, as: "honest")
        XCTAssertEqual(honest.status, .passed, honest.messages.joined())
        let figures = try XCTUnwrap(honest.benchmark)
        XCTAssertLessThan(figures.high, 3, "the reference against itself")
        XCTAssertTrue(figures.low <= figures.ratio && figures.ratio <= figures.high)
        XCTAssertGreaterThanOrEqual(figures.pairs, 5)

        let memoising = try grade(Self.memoising, in: root, as: "memoising")
        XCTAssertEqual(memoising.status, .failed, "fresh inputs every repetition: the cache never hits")
        XCTAssertGreaterThan(try XCTUnwrap(memoising.benchmark).ratio, 3, memoising.messages.joined())

        let recognising = try grade(Self.recognising, in: root, as: "recognising")
        XCTAssertEqual(recognising.status, .failed)
        XCTAssertNil(recognising.benchmark, "a wrong result is not timed")
        let message = recognising.messages.joined()
        XCTAssertTrue(message.contains("differs from the reference's"), message)
        XCTAssertFalse(message.contains("where the reference has"), "the lesson's feedback does not show expected values")

        let forging = try grade(Self.forging, in: root, as: "forging")
        XCTAssertEqual(forging.status, .failed, forging.messages.joined())
        XCTAssertGreaterThan(try XCTUnwrap(forging.benchmark).ratio, 3, "the grader's clock, not the runner's word")
    }

    func testAThreadSpinningStudentLeavesAnotherStudentsVerdictAlone() throws {
        let root = try TestSupport.course(["01-timed.md": Self.lesson(frontMatter: "allow: [threads]\n")], test: self)
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: root).status, 0)
        let spinner = """
            import Foundation

            nonisolated(unsafe) var started = false

            func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
                if !started {
                    started = true
                    for _ in 0..<6 {
                        Thread.detachNewThread {
                            let end = Date().addingTimeInterval(8)
                            var spins = 0
                            while Date() < end { spins &+= 1 }
                            print(spins)
                        }
                    }
                }
                return x.map { $0 + f($0) }
            }

            """
        for (name, code) in [("honest", Self.honest), ("spinner", spinner)] {
            let file = root.appendingPathComponent("submissions/\(name)/ResidualStep.swift")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try code.write(to: file, atomically: true, encoding: .utf8)
        }
        let batch = try TestSupport.runCourse(["grade", root.appendingPathComponent("submissions").path, "--batch", "--jobs", "2"], in: root)
        XCTAssertEqual(batch.status, 0, batch.output)
        let sqlite = try XCTUnwrap(ProcessRunner.which("sqlite3"))
        let rows = try ProcessRunner.run(
            sqlite,
            [
                root.appendingPathComponent(".build/course/gradebook.sqlite").path,
                "SELECT s.student, r.kind, r.status FROM result r JOIN submission s ON s.id = r.submission ORDER BY 1, 2"
            ])
        XCTAssertEqual(
            rows.output.split(separator: "\n").filter { $0.hasPrefix("honest|") },
            ["honest|benchmark|passed", "honest|test|passed"], rows.output + "\n" + batch.output)
    }

    /// Four times the work, and a thread (the lesson allows threads) that spins only while the
    /// submission is idle, which is while the reference is timed on the CPU they share. The
    /// student's runner is stopped then, so the reference's time is its own.
    func testAThreadCannotSlowTheReferenceWhileItIsTimed() throws {
        let root = try TestSupport.course(["01-timed.md": Self.lesson(frontMatter: "allow: [threads]\n")], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        let stealing = """
            import Foundation

            nonisolated(unsafe) var working = false
            nonisolated(unsafe) var started = false

            func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
                if !started {
                    started = true
                    // Date() is opaque to the optimizer, so `working` is read again every turn.
                    Thread.detachNewThread {
                        while true { if working { Thread.sleep(forTimeInterval: 0.0001) } else { _ = Date() } }
                    }
                }
                working = true
                defer { working = false }
                var y = x
                for _ in 0..<4 { y = x.map { $0 + f($0) } }
                return y
            }

            """
        let stealer = try grade(stealing, in: root, as: "stealer")
        let figures = try XCTUnwrap(stealer.benchmark, stealer.messages.joined())
        XCTAssertEqual(stealer.status, .failed, stealer.messages.joined())
        XCTAssertGreaterThan(figures.ratio, 3, "four times the work, against a reference timed alone: \(stealer.messages.joined())")
    }

    func testEveryFormatShowsWhatWasMeasuredPassingOrNot() throws {
        let message = "1.08× the reference's time (95 % interval 1.02–1.15×, 15 pairs; threshold 2×); 3.1 ms against 2.9 ms, each on fresh inputs"
        let passing = GradeReport.ItemGrade(
            name: "residual-step", kind: .benchmark, status: .passed, score: 1, maxScore: 1,
            messages: [message], benchmark: .init(ratio: 1.08, low: 1.02, high: 1.15, threshold: 2, pairs: 15))
        let report = GradeReport(
            submission: "s",
            lessons: [
                .init(
                    id: "timed", title: "Timed", compileErrors: nil, apiErrors: [], missingFiles: [],
                    exercises: [.init(id: "residual-step", items: [passing])])
            ])
        XCTAssertTrue(report.text().contains("passed: residual-step\n      \(message)"), report.text())
        let json = try report.json()
        XCTAssertTrue(json.contains("\"interval\" : [\n"), json)
        XCTAssertTrue(json.contains("\"threshold\" : 2"), json)
        XCTAssertTrue(try report.gradescope(executionSeconds: 1).contains("95 % interval 1.02–1.15×"))
        XCTAssertTrue(report.junit().contains("threshold 2×"))
        XCTAssertTrue(FeedbackPageWriter.page(report).contains(">1.08×</text>"))
    }

    func testResultsAreComparedWithinTheTolerance() throws {
        let reference = BenchmarkValue.list([.object([.doubles([1, 2, 1e6]), .integers([7]), .enumCase("some", .string("x"))])])
        let close = BenchmarkValue.list([.object([.doubles([1 + 1e-12, 2, 1e6 + 1e-4]), .integers([7]), .enumCase("some", .string("x"))])])
        XCTAssertNil(BenchmarkGrader.difference(close, reference, tolerance: 1e-9, revealing: true))
        let off = BenchmarkValue.list([.object([.doubles([1, 2.5, 1e6]), .integers([7]), .enumCase("some", .string("x"))])])
        XCTAssertEqual(
            BenchmarkGrader.difference(off, reference, tolerance: 1e-9, revealing: true),
            "the result is 2.5 at .0[1] where the reference has 2")
        XCTAssertEqual(
            BenchmarkGrader.difference(off, reference, tolerance: 1e-9, revealing: false),
            "the result is 2.5 at .0[1], not the reference's value")
        let short = BenchmarkValue.list([.object([.doubles([1, 2]), .integers([7]), .enumCase("some", .string("x"))])])
        XCTAssertEqual(
            BenchmarkGrader.difference(short, reference, tolerance: 1, revealing: false),
            "the result is 2 numbers at .0 where the reference has 3")
        XCTAssertNotNil(BenchmarkValue.list([.doubles([.nan])]).mismatch(against: .list([.doubles([1])]), tolerance: 1, revealing: false))
        XCTAssertNil(BenchmarkValue.doubles([.nan]).mismatch(against: .doubles([.nan]), tolerance: 0, revealing: false))
    }

    func testHostileOutputBytesAreRefusedNotTrusted() {
        // A count larger than the bytes that follow, a truncated number, an unknown tag, nesting without end.
        for bytes: [UInt8] in [
            [0x44, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], [0x44, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2],
            [0x5A], Array(repeating: 0x4C, count: 10_000), []
        ] {
            XCTAssertNil(BenchmarkValue(decoding: bytes), "\(bytes.prefix(12))")
        }
        var one: [UInt8] = [0x44, 1, 0, 0, 0, 0, 0, 0, 0]
        withUnsafeBytes(of: (0.25).bitPattern.littleEndian) { one += $0 }
        XCTAssertEqual(BenchmarkValue(decoding: one), .doubles([0.25]))
    }

    func testTheMediansIntervalWidensWithNoiseAndNarrowsWithPairs() {
        let steady = Array(repeating: 1.0, count: 15)
        XCTAssertEqual(BenchmarkGrader.medianInterval(steady), 1...1)
        let noisy = (0..<15).map { 1 + Double($0 % 5) * 0.1 }
        let interval = BenchmarkGrader.medianInterval(noisy)
        XCTAssertTrue(interval.contains(BenchmarkGrader.median(noisy)))
        XCTAssertLessThan(interval.lowerBound, interval.upperBound)
        let more = BenchmarkGrader.medianInterval((0..<120).map { 1 + Double($0 % 5) * 0.1 })
        XCTAssertLessThanOrEqual(more.upperBound - more.lowerBound, interval.upperBound - interval.lowerBound)
    }

    func testARatioOverTheThresholdIsTimedAgainBeforeItCostsPoints() {
        func measured(_ ratio: Double) -> BenchmarkGrader.Measurement {
            .init(ratio: ratio, interval: ratio...ratio, pairs: 5, studentMilliseconds: ratio, referenceMilliseconds: 1, coresUsed: 1)
        }
        var asked = 0
        let passing = Grader.secondOpinion(measured(1.1), threshold: 2, asked: true) {
            asked += 1
            return .measured(measured(5))
        }
        XCTAssertEqual(passing.0.ratio, 1.1)
        XCTAssertNil(passing.note)
        XCTAssertEqual(asked, 0, "a passing ratio is not timed again")

        let transient = Grader.secondOpinion(measured(3.6), threshold: 2, asked: true) { .measured(measured(1.02)) }
        XCTAssertEqual(transient.0.ratio, 1.02, "a moment's load does not fail an honest submission")
        XCTAssertTrue(transient.note?.contains("a first timing gave 3.6×") == true, transient.note ?? "")

        let slow = Grader.secondOpinion(measured(3.6), threshold: 2, asked: true) { .measured(measured(4.1)) }
        XCTAssertEqual(slow.0.ratio, 3.6, "a slow submission fails both timings; the better one is reported")
        XCTAssertTrue(slow.note?.contains("the other timing gave 4.1×") == true, slow.note ?? "")

        let broken = Grader.secondOpinion(measured(3.6), threshold: 2, asked: true) { .crashed("the runner stopped") }
        XCTAssertEqual(broken.0.ratio, 3.6)
        XCTAssertNil(broken.note)

        asked = 0
        let trials = Grader.secondOpinion(measured(3.6), threshold: 2, asked: false) {
            asked += 1
            return .measured(measured(1))
        }
        XCTAssertEqual(trials.0.ratio, 3.6, "--benchmark-trials reports every trial as it came")
        XCTAssertEqual(asked, 0)
    }

    func testLessonsAreTimedSideBySideEachOnACPUOfItsOwn() throws {
        var sandbox = try Sandbox()
        XCTAssertTrue(sandbox.canPin, "taskset is installed by scripts/bootstrap")
        XCTAssertEqual(Grader.benchmarkCPUs(sandbox: sandbox, allowed: [0, 1], usable: 2), [0, 1], "two CPUs: both time")
        XCTAssertEqual(
            Grader.benchmarkCPUs(sandbox: sandbox, allowed: [0, 1, 2, 3], usable: 4), [1, 2, 3],
            "beyond two, the first stays free for the grader's clock")
        XCTAssertEqual(
            Grader.benchmarkCPUs(sandbox: sandbox, allowed: Array(0..<64), usable: 2), [0, 1],
            "a container's CPU quota, not its affinity, bounds how many lessons are timed at once")
        sandbox.cpu = 1
        XCTAssertEqual(Grader.benchmarkCPUs(sandbox: sandbox, allowed: [0, 1, 2]), [1], "a batch worker times on its own CPU only")
        XCTAssertEqual(Grader.benchmarkCPUs(sandbox: nil, allowed: [0, 1]), [], "unsandboxed runs cannot be pinned: one at a time")

        let pool = CPUPool([4, 7])
        let first = pool.acquire(), second = pool.acquire()
        XCTAssertEqual(Set([first, second]), [4, 7], "two timers never share a CPU while another is free")
        pool.release(first)
        XCTAssertEqual(pool.acquire(), first, "a released CPU is the one handed out next")
    }

    func testCPUTimeOfAProcessTreeCountsEveryChild() throws {
        // A shell with two spinning children. Their own CPU times, read first, can only have
        // grown by the time the tree is summed, so the sum counts both whatever the machine's
        // load (a bound on wall time would not hold on a busy machine).
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "yes > /dev/null & a=$!; yes > /dev/null & b=$!; echo $a $b; sleep 2; kill $a $b; wait"]
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let more = pipe.fileHandleForReading.availableData
            if more.isEmpty { break }  // the shell ended before printing
            line += more
        }
        let children = String(decoding: line, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
        // The spinners go first (killing only the shell would leave them running), then the shell.
        defer {
            for child in children { kill(child, SIGKILL) }
            process.waitUntilExit()
        }
        XCTAssertEqual(children.count, 2)
        Thread.sleep(forTimeInterval: 0.4)
        let own = children.map(Self.cpuSeconds(ofOneProcess:))
        let tree = ProcessTree.cpuSeconds(of: process.processIdentifier)
        XCTAssertTrue(own.allSatisfy { $0 > 0 }, "each child spun for a while: \(own)")
        XCTAssertGreaterThanOrEqual(tree, own.reduce(0, +), "the tree counts both children: \(tree) against \(own)")
        XCTAssertEqual(AllowedCPUs.parse("0-3,8,10-11"), [0, 1, 2, 3, 8, 10, 11])
    }

    /// utime + stime of one process from /proc/PID/stat (fields 14 and 15, in clock ticks).
    private static func cpuSeconds(ofOneProcess pid: pid_t) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
