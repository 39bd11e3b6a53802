/// Swift source compiled into every test runner: the result observer and the benchmark timer.
enum HarnessSource {
    static let fileName = "Harness.swift"

    /// The observer writes one JSON line per finished test to the file named by
    /// `COURSE_RESULT_PATH`. A test that crashes or hangs writes nothing, and the runner's parent
    /// counts that as a failure: a verdict is never read from what the test prints. Each line
    /// carries the token from `COURSE_RESULT_TOKEN`, which the observer takes out of the
    /// environment before any test runs, so code under test cannot simply forge a verdict line.
    static let text = #"""
    import Foundation
    import XCTest

    final class ResultObserver: NSObject, XCTestObservation {
        private var failures: [[String: Any]] = []
        private let handle: FileHandle?
        private let token: String

        private init(path: String?, token: String) {
            handle = path.flatMap { FileHandle(forWritingAtPath: $0) }
            handle?.seekToEndOfFile()
            self.token = token
        }

        /// Reports to the file and with the token the grader put in the environment.
        static func install() {
            let environment = ProcessInfo.processInfo.environment
            let (path, token) = (environment["COURSE_RESULT_PATH"], environment["COURSE_RESULT_TOKEN"] ?? "")
            forget("COURSE_RESULT_TOKEN")
            forget("COURSE_RESULT_PATH")
            install(path: path, token: token)
        }

        static func install(path: String?, token: String) {
            XCTestObservationCenter.shared.addTestObserver(ResultObserver(path: path, token: token))
        }

        /// Overwrites a variable's bytes where the process started with them (what
        /// /proc/self/environ shows), then removes it: code under test must not read the token.
        static func forget(_ name: String) {
            if let value = getenv(name) { memset(value, 0, strlen(value)) }
            unsetenv(name)
        }

        func testCaseWillStart(_ testCase: XCTestCase) { failures = [] }

        func testCase(_ testCase: XCTestCase, didFailWithDescription description: String, inFile filePath: String?, atLine lineNumber: Int) {
            failures.append(["message": description, "file": filePath ?? "", "line": lineNumber])
        }

        func testCaseDidFinish(_ testCase: XCTestCase) {
            let run = testCase.testRun
            let status = failures.isEmpty && (run?.hasSucceeded ?? false) ? "passed"
                : (run?.hasBeenSkipped ?? false) ? "skipped" : "failed"
            let name = testCase.name.replacingOccurrences(of: ".", with: "/")
            if let line = Self.line(test: name, status: status, failures: failures, seconds: run?.totalDuration ?? 0, token: token) {
                handle?.write(line)
            }
        }

        static func line(test: String, status: String, failures: [[String: Any]], seconds: Double, token: String) -> Data? {
            let record: [String: Any] = ["test": test, "status": status, "failures": failures, "seconds": seconds, "token": token]
            return (try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])).map { $0 + Data([0x0A]) }
        }

        /// Does once, in the test server, the work every test's report repeats (the runtime's
        /// type lookups), so that the processes forked from it start with that work done.
        static func rehearse() {
            _ = line(test: "A/b.c", status: "failed", failures: [["message": "m", "file": "f", "line": 1]], seconds: 0.5, token: "t")
            _ = XCTestObservationCenter.shared
        }
    }

    """# + "\n" + testServer + "\n" + benchmarkSupport

    /// The timer and `blackHole`, also compiled alone into the grader's benchmark modules.
    static let benchmarkSupport = #"""
    import Dispatch

    /// Measures the timed part of a benchmark workload.
    struct BenchmarkTimer {
        private var started: UInt64 = 0
        private(set) var nanoseconds: UInt64 = 0

        mutating func start() { started = DispatchTime.now().uptimeNanoseconds }
        mutating func stop() { nanoseconds += DispatchTime.now().uptimeNanoseconds - started }
    }

    /// Keeps a result alive so the optimizer cannot delete the work that made it.
    @inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
    """#
}
