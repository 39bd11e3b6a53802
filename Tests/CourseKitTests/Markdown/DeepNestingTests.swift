@testable import CourseAuthoring
@testable import CourseKit
import XCTest

/// Input nested far deeper than any lesson (20,000 block quotes, 300 lists, 20,000 emphases) is parsed
/// through the real front door, flattened past the limit and reported at its line, and every
/// later pass over the tree (math, HTML, plain text, a whole lesson) finishes without recursing
/// off the stack.
final class DeepNestingTests: XCTestCase {
    func testTwentyThousandLevelsAreFlattenedAndReportedAtTheirLine() {
        let inputs = [
            "# Title\n\n" + String(repeating: "> ", count: 20_000) + "deep $x^2$ text\n",
            "intro\n\n" + (0..<300).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n") + "\n",
            String(repeating: "*a ", count: 20_000) + "core" + String(repeating: " a*", count: 20_000) + "\n"
        ]
        // The first container past the limit: the 101st quote (line 3), the 51st list (two containers a level, line 52).
        let firstTooDeep = [3, 52]
        for (index, input) in inputs.enumerated() {
            let (document, diagnostics) = MarkdownParser.parse(input, file: "lessons/deep.md")
            let html = HTMLRenderer().render(document)
            XCTAssertFalse(html.isEmpty)
            XCTAssertFalse(document.plainText.isEmpty)
            if index < 2 {
                XCTAssertEqual(diagnostics.map(\.id), ["course.markdown.tooDeep"], "\(index)")
                XCTAssertEqual(diagnostics.first?.location.line, firstTooDeep[index], "the first level past the limit")
                XCTAssertTrue(diagnostics.first?.description.hasPrefix("lessons/deep.md:\(firstTooDeep[index]):1: error:") ?? false)
            }
        }
        let (quote, _) = MarkdownParser.parse(String(repeating: "> ", count: 20_000) + "deep $x^2$ text\n")
        XCTAssertTrue(HTMLRenderer().render(quote).contains("<span class=\"math inline\">x^2</span>"), "math inside is kept")
    }

    func testOrdinaryNestingIsUntouched() {
        let (document, diagnostics) = MarkdownParser.parse(String(repeating: "> ", count: 50) + "fifty\n")
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(HTMLRenderer().render(document).components(separatedBy: "<blockquote>").count - 1, 50)
    }

    func testALessonNestedTooDeepIsAnAuthoringError() {
        let text = NewLessonAction.template(id: "deep", title: "Deep", order: 1) + "\n" + String(repeating: "> ", count: 20_000) + "x\n"
        let (_, diagnostics) = TestSupport.parse(text, file: "lessons/01-deep.md")
        XCTAssertTrue(diagnostics.contains { $0.id == "course.markdown.tooDeep" && $0.file == "lessons/01-deep.md" }, "\(diagnostics)")
    }
}
