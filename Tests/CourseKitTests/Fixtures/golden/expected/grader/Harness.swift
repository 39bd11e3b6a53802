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

    static func install() {
        let environment = ProcessInfo.processInfo.environment
        let observer = ResultObserver(path: environment["COURSE_RESULT_PATH"], token: environment["COURSE_RESULT_TOKEN"] ?? "")
        forget("COURSE_RESULT_TOKEN")
        forget("COURSE_RESULT_PATH")
        XCTestObservationCenter.shared.addTestObserver(observer)
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
        let record: [String: Any] = ["test": name, "status": status, "failures": failures,
                                     "seconds": run?.totalDuration ?? 0, "token": token]
        if let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]) {
            handle?.write(data + Data([0x0A]))
        }
    }
}

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