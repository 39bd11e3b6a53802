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
        XCTAssertTrue(message.contains("[-1.0, 2.0] vs [3.0, -6.0] (expected)"), message)
        let results = try report.gradescope(executionSeconds: 1)
        XCTAssertTrue(results.contains("\"visibility\" : \"after_due_date\""), results)
        // The page's output is always shown, so it does not state a total the held-back tests make up.
        let output = try XCTUnwrap(
            (try JSONSerialization.jsonObject(with: Data(results.utf8)) as? [String: Any])?["output"] as? String)
        XCTAssertTrue(output.hasPrefix("Your results are shown when the course releases them."), output)
        XCTAssertFalse(output.contains(" points."), output)
        let shown = try gradeWrongAnswer(frontMatter: "feedback: values\n")
        let shownOutput = try XCTUnwrap(
            (try JSONSerialization.jsonObject(with: Data(shown.gradescope(executionSeconds: 1).utf8)) as? [String: Any])?["output"] as? String)
        XCTAssertTrue(shownOutput.hasPrefix("0 of "), shownOutput)
    }

    /// The code under test receives the hidden inputs: by default what it prints when it crashes,
    /// or returns in a failed check, shows them (a red team printed a test's input and its closure's
    /// values); under `feedback: verdicts` nothing the code computed or printed is shown.
    func testVerdictsPolicyShowsNothingTheCodeComputedOrPrinted() throws {
        let leaking = """
            func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
                if x.count == 2 { fatalError("input \\(x), f(x) \\(x.map(f))") }
                return x
            }

            """
        let open = try TestSupport.gradeScaffold(leaking, test: self)
        let shown = open.lessons[0].exercises[0].items.flatMap(\.messages).joined(separator: "\n")
        XCTAssertTrue(shown.contains("input [1.0, -2.0]"), "the channel this policy closes:\n\(shown)")
        let closed = try TestSupport.gradeScaffold(leaking, frontMatter: "feedback: verdicts\n", test: self)
        let items = closed.lessons[0].exercises[0].items
        // Which tests pass is the same; how a test failed is not shown (the code could choose a
        // crash, a failed check or the clock by what it read: about 1.6 bits per test).
        let openItems = open.lessons[0].exercises[0].items
        XCTAssertTrue(openItems.contains { $0.status == .crashed }, "\(openItems)")
        XCTAssertEqual(items.map { $0.status == .passed }, openItems.map { $0.status == .passed }, "the same tests pass")
        XCTAssertEqual(Set(items.map(\.status)).subtracting([.passed]), [.failed], "\(items)")
        let withheld = items.flatMap(\.messages).joined(separator: "\n")
        for value in ["1.0", "-2.0", "input", "Fatal", "crash"] { XCTAssertFalse(withheld.contains(value), withheld) }
        XCTAssertTrue(withheld.contains("the test did not pass"), withheld)
        // A test's time is the submission's to choose (a busy wait per input value): not reported.
        XCTAssertTrue(open.lessons[0].exercises[0].items.contains { $0.seconds != nil }, "times are reported under messages")
        XCTAssertEqual(items.compactMap(\.seconds), [], "no times under verdicts")
        XCTAssertFalse(try closed.json().contains("\"seconds\""))
        // Why a benchmark was not timed: under verdicts not what it printed or the value it got wrong.
        XCTAssertEqual(HiddenTestFeedback.messages.shownBenchmarkProblem("crashed: depth 200", crashed: true), ["crashed: depth 200"])
        for crashed in [true, false] {
            let problem = HiddenTestFeedback.verdicts.shownBenchmarkProblem("crashed: depth 200", crashed: crashed)
            XCTAssertEqual(problem.count, 1)
            XCTAssertFalse(problem[0].contains("200"), problem[0])
        }
        let wrong = try gradeWrongAnswer(frontMatter: "feedback: verdicts\n").lessons[0].exercises[0].items[0].messages
        XCTAssertEqual(wrong, ["the test did not pass (this lesson shows only whether each hidden test passed)"])
    }

    func testAnUnknownPolicyIsAnErrorAtItsLine() {
        let text = NewLessonAction.template(id: "graded", title: "Graded", order: 1)
            .replacingOccurrences(of: "order: 1\n", with: "order: 1\nfeedback: everything\n")
        let (_, diagnostics) = TestSupport.parse(text)
        let diagnostic = diagnostics.first { $0.id == "course.frontMatter.badChoice" }
        XCTAssertEqual(diagnostic?.location.line, 5, "\(diagnostics)")
        XCTAssertTrue(diagnostic?.message.contains("'messages', 'values', 'verdicts'") ?? false, "\(diagnostics)")
        let typo = TestSupport.parse(text.replacingOccurrences(of: "feedback: everything", with: "feedback: value")).1
        XCTAssertTrue(typo.contains { $0.message.hasSuffix("did you mean 'values'?") }, "\(typo)")
    }
}
