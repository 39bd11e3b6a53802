@testable import CourseGrading
@testable import CourseKit
import Foundation
import XCTest

/// A failing hidden test shows its name, the failed check and the student's value; the expected
/// value only when the lesson's front matter says `feedback: values`. Gradescope gets the
/// lesson's `visibility` for each test.
final class FeedbackPolicyTests: XCTestCase {
    private func gradeWrongAnswer(frontMatter: String) throws -> GradeReport {
        try TestSupport.gradeScaffold(
            "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] { x.map { $0 - f($0) } }\n",
            frontMatter: frontMatter, test: self)
    }

    func testByDefaultTheExpectedValueStaysHidden() throws {
        let report = try gradeWrongAnswer(frontMatter: "")
        let message = report.lessons[0].exercises[0].items[0].messages.joined()
        XCTAssertTrue(message.contains("XCTAssertEqual failed: [-1.0, 2.0]"), message)
        XCTAssertFalse(message.contains("-6"), message)
        XCTAssertTrue(try report.gradescope(executionSeconds: 1).contains("\"visibility\" : \"visible\""))
    }

    func testValuesPolicyShowsTheExpectedValueAndVisibilityReachesGradescope() throws {
        let report = try gradeWrongAnswer(frontMatter: "feedback: values\nvisibility: after_due_date\n")
        let message = report.lessons[0].exercises[0].items[0].messages.joined()
        XCTAssertTrue(message.contains("[-1.0, 2.0] vs [3.0, -6.0]"), message)
        let results = try report.gradescope(executionSeconds: 1)
        XCTAssertTrue(results.contains("\"visibility\" : \"after_due_date\""), results)
    }

    func testAnUnknownPolicyIsAnErrorAtItsLine() {
        let text = NewLessonAction.template(id: "graded", title: "Graded", order: 1)
            .replacingOccurrences(of: "order: 1\n", with: "order: 1\nfeedback: everything\n")
        let (_, diagnostics) = TestSupport.parse(text)
        let diagnostic = diagnostics.first { $0.id == "course.frontMatter.badChoice" }
        XCTAssertEqual(diagnostic?.location.line, 5, "\(diagnostics)")
        XCTAssertTrue(diagnostic?.message.contains("'messages', 'values'") ?? false, "\(diagnostics)")
    }
}
