import Foundation
import XCTest

/// Mistakes that leave a lesson valid but quietly wrong, each in a fixture lesson under
/// `Fixtures/warnings`, reported as warnings at the line and column to fix.
final class LessonWarningTests: XCTestCase {
    private func diagnostics(_ name: String) throws -> [String] {
        let text = try String(contentsOf: TestSupport.fixtures.appendingPathComponent("warnings/\(name)"), encoding: .utf8)
        let (lesson, diagnostics) = TestSupport.parse(text, file: "lessons/\(name)")
        XCTAssertNotNil(lesson, "a warning does not stop the lesson")
        return diagnostics.map(\.description)
    }

    func testAHiddenTestWithoutTheTestPrefixIsReported() throws {
        // `check` is a helper (it is called, and takes a parameter); `unusedSetUp` asserts nothing in
        // its one-line body (the next test's assertion is not its).
        XCTAssertEqual(
            try diagnostics("unrun-test.md"),
            [
                "lessons/unrun-test.md:28:6: warning: 'negativeNumbersDouble' asserts but XCTest never runs it: only methods named 'test…' run; rename it 'testNegativeNumbersDouble' [course.test.notRun]"
            ])
    }

    func testABenchmarkThatConsumesNoResultIsReported() throws {
        XCTAssertEqual(
            try diagnostics("unused-benchmark.md"),
            [
                "lessons/unused-benchmark.md:33:1: warning: the timed code passes no result to 'blackHole(…)': the optimizer may delete the work and the grader cannot compare results [course.benchmark.resultUnused]"
            ])
    }
}
