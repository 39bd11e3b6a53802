import Foundation

/// The verdict on one test, from the runner's result file (never from its printed output).
public struct TestVerdict: Sendable, Equatable {
    public enum Status: String, Sendable { case passed, failed, crashed, timedOut = "timed out" }
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

    public init(executable: URL, module: String) {
        self.executable = executable
        self.module = module
    }

    /// Runs every named test (`Class/testName`) and returns verdicts in the same order.
    public func run(_ tests: [String]) -> [TestVerdict] {
        guard let sandbox else { return tests.parallelMap(width: concurrency) { runOne($0) } }
        // Each worker keeps a test server (a sandbox that forks one process per test) and starts
        // a new one when a test killed or stopped it.
        let width = max(1, min(concurrency, tests.count))
        let queue = NextIndex()
        let verdicts = Array(0..<width).parallelMap(width: width) { _ -> [(Int, TestVerdict)] in
            var done: [(Int, TestVerdict)] = []
            var server: TestServer?
            var serverStarts = true
            while let index = queue.take(below: tests.count) {
                if server == nil && serverStarts {
                    server = TestServer(runner: executable, sandbox: sandbox, timeout: timeout)
                    serverStarts = server != nil  // one that did not come up is not tried again for every test
                }
                guard let running = server else {
                    done.append((index, runOne(tests[index])))  // no server: a process of its own
                    continue
                }
                if let channel = running.run("\(module).\(tests[index])") {
                    done.append((index, verdict(tests[index], from: channel)))
                } else {
                    done.append((index, TestVerdict(name: tests[index], status: .crashed,
                                                    messages: ["the test stopped the grader's test process (killed it, or hung it past the time limit)"])))
                }
                if !running.usable { running.stop(); server = nil }
            }
            server?.stop()
            return done
        }
        return verdicts.joined().sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The lines that say why a test process died (`Fatal error: …`), without XCTest's chatter
    /// or backtrace frames.
    static func crashLines(_ output: String) -> [String] {
        let lines = output.split(separator: "\n").map(String.init)
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
    func runOne(_ test: String) -> TestVerdict {
        var runner = self
        var staged: URL?
        if let sandbox {
            guard let copy = try? sandbox.stage(executable) else {
                return TestVerdict(name: test, status: .crashed, messages: ["the grader could not stage the test runner"])
            }
            runner.executable = copy.executable
            staged = copy.folder
        }
        defer { staged.map { try? FileManager.default.removeItem(at: $0) } }
        do {
            return verdict(test, from: try ResultChannel.run(runner.executable, ["\(module).\(test)"], sandbox: sandbox, timeout: timeout))
        } catch {
            return TestVerdict(name: test, status: .crashed, messages: ["could not start the test runner: \(error)"])
        }
    }

    /// The verdict from a finished run: its authentic result record, else how the process ended.
    func verdict(_ test: String, from run: ResultChannel) -> TestVerdict {
        let outcome = run.outcome
        if outcome.timedOut {
            return TestVerdict(name: test, status: .timedOut, messages: ["no result after \(Int(timeout)) s"])
        }
        for object in run.records {
            guard object["test"] as? String == test, let status = object["status"] as? String else { continue }
            let failures = (object["failures"] as? [[String: Any]] ?? []).map { failure -> String in
                let message = failure["message"] as? String ?? "failed"
                let file = failure["file"] as? String ?? ""
                let line = failure["line"] as? Int ?? 0
                return file.isEmpty ? message : "\(file):\(line): \(message)"
            }
            let died = outcome.signal != nil || (sandbox != nil && outcome.status > 128)
            if status == "passed" && !died { return TestVerdict(name: test, status: .passed, messages: []) }
            if status == "passed" { break }  // passed, then crashed on the way out
            return TestVerdict(name: test, status: .failed, messages: ResultFile.cap(failures.isEmpty ? ["failed"] : failures))
        }
        let tail = Self.crashLines(outcome.output)
        // A sandbox (bwrap) reports a child killed by signal N as exit status 128 + N.
        let signal = outcome.signal ?? (outcome.status > 128 && outcome.status < 160 ? outcome.status - 128 : nil)
        let how = signal.map { $0 == SIGXFSZ ? "stopped: printed or wrote more than the sandbox allows" : "crashed (signal \($0))" }
            ?? "ended (exit status \(outcome.status)) without a result"
        return TestVerdict(name: test, status: .crashed, messages: ResultFile.cap([how] + tail))
    }
}
