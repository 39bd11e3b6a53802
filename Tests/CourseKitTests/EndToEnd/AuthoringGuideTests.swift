import Foundation
import XCTest

/// The complete example in docs/authoring.md must be a lesson that passes `course check`.
final class AuthoringGuideTests: XCTestCase {
    func testTheGuidesExampleLessonPassesCheck() throws {
        let guide = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("docs/authoring.md"), encoding: .utf8)
        let begin = try XCTUnwrap(guide.range(of: "<!-- authoring-example:begin -->\n````markdown\n"))
        let end = try XCTUnwrap(guide.range(of: "````\n<!-- authoring-example:end -->"))
        let example = String(guide[begin.upperBound..<end.lowerBound])

        let root = try TestSupport.course(["01-leaky-steps.md": example], test: self)
        let generate = try TestSupport.runCourse(["generate"], in: root)
        XCTAssertEqual(generate.status, 0, generate.output)
        XCTAssertFalse(generate.output.contains("warning"), generate.output)
        // As the guide writes it (`--lessons`, as `course grade` spells it; `--lesson` too).
        let check = try TestSupport.runCourse(["check", "--lessons", "leaky-steps"], in: root)
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(check.output.contains("reference passes all 3 tests"), check.output)  // two visible, one hidden (the benchmark is not a test)
        // What passed is said, not only what failed.
        XCTAssertTrue(check.output.contains("the benchmark runs with two seeds, and each result changes with the seed"), check.output)
        XCTAssertTrue(check.output.contains("math: every formula typesets with KaTeX"), check.output)
        let unknown = try TestSupport.runCourse(["check", "--lessons", "leaky-steps,nope", "--lesson", "other"], in: root)
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.output.contains("no lesson with id nope, other"), unknown.output)

        // The guide's statement about how points are shared.
        let lesson = try XCTUnwrap(TestSupport.parse(example).0)
        XCTAssertEqual(lesson.gradedItems(for: lesson.exercises[0]).map(\.points), [1, 0.5, 0.5])
        let stub = try String(contentsOf: root.appendingPathComponent("exercises/Sources/LeakySteps/LeakyStep.swift"), encoding: .utf8)
        XCTAssertTrue(stub.contains("    return x\n"), "the STUB line becomes the stub")
    }
}
