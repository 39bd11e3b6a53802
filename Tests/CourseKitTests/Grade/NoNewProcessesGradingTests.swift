@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// Graded tests and benchmarks run in processes that cannot start another: a process of the
/// submission's would live beside the runner, out of the grader's accounting (found by a
/// red-team review: a forked child, its `fork` found by walking libc's symbol table, spun while
/// the reference was timed). Even a lesson that allows the C library cannot: its support code
/// tries `fork` in a hidden test and in a benchmark's set-up. The tests also hash with one fixed
/// seed, so a submission whose result depends on a `Set`'s order is graded the same every time.
final class NoNewProcessesGradingTests: XCTestCase {
    static let lesson = """
        ---
        id: alone
        title: Alone
        order: 1
        allow: [c-library]
        objectives:
          - Add a branch to its input.
        ---

        ```swift support
        import Foundation

        /// What `fork` returned: -1 when no process could start (a child leaves at once).
        public func forkResult() -> Int32 {
            let child = fork()
            if child == 0 { _exit(0) }
            if child > 0 { waitpid(child, nil, 0) }
            return child
        }

        /// Whether this process hashes with the fixed seed (the grader's lesson-code environment).
        public func hashingIsDeterministic() -> Bool {
            getenv("SWIFT_DETERMINISTIC_HASHING").map { String(cString: $0) } == "1"
        }
        ```

        ```swift exercise id=step points=1
        public func step(_ x: Double) -> Double {
            // BEGIN SOLUTION
            return x + 0.5 * x
            // END SOLUTION
        }
        ```

        ```swift test exercise=step
        func testStep() { XCTAssertEqual(step(2), 3) }
        ```

        ```swift hidden-test exercise=step
        func testStepOfFour() { XCTAssertEqual(step(4), 6) }
        func testNoProcessCanStart() { XCTAssertEqual(forkResult(), -1) }
        func testHashingIsTheSameInEveryRun() { XCTAssertTrue(hashingIsDeterministic()) }
        ```

        ```swift benchmark exercise=step threshold=3 repetitions=5
        precondition(forkResult() == -1, "a benchmark process started another process")
        var random = BenchmarkRandom(seed: benchmarkSeed)
        let x = (0..<10_000).map { _ in Double.random(in: -1...1, using: &random) }
        // TIMED
        blackHole(x.map(step))
        ```

        """

    func testATestOrBenchmarkProcessCannotForkAndHashesWithAFixedSeed() throws {
        let root = try TestSupport.course(["01-alone.md": Self.lesson], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        let submission = try TestSupport.submission(
            module: "Alone", ["Step.swift": "public func step(_ x: Double) -> Double { 1.5 * x }\n"], test: self)
        let report = try GradeAction(workspace: Workspace(root: root), submission: submission, output: { _ in }).perform()
        let items = report.lessons.flatMap(\.exercises).flatMap(\.items)
        XCTAssertEqual(items.filter { $0.kind == .test }.map(\.status), [.passed, .passed, .passed], report.text() + (report.lessons.first?.compileErrors ?? ""))
        XCTAssertEqual(items.filter { $0.kind == .benchmark }.map(\.status), [.passed], report.text())
        XCTAssertEqual(report.score, report.maxScore, report.text())
    }
}
