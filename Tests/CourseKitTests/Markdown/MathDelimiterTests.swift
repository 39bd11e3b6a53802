@testable import CourseAuthoring
@testable import CourseKit
import Foundation
import XCTest

/// Where `$` is math and where it is not: one case per bug found by the CommonMark-fidelity review.
final class MathDelimiterTests: XCTestCase {
    private static let placeholders: ClosedRange<UInt32> = 0xE000...0xE004

    private func html(_ source: String) -> String {
        HTMLRenderer().render(MarkdownParser.parse(source).0)
    }

    private func inlineMath(_ source: String) -> [String] {
        var found: [String] = []
        MarkdownParser.parse(source).0.walk { if case .inlineMath(let tex) = $0.kind { found.append(tex) } }
        return found
    }

    func testDollarsInLinkDestinationsAndTitlesStayInTheURL() {
        let rendered = html("See [cost]($a$/x \"a $b$ c\") and ![p](img/$c$.png).\n")
        XCTAssertEqual(rendered, "<p>See <a href=\"$a$/x\" title=\"a $b$ c\">cost</a> and <img src=\"img/$c$.png\" alt=\"p\" />.</p>\n")
        XCTAssertFalse(rendered.unicodeScalars.contains { Self.placeholders.contains($0.value) })
    }

    func testDollarsInReferenceDefinitionsStayInTheURL() {
        let rendered = html("A [ref] link.\n\n[ref]: https://x.org/$q$ \"T $t$\"\n")
        XCTAssertEqual(rendered, "<p>A <a href=\"https://x.org/$q$\" title=\"T $t$\">ref</a> link.</p>\n")
    }

    func testDollarsInAutolinksStayInTheURLAndTheText() {
        let rendered = html("Go to <https://x.org/$q$> now, $y$.\n")
        XCTAssertEqual(rendered, "<p>Go to <a href=\"https://x.org/$q$\">https://x.org/$q$</a> now, <span class=\"math inline\">y</span>.</p>\n")
        XCTAssertEqual(html("Mail <a$b$@x.org>.\n"), "<p>Mail <a href=\"mailto:a$b$@x.org\">a$b$@x.org</a>.</p>\n")
    }

    func testPricesStayProseAsPandocReadsThem() {
        let source = "Between $5 and $10, we have $x$.\n"
        XCTAssertEqual(inlineMath(source), ["x"])
        XCTAssertEqual(html(source), "<p>Between $5 and $10, we have <span class=\"math inline\">x</span>.</p>\n")
        XCTAssertEqual(MarkdownParser.parse(source).1, [], "prices are not a mistake")
        // The first `$` after an opening one closes it or nothing does: `$a $b$` is not `a $b`.
        XCTAssertEqual(inlineMath("Cost $a $b$ here.\n"), ["b"])
        XCTAssertEqual(inlineMath("Tax $x$5 is prose.\n"), [], "a closing `$` before a digit closes nothing")
    }

    func testDisplayMathInABlockQuoteLeavesTheQuoteMarkersOut() {
        let source = "> Energy:\n>\n> $$\n> E = mc^2 \\\\\n>  F = ma\n> $$\n>\n> after\n\nOutside.\n"
        let (document, diagnostics) = MarkdownParser.parse(source)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(document.children.first?.kind, .blockQuote)
        XCTAssertEqual(
            document.children.first?.children.map(\.kind),
            [.paragraph, .displayMath("\nE = mc^2 \\\\\n F = ma\n"), .paragraph])
        XCTAssertEqual(document.children.last?.range?.lowerBound.line, 10, "lines after the math keep their numbers")
        let nested = MarkdownParser.parse("> > $x +\n> > y$\n").0
        var found: [String] = []
        nested.walk { if case .inlineMath(let tex) = $0.kind { found.append(tex) } }
        XCTAssertEqual(found, ["x +\ny"], "inline math over two lines of a nested quote")
    }

    func testUnclosedDollarInProseIsReportedWhereItOpens() {
        let source = "Intro.\n\nThe step $x_{l+1} = x_l + F(x_l) is residual.\n\nA price of $5 is fine, and so is \\$x.\n"
        let (_, diagnostics) = MarkdownParser.parse(source, file: "lessons/a.md")
        XCTAssertEqual(
            diagnostics.map(\.description),
            ["lessons/a.md:3:10: error: '$' opens inline math that is never closed in this paragraph [course.math.unclosed]"])
        XCTAssertEqual(diagnostics.map(\.id), ["course.math.unclosed"])
        let spaceBeforeClose = MarkdownParser.parse("Then $x $ ends.\n", file: "b.md").1
        XCTAssertEqual(spaceBeforeClose.map { "\($0.location) \($0.id)" }, ["1:6 course.math.unclosed"])
    }

    func testHeadingMathReadsAsTextInTheContentsListAndSearchIndex() throws {
        let lesson = NewLessonAction.template(id: "euler", title: "Euler steps", order: 1)
            .replacingOccurrences(of: "# Euler steps\n", with: "# Euler steps\n\n## Stable when $|1 + h\\lambda| \\le 1$\n\nText.\n")
        let root = try TestSupport.course(["01-euler.md": lesson], test: self)
        let course = try CourseLoader(root: root).load().course
        let parsed = try XCTUnwrap(course.lessons.first)
        let contents = try StudentSiteBuilder(course: course).tableOfContents(parsed)
        XCTAssertTrue(contents.contains("<a href=\"#stable-when-1-h-lambda-le-1\">Stable when |1 + hλ| ≤ 1</a>"), contents)
        XCTAssertFalse(contents.contains("\\lambda"), contents)
        let section = try XCTUnwrap(SearchIndexWriter.entries(for: parsed).first { $0.anchor == "stable-when-1-h-lambda-le-1" })
        XCTAssertEqual(section.section, "Stable when |1 + hλ| ≤ 1")
    }
}
