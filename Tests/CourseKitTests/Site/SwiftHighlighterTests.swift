@testable import CourseAuthoring
import XCTest

/// The tokens a hand-written lexer got wrong, each checked in the HTML the site shows.
final class SwiftHighlighterTests: XCTestCase {
    private func html(_ code: String) -> String { SwiftHighlighter.html(code) }

    func testNumbersWithExponentsAreOneToken() {
        let page = html("let e = 1e-12, h = 0x1p-3, big = 1_000.5E+3")
        XCTAssertTrue(page.contains("<span class=\"tok-number\">1e-12</span>"), page)
        XCTAssertTrue(page.contains("<span class=\"tok-number\">0x1p-3</span>"), page)
        XCTAssertTrue(page.contains("<span class=\"tok-number\">1_000.5E+3</span>"), page)
    }

    func testClosureArgumentsStayWhole() {
        let page = html("xs.map { $0 * 2 }")
        XCTAssertTrue(page.contains(" $0 * "), "$0 is neither split nor coloured as a number: \(page)")
        XCTAssertTrue(page.contains("<span class=\"tok-number\">2</span>"), page)
    }

    func testRawStringsAndInterpolation() {
        let raw = html(##"let s = #"a "quoted" \(x)"#"##)
        XCTAssertTrue(raw.contains(##"<span class="tok-string">#&quot;a &quot;quoted&quot; \(x)&quot;#</span>"##), "a raw string is one string: \(raw)")
        let interpolated = html(#"let t = "n = \(count + 1)!""#)
        XCTAssertTrue(interpolated.contains("<span class=\"tok-string\">&quot;n = </span>"), interpolated)
        XCTAssertTrue(interpolated.contains("count + <span class=\"tok-number\">1</span>"), "the interpolated expression is code: \(interpolated)")
        XCTAssertFalse(interpolated.contains("<span class=\"tok-string\">count"), interpolated)
    }

    func testDirectivesCommentsAttributesAndTypes() {
        let page = html("#if DEBUG\n@inlinable func f(_ x: Int) -> Matrix { /* a /* nested */ still */ Matrix(x) } // done\n#endif\n")
        XCTAssertTrue(page.hasPrefix("<span class=\"line\"><span class=\"tok-keyword\">#if</span>"), page)
        XCTAssertTrue(page.contains("<span class=\"tok-keyword\">#endif</span>"), page)
        XCTAssertTrue(
            page.contains("<span class=\"tok-attribute\">@inlinable</span>")
                || page.contains("<span class=\"tok-attribute\">@</span><span class=\"tok-attribute\">inlinable</span>"), page)
        XCTAssertTrue(page.contains("<span class=\"tok-comment\">/* a /* nested */ still */</span>"), page)
        XCTAssertTrue(page.contains("<span class=\"tok-type\">Int</span>"), page)
        XCTAssertTrue(page.contains("<span class=\"tok-type\">Matrix</span>(x)"), "a capitalised name called as an initializer: \(page)")
        XCTAssertTrue(page.contains("<span class=\"tok-comment\">// done</span>"), page)
    }

    func testEveryCharacterSurvivesAndLinesAreBalanced() {
        let code = "let s = \"\"\"\n  two <lines> & more\n  \"\"\"\n/* a\n comment */ let broken = (\n"
        let page = html(code)
        let lines = page.components(separatedBy: "\n")
        XCTAssertEqual(lines.count, 5, "one span per source line")
        for line in lines {
            XCTAssertTrue(line.hasPrefix("<span class=\"line\">") && line.hasSuffix("</span>"), line)
            XCTAssertEqual(line.components(separatedBy: "<span").count, line.components(separatedBy: "</span>").count, "balanced: \(line)")
        }
        let text = page.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        XCTAssertEqual(text + "\n", code, "broken code too is shown as written")
    }
}
