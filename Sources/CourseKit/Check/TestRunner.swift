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

    public init(executable: URL, module: String) {
        self.executable = executable
        self.module = module
    }

    /// Runs every named test (`Class/testName`) and returns verdicts in the same order.
    public func run(_ tests: [String]) -> [TestVerdict] {
        let results = VerdictSlots(count: tests.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, concurrency)
        for (index, test) in tests.enumerated() {
            queue.addOperation { results.set(index, runOne(test)) }
        }
        queue.waitUntilAllOperationsAreFinished()
        return results.all
    }

    func runOne(_ test: String) -> TestVerdict {
        let resultFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("course-result-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: resultFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: resultFile) }
        let outcome: ProcessRunner.Outcome
        do {
            outcome = try ProcessRunner.run(executable.path, ["\(module).\(test)"],
                                            environment: ["COURSE_RESULT_PATH": resultFile.path, "SWIFT_BACKTRACE": "enable=no"],
                                            timeout: timeout, outputLimit: 64 * 1024)
        } catch {
            return TestVerdict(name: test, status: .crashed, messages: ["could not start the test runner: \(error)"])
        }
        if outcome.timedOut {
            return TestVerdict(name: test, status: .timedOut, messages: ["no result after \(Int(timeout)) s"])
        }
        let records = (try? String(contentsOf: resultFile, encoding: .utf8)) ?? ""
        for line in records.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["test"] as? String == test, let status = object["status"] as? String else { continue }
            let failures = (object["failures"] as? [[String: Any]] ?? []).map { failure -> String in
                let message = failure["message"] as? String ?? "failed"
                let file = failure["file"] as? String ?? ""
                let line = failure["line"] as? Int ?? 0
                return file.isEmpty ? message : "\(file):\(line): \(message)"
            }
            if status == "passed" && outcome.signal == nil { return TestVerdict(name: test, status: .passed, messages: []) }
            if status == "passed" { break }  // passed, then crashed on the way out
            return TestVerdict(name: test, status: .failed, messages: failures.isEmpty ? ["failed"] : failures)
        }
        let tail = outcome.output.split(separator: "\n").filter { line in
            !line.hasPrefix("Test Suite") && !line.hasPrefix("Test Case") && !line.contains("Executed ")
        }.suffix(3).map(String.init)
        let how = outcome.signal.map { "crashed (signal \($0))" } ?? "ended (exit status \(outcome.status)) without a result"
        return TestVerdict(name: test, status: .crashed, messages: [how] + tail)
    }
}

/// Fixed-size, lock-protected result slots filled from worker threads.
final class VerdictSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [TestVerdict?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ verdict: TestVerdict) {
        lock.lock(); slots[index] = verdict; lock.unlock()
    }

    var all: [TestVerdict] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}
