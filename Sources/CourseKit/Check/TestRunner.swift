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
        var runner = self
        if let sandbox {
            guard let staged = try? sandbox.stage(executable) else {
                return tests.map { TestVerdict(name: $0, status: .crashed, messages: ["the grader could not stage the test runner"]) }
            }
            runner.executable = staged.executable
            defer { try? FileManager.default.removeItem(at: staged.folder) }
            return runner.runAll(tests)
        }
        return runAll(tests)
    }

    private func runAll(_ tests: [String]) -> [TestVerdict] {
        tests.parallelMap(width: concurrency) { runOne($0) }
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

    func runOne(_ test: String) -> TestVerdict {
        let run: ResultChannel
        do {
            run = try ResultChannel.run(executable, ["\(module).\(test)"], sandbox: sandbox, timeout: timeout)
        } catch {
            return TestVerdict(name: test, status: .crashed, messages: ["could not start the test runner: \(error)"])
        }
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
        let how = signal.map { "crashed (signal \($0))" } ?? "ended (exit status \(outcome.status)) without a result"
        return TestVerdict(name: test, status: .crashed, messages: ResultFile.cap([how] + tail))
    }
}
