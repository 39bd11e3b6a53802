@testable import CourseToolchain
import XCTest

/// An interpolated value of an author's message is shown only where the student's run recorded
/// the same value as the reference's: inputs such as a depth, never the reference's results.
final class AuthorMessagePartsTests: XCTestCase {
    private let witness = "depth \u{FFFC}: peaks \u{FFFC}\u{1F}5\u{1F}[3, 3, 3]"

    func testAValueBothRunsAgreeOnIsShownAndTheReferencesResultIsNot() {
        XCTAssertEqual(AuthorMessageParts.shown(witness: witness, own: "\u{1F}5\u{1F}[4, 5, 6]"), "depth 5: peaks …")
        XCTAssertEqual(AuthorMessageParts.shown(witness: witness, own: "\u{1F}5\u{1F}[3, 3, 3]"), "depth 5: peaks [3, 3, 3]")
        XCTAssertEqual(AuthorMessageParts.shown(witness: witness, own: "\u{1F}6\u{1F}[3, 3, 3]"), "depth …: peaks [3, 3, 3]")
    }

    func testMissingForgedOrUnevaluatedValuesShowNothingOfTheReference() {
        for own: String? in [nil, "", "\u{1F}5", "\u{1F}5\u{1F}[3, 3, 3]\u{1F}x", "\u{1F}\u{FFFD}\u{1F}[9]"] {
            let shown = AuthorMessageParts.shown(witness: witness, own: own)
            XCTAssertFalse(shown.contains("[3, 3, 3]"), "\(own.debugDescription): \(shown)")
            XCTAssertTrue(shown.hasPrefix("depth ") && shown.contains(": peaks "), shown)
        }
        // A value neither run evaluated, or one too long or with lines, is not shown either.
        XCTAssertEqual(AuthorMessageParts.shown(witness: "a \u{FFFC}\u{1F}\u{FFFD}", own: "\u{1F}\u{FFFD}"), "a …")
        let long = String(repeating: "7", count: 201)
        XCTAssertEqual(AuthorMessageParts.shown(witness: "a \u{FFFC}\u{1F}\(long)", own: "\u{1F}\(long)"), "a …")
        XCTAssertEqual(AuthorMessageParts.shown(witness: "a \u{FFFC}\u{1F}x\ny", own: "\u{1F}x\ny"), "a …")
        // Words that do not match their values (a damaged record): placeholders only.
        XCTAssertEqual(AuthorMessageParts.shown(witness: "a \u{FFFC} b \u{FFFC}\u{1F}1", own: "\u{1F}1"), "a … b …")
    }

    func testAMessageWithoutInterpolationsIsShownAsWritten() {
        XCTAssertEqual(AuthorMessageParts.shown(witness: "halving the step lowers the error", own: nil), "halving the step lowers the error")
    }

    /// Through the judge: the student's own record of the message decides what is shown.
    func testTheJudgeShowsTheAgreedValuesOfAFailedAssertion() {
        func s(_ text: String) -> String { "s" + text.utf8.map { String(format: "%02x", $0) }.joined() }
        let judge = Judge(sites: [.init(id: 0, kind: .equal, hiddenMask: 0b0010, line: 7)])
        let reference = Observation.transcript("0 [i3,i3] [i3,i3] - \(s(witness)) b1\n")!
        let run = TestRun(
            name: "C/testA", outcome: .init(status: 0, signal: nil, timedOut: false, output: ""),
            transcript: "0 [i4,i5] h - \(s("\u{1F}5\u{1F}[4, 5]")) -\n")
        let verdict = judge.verdict(run, witness: reference, blind: true)
        XCTAssertEqual(verdict.status, .failed)
        XCTAssertTrue(verdict.messages[0].hasSuffix("— depth 5: peaks …"), verdict.messages[0])
        XCTAssertFalse(verdict.messages[0].contains("3, 3"), verdict.messages[0])
    }
}
