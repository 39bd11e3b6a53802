import Foundation

/// The verdict on one test, from the runner's result file (never from its printed output).
public struct TestVerdict: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case passed, failed, crashed, timedOut = "timed out" }
    /// `Class/testName`.
    public var name: String
    public var status: Status
    /// Assertion messages, or the last lines printed before a crash.
    public var messages: [String]
}

/// Runs each test of a compiled runner in its own process, so a crash or hang costs one test.
public struct TestRunner: Sendable {
    public var executable: URL
    public var module: String
    public var timeout: TimeInterval = 60
    public var concurrency = ProcessInfo.processInfo.activeProcessorCount
    /// Wraps each test process (a sandbox); `nil` runs it directly.
    public var sandbox: Sandbox?
    /// Added to the environment of each test process started on its own (not through a test
    /// server): mutation analysis picks its mutant so.
    public var environment: [String: String] = [:]

    /// What every process that runs lesson code (tests, benchmarks) is given: no backtrace
    /// helper, and one hash seed for every run, so that code whose result depends on a `Set`'s or
    /// a `Dictionary`'s order gets the same grade each time it is graded.
    public static let lessonCodeEnvironment = ["SWIFT_BACKTRACE": "enable=no", "SWIFT_DETERMINISTIC_HASHING": "1"]

    public init(executable: URL, module: String) {
        self.executable = executable
        self.module = module
    }

    /// Runs every named test (`Class/testName`) and returns what each left behind, in the same
    /// order. Throws when the sandbox cannot start at all: that is a grader fault, not a zero.
    public func run(_ tests: [String]) throws -> [TestRun] {
        guard let sandbox else { return tests.parallelMap(width: concurrency) { test in Self.timed { runOne(test) } } }
        // Each worker keeps a test server (a sandbox that forks one process per test) and starts
        // a new one when a test killed or stopped it.
        let width = max(1, min(concurrency, tests.count))
        let queue = NextIndex()
        let runs = Array(0..<width).parallelMap(width: width) { _ -> [(Int, TestRun)] in
            var done: [(Int, TestRun)] = []
            var server: TestServer?
            var serverStarts = true
            while let index = queue.take(below: tests.count) {
                if server == nil && serverStarts {
                    server = TestServer(runner: executable, sandbox: sandbox, timeout: timeout)
                    serverStarts = server != nil  // one that did not come up is not tried again for every test
                }
                guard let running = server else {
                    done.append((index, Self.timed { runOne(tests[index]) }))  // no server: a process of its own
                    continue
                }
                done.append(
                    (
                        index,
                        Self.timed {
                            if let (outcome, transcript) = running.run("\(module).\(tests[index])") {
                                return TestRun(name: tests[index], outcome: outcome, transcript: transcript)
                            }
                            let killed = ProcessRunner.Outcome(
                                status: 0, signal: SIGKILL, timedOut: false,
                                output: "Killed: the test stopped the grader's test process (killed it, or hung it past the time limit)")
                            return TestRun(name: tests[index], outcome: killed, transcript: "")
                        }
                    ))
                if !running.usable { running.stop(); server = nil }
            }
            server?.stop()
            return done
        }
        // Every test without a record and with a failed start looks like a sandbox that cannot
        // run at all: ask it directly, so that a broken grader is never a zero.
        let ordered = runs.joined().sorted { $0.0 < $1.0 }.map(\.1)
        if ordered.allSatisfy({ $0.transcript.isEmpty && $0.outcome.status != 0 }) { try sandbox.probe() }
        return ordered
    }

    /// `run()` with the wall-clock time it took recorded in the run.
    private static func timed(_ run: () -> TestRun) -> TestRun {
        let started = DispatchTime.now()
        var result = run()
        result.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return result
    }

    /// The lines that say why a test process died (`Fatal error: …`), without XCTest's chatter
    /// or backtrace frames.
    package static func crashLines(_ output: String) -> [String] {
        // Split on the `\n` scalar, so `\r\n` (one Character in Swift) breaks a line too: a red
        // team's crash message with `\r\n` inside stayed one "line" and printed score lines of
        // its own in the report (round 22). A lone `\r` stays, shown as `^M`.
        let lines = output.unicodeScalars.split(separator: "\n").map { line in
            String(String.UnicodeScalarView(line.last == "\r" ? line.dropLast() : line[...]))
        }
        let reasons = lines.filter { line in
            ["Fatal error", "Precondition failed", "Assertion failed", "Illegal instruction", "Segmentation fault", "Killed"]
                .contains { line.contains($0) }
        }
        if !reasons.isEmpty { return Array(reasons.prefix(3)) }
        let quiet = lines.filter { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return !line.hasPrefix("Test Suite") && !line.hasPrefix("Test Case") && !line.contains("Executed ")
                && !(trimmed.first?.isNumber ?? false) && !trimmed.hasPrefix("*** ") && !trimmed.isEmpty
        }
        return Array(quiet.suffix(3))
    }

    /// Runs `test` in a process of its own (in a sandbox of its own, when there is one).
    func runOne(_ test: String) -> TestRun {
        let failed = { (why: String) in
            TestRun(name: test, outcome: ProcessRunner.Outcome(status: 125, signal: nil, timedOut: false, output: why), transcript: "")
        }
        let folder = Sandbox.reachableTemporaryDirectory.appendingPathComponent("course-test-\(UUID().uuidString)")
        let file = folder.appendingPathComponent("0.obs")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else { return failed("could not create the transcript") }
            var command = [executable.path, "\(module).\(test)"]
            var environment = self.environment.merging(Self.lessonCodeEnvironment.merging(["COURSE_OBSERVATIONS": file.path]) { $1 }) { $1 }
            if let sandbox {
                let staged = try sandbox.stage(executable)
                defer { try? FileManager.default.removeItem(at: staged.folder) }
                sandbox.prepareResults(folder)
                chmod(file.path, 0o666)
                environment["COURSE_OBSERVATIONS"] = Sandbox.resultsMount + "/0.obs"
                command = sandbox.wrap(
                    [staged.executable.path] + command.dropFirst(), runner: staged.executable, results: folder,
                    environment: environment)
                environment = [:]
                let outcome = try ProcessRunner.run(
                    command[0], Array(command.dropFirst()), environment: environment,
                    timeout: timeout, outputLimit: 64 * 1024)
                return TestRun(name: test, outcome: outcome, transcript: ResultFile.contents(file.path, limit: ResultFile.transcriptLimit) ?? "")
            }
            let outcome = try ProcessRunner.run(
                command[0], Array(command.dropFirst()), environment: environment,
                timeout: timeout, outputLimit: 64 * 1024)
            return TestRun(name: test, outcome: outcome, transcript: ResultFile.contents(file.path, limit: ResultFile.transcriptLimit) ?? "")
        } catch {
            return failed("could not start the test runner: \(error)")
        }
    }
}
