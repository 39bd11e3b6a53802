@testable import CourseGrading
@testable import CourseKit
import CourseToolchain
import Foundation
import XCTest

/// With benchmarks off a benchmark counts toward no total, whether its lesson compiled or not.
final class NoBenchmarkTotalsTests: XCTestCase {
    func testALessonThatDoesNotCompileKeepsTheSameTotal() throws {
        let lesson = NewLessonAction.scaffold(id: "scaffold", title: "Scaffold", order: 1, figure: false)
        let root = try TestSupport.course(["01-scaffold.md": lesson], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        let submission = root.appendingPathComponent("exercises")
        let stubs = try TestSupport.gradeTests(submission, root: root, lessons: ["scaffold"])
        let sources = submission.appendingPathComponent("Sources")
        let module = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: sources.path).first { !$0.hasPrefix(".") && $0 != "HandinTool" })
        let file = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: sources.appendingPathComponent(module).path).sorted().first { $0.hasSuffix(".swift") })
        try "this does not compile\n".write(to: sources.appendingPathComponent("\(module)/\(file)"), atomically: true, encoding: .utf8)
        let broken = try TestSupport.gradeTests(submission, root: root, lessons: ["scaffold"])
        XCTAssertEqual(broken.score, 0, broken.text())
        XCTAssertEqual(broken.maxScore, stubs.maxScore, "stubs:\n\(stubs.text())\nbroken:\n\(broken.text())")
        XCTAssertTrue(broken.text().contains("not timed (grading ran with benchmarks off)"), broken.text())
    }
}
