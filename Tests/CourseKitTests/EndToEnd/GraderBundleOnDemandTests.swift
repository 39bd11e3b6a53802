@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// A fresh clone grades without `course generate`: `course grade` builds the grader bundle from
/// `lessons/`, rebuilds it when the lessons change, says so in one line, and leaves `exercises/` alone.
final class GraderBundleOnDemandTests: XCTestCase {
    private var root: URL!
    private var lesson: URL!

    override func setUpWithError() throws {
        root = try TestSupport.course(["01-graded.md": NewLessonAction.template(id: "graded", title: "Graded", order: 1)], test: self)
        lesson = root.appendingPathComponent("lessons/01-graded.md")
        let file = root.appendingPathComponent("student/ResidualStep.swift")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {\n    return x.map { $0 + f($0) }\n}\n"
            .write(to: file, atomically: true, encoding: .utf8)
    }

    private func grade() throws -> ProcessRunner.Outcome {
        try TestSupport.runCourse(["grade", "student", "--no-benchmarks"], in: root)
    }

    private func editLesson(_ change: (String) -> String) throws {
        try change(try String(contentsOf: lesson, encoding: .utf8)).write(to: lesson, atomically: true, encoding: .utf8)
    }

    func testGradeBuildsTheBundleAndRebuildsItWhenTheLessonsChange() throws {
        let first = try grade()
        XCTAssertEqual(first.status, 0, first.output)
        XCTAssertTrue(first.output.contains("built the grader bundle from lessons/ (1 lesson)\n"), first.output)
        XCTAssertTrue(first.output.contains("Submission student: 2 / 2 points"), first.output)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: root.appendingPathComponent("exercises").path),
            "exercises/ is `course generate`'s to write")

        let again = try grade()
        XCTAssertFalse(again.output.contains("grader bundle"), "a current bundle is used as it is: \(again.output)")

        // Prose only: the inputs changed, the bundle did not, so nothing is said.
        try editLesson { $0.replacingOccurrences(of: "Explain the idea here.", with: "Explain the idea here, briefly.") }
        XCTAssertFalse(try grade().output.contains("grader bundle"))

        try editLesson { $0.replacingOccurrences(of: "points=2", with: "points=3") }
        let edited = try grade()
        XCTAssertTrue(edited.output.contains("rebuilt the grader bundle from lessons/ (1 lesson): "), edited.output)
        XCTAssertTrue(edited.output.contains("Submission student: 3 / 3 points"), "graded with the edited lesson: \(edited.output)")
    }

    func testBrokenLessonsAreACouldNotGradeWithTheirLocations() throws {
        try editLesson { $0.replacingOccurrences(of: "    // END SOLUTION\n", with: "") }
        let outcome = try grade()
        XCTAssertEqual(outcome.status, 2, outcome.output)
        XCTAssertTrue(outcome.output.contains("lessons/01-graded.md:"), outcome.output)
        XCTAssertTrue(outcome.output.contains("error: solution region is never closed"), outcome.output)
        XCTAssertTrue(outcome.output.contains("could not grade: the grader bundle cannot be built: "), outcome.output)
        XCTAssertTrue(outcome.output.contains(" in the lessons (listed above)"), outcome.output)
    }

    /// Gradescope's image holds the bundle and no lessons: it grades with the bundle as it is.
    func testWithoutLessonsTheBundleIsUsedAsItIs() throws {
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: root).status, 0)
        try FileManager.default.removeItem(at: root.appendingPathComponent("lessons"))
        let outcome = try grade()
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertFalse(outcome.output.contains("grader bundle"), outcome.output)
        XCTAssertTrue(outcome.output.contains("Submission student: 2 / 2 points"), outcome.output)
    }
}
