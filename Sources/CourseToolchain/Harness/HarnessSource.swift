/// Swift source compiled into every test runner: the recording functions that rewritten
/// assertions call (`ObservationSource`), the test server, and the benchmark timer.
package enum HarnessSource {
    package static let fileName = "Harness.swift"

    /// No verdict is written here: each test process only records what its assertions saw, and
    /// the grader judges that transcript (see `Judge`). Nothing secret is in the runner's memory,
    /// its command line or its environment.
    package static let text = """
        import Foundation
        import XCTest

        """ + ObservationSource.text + "\n" + testServer + "\n" + BenchmarkSupportSource.text + "\n" + syscallFilter
}
