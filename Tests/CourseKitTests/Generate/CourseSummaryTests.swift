@testable import CourseAuthoring
@testable import CourseKit
import Foundation
import XCTest

/// Counts in prose drift (the README once said 28 exercises of a course that had 29): the numbers
/// the tool can count live in README.md's generated section, and nowhere else in prose.
final class CourseSummaryTests: XCTestCase {
    func testGenerateWritesTheSectionAndCheckFailsWhenItIsStale() throws {
        let root = try TestSupport.course(["01-a.md": NewLessonAction.template(id: "a", title: "A", order: 1)], test: self)
        let readme = root.appendingPathComponent("README.md")
        try "# My course\n\nWritten by hand.\n\n\(CourseSummaryWriter.beginMarker)\nold table\n\(CourseSummaryWriter.endMarker)\n\nMore prose.\n"
            .write(to: readme, atomically: true, encoding: .utf8)
        let generate = try TestSupport.runCourse(["generate"], in: root)
        XCTAssertEqual(generate.status, 0, generate.output)
        XCTAssertTrue(generate.output.contains("updated README.md's course summary"), generate.output)
        let text = try String(contentsOf: readme, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("# My course\n\nWritten by hand.\n\n"), text)
        XCTAssertTrue(text.hasSuffix("\(CourseSummaryWriter.endMarker)\n\nMore prose.\n"), text)
        XCTAssertFalse(text.contains("old table"), text)
        XCTAssertTrue(text.contains("| 1 | A | 1 | 1 | 0 | 2 |\n"), text)
        XCTAssertTrue(text.contains("| | **the course: 1 lesson** | **1** | **1** | **0** | **2** |\n"), text)
        XCTAssertEqual(try TestSupport.runCourse(["generate", "--check"], in: root).status, 0)

        // A second lesson makes the committed numbers wrong: the check says so.
        try NewLessonAction.template(id: "b", title: "B", order: 2)
            .write(to: root.appendingPathComponent("lessons/02-b.md"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: root).status, 0)
        try text.write(to: readme, atomically: true, encoding: .utf8)
        let stale = try TestSupport.runCourse(["generate", "--check"], in: root)
        XCTAssertEqual(stale.status, 1, stale.output)
        XCTAssertTrue(stale.output.contains("README.md's course summary is out of date with the lessons; run `course generate`"), stale.output)
        XCTAssertTrue(stale.output.contains("exercises/ is up to date"), "only the README is stale: \(stale.output)")
    }

    func testAMarkerWithoutItsPartnerIsAnErrorAtItsLine() throws {
        let root = try TestSupport.course(["01-a.md": NewLessonAction.template(id: "a", title: "A", order: 1)], test: self)
        try "# Course\n\n\(CourseSummaryWriter.beginMarker)\n".write(to: root.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let outcome = try TestSupport.runCourse(["generate"], in: root)
        XCTAssertEqual(outcome.status, 1, outcome.output)
        XCTAssertTrue(outcome.output.contains("error: README.md:3: a course summary marker without its partner"), outcome.output)
    }

    func testAReadmeWithoutMarkersIsLeftAlone() throws {
        let root = try TestSupport.course(["01-a.md": NewLessonAction.template(id: "a", title: "A", order: 1)], test: self)
        let readme = root.appendingPathComponent("README.md")
        try "# Course with 3 lessons\n".write(to: readme, atomically: true, encoding: .utf8)
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: root).status, 0)
        XCTAssertEqual(try String(contentsOf: readme, encoding: .utf8), "# Course with 3 lessons\n")
    }

    /// The project's own prose states no count of lessons, exercises, hidden tests or benchmarks
    /// outside the generated section (the section itself is kept current by `generate --check`).
    func testProseOfThisRepositoryStatesNoCounts() throws {
        let root = TestSupport.repositoryRoot
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        let lessons = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("lessons").path)
            .filter { $0.hasSuffix(".md") }.map { "lessons/" + $0 }
        // A count in figures or words (not "one", which is rarely a count of the course), across line breaks.
        let count = try NSRegularExpression(
            pattern: #"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(hidden\s+)?"#
                + #"(lessons|exercises|benchmarks|hidden tests)\b|\b\d+\s+tests\b"#, options: [.caseInsensitive])
        var found: [String] = []
        for file in ["README.md", "ARCHITECTURE.md"] + docs + lessons {
            var text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            if let begin = text.range(of: CourseSummaryWriter.beginMarker), let end = text.range(of: CourseSummaryWriter.endMarker) {
                text.removeSubrange(begin.lowerBound..<end.upperBound)
            }
            for match in count.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.append("\(file): \(text[Range(match.range, in: text)!])")
            }
        }
        XCTAssertEqual(found, [], "say 'the course' or point at README.md's generated table instead")
    }
}
