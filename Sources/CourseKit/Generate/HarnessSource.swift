/// Swift source compiled into every test runner: the recording functions that rewritten
/// assertions call (`ObservationSource`), the test server, and the benchmark timer.
enum HarnessSource {
    static let fileName = "Harness.swift"

    /// No verdict is written here: each test process only records what its assertions saw, and
    /// the grader judges that transcript (see `Judge`). Nothing secret is in the runner's memory,
    /// its command line or its environment.
    static let text = """
    import Foundation
    import XCTest

    """ + ObservationSource.text + "\n" + testServer + "\n" + benchmarkSupport

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
