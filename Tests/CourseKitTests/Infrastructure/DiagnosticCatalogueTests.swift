@testable import CourseAuthoring
@testable import CourseToolchain
import Foundation
import XCTest

/// Every diagnostic id is printed with its message and explained in docs/authoring.md, so an
/// author who meets `[course.math.unclosed]` can look it up.
final class DiagnosticCatalogueTests: XCTestCase {
    /// The ids the sources can report: every string literal of the form `"course.area.name"`.
    static func idsInSources() throws -> Set<String> {
        let sources = TestSupport.repositoryRoot.appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #""(course\.[A-Za-z]+\.[A-Za-z0-9]+)""#)
        var ids: Set<String> = []
        for path in FileTree.listFiles(in: sources) where path.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                ids.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        return ids
    }

    /// The ids docs/authoring.md explains: each entry of its "Diagnostics" section starts with
    /// the ids it is about, in backticks, before its colon (`…duplicateId`, `…duplicateOrder`: …).
    static func idsInGuide() throws -> Set<String> {
        let guide = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("docs/authoring.md"), encoding: .utf8)
        let section =
            try XCTUnwrap(guide.components(separatedBy: "\n## Diagnostics\n").dropFirst().first)
            .components(separatedBy: "\n## ").first ?? ""
        let pattern = try NSRegularExpression(pattern: #"`(course\.[A-Za-z]+\.[A-Za-z0-9]+)`"#)
        var ids: Set<String> = []
        for line in section.split(separator: "\n") where line.hasPrefix("- ") {
            let head = line.components(separatedBy: ": ").first ?? String(line)
            for match in pattern.matches(in: head, range: NSRange(head.startIndex..., in: head)) {
                ids.insert(String(head[Range(match.range(at: 1), in: head)!]))
            }
        }
        return ids
    }

    func testEveryIdInTheSourcesIsExplainedInTheAuthoringGuide() throws {
        let sources = try Self.idsInSources()
        XCTAssertGreaterThan(sources.count, 50, "the scan finds the ids")
        XCTAssertTrue(sources.contains("course.math.unclosed"))
        let guide = try Self.idsInGuide()
        XCTAssertEqual(sources.subtracting(guide).sorted(), [], "ids reported by the tool but not explained in docs/authoring.md")
        XCTAssertEqual(guide.subtracting(sources).sorted(), [], "ids explained in docs/authoring.md that the tool no longer reports")
    }

    func testThePrintedMessageEndsWithItsId() {
        let text = "Intro.\n\nThe step $x + y is open.\n"
        let (_, diagnostics) = MarkdownParser.parse(text, file: "lessons/a.md")
        let printed = DiagnosticWriter(sources: ["lessons/a.md": text]).format(diagnostics)
        XCTAssertTrue(printed.hasPrefix("lessons/a.md:3:10: error: '$' opens inline math that is never closed in this paragraph [course.math.unclosed]\n"), printed)
    }
}
