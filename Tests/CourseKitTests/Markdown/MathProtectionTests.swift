@testable import CourseAuthoring
@testable import CourseToolchain
import XCTest

/// Math must reach the model and the HTML byte for byte, whatever cmark would do to it.
final class MathProtectionTests: XCTestCase {
    /// Formulas that cmark alone mangles: escapes, emphasis characters, blank lines, HTML.
    static let corpus: [String] = [
        #"\{x \mid x > 0\}"#,
        #"\|W\|_2 \le 1"#,
        #"a \\ b"#,
        #"x\,dx"#,
        #"a_1 * b_2 * c_3"#,
        #"x_{l+1} = x_l + F(x_l)"#,
        #"\frac{\partial L}{\partial x_0} = \prod_l (I + h J_l)"#,
        #"a < b > c & d"#,
        #"\text{if } x_i^* = _1"#,
        #"\$5"#,
        #"[link](http://example.com) `code`"#,
        #"\left\| \mathbf{y}(x+\delta) - \mathbf{y}(x) \right\|"#,
        #"**not bold** __nor this__"#,
        #"\#\%\&\_"#,
        "ψ(t+Δt) ≈ ψ(t) − iΔt H ψ(t)"
    ]

    func testInlineFormulasSurviveByteExact() {
        for tex in Self.corpus {
            let source = "Before $\(tex)$ after.\n"
            let (document, diagnostics) = MarkdownParser.parse(source)
            XCTAssertEqual(diagnostics, [], tex)
            XCTAssertEqual(inlineMath(in: document), [tex], "inline: \(tex)")
            XCTAssertTrue(HTMLRenderer().render(document).contains("<span class=\"math inline\">\(HTMLEscaping.escape(tex))</span>"), tex)
        }
    }

    func testDisplayFormulasSurviveByteExactEvenAcrossBlankLines() {
        for tex in Self.corpus {
            let body = "\n\(tex)\n\n\\begin{aligned} a &= b \\\\\n\n c &= d \\end{aligned}\n"
            let source = "Intro.\n\n$$\(body)$$\n\nAfter.\n"
            let (document, diagnostics) = MarkdownParser.parse(source)
            XCTAssertEqual(diagnostics, [])
            XCTAssertEqual(document.children.count, 3, "intro, display block, after: \(tex)")
            XCTAssertEqual(document.children[1].kind, .displayMath(body))
            let afterLine = source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(of: "After.")! + 1
            XCTAssertEqual(document.children[2].range?.lowerBound.line, afterLine, "line numbers after a display block stay those of the file")
            XCTAssertTrue(HTMLRenderer().render(document).contains("<div class=\"math display\">\(HTMLEscaping.escape(body))</div>"))
        }
    }

    func testLineNumbersAfterInlineMathSpanningLines() {
        let source = "A $x +\ny$ spans lines.\n\n# Heading\n"
        let (document, _) = MarkdownParser.parse(source)
        XCTAssertEqual(inlineMath(in: document), ["x +\ny"])
        XCTAssertEqual(document.children.last?.range?.lowerBound, SourceLocation(line: 4, column: 1))
        XCTAssertEqual(document.children.first?.plainText, "A $x +\ny$ spans lines.")
    }

    func testDollarsInProseCodeAndEscapesAreNotMath() {
        let source = """
            Prices: $5 and $10, or \\$x\\$.

            Code `$a$` and:

            ```swift
            let s = "$x$"
            ```

                $indented$ code
            """
        let (document, diagnostics) = MarkdownParser.parse(source)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(inlineMath(in: document), [])
        XCTAssertEqual(document.children[0].plainText, "Prices: $5 and $10, or $x$.")
        XCTAssertEqual(document.children[2].literal, "let s = \"$x$\"\n")
        XCTAssertEqual(document.children[3].literal, "$indented$ code\n")
    }

    func testMathInsideEmphasisListsAndHeadings() {
        let source = "# Norm $\\|x\\|$\n\n- item $a_1*b_1$ and *em $c$*\n"
        let (document, _) = MarkdownParser.parse(source)
        XCTAssertEqual(inlineMath(in: document), [#"\|x\|"#, "a_1*b_1", "c"])
        XCTAssertEqual(HTMLRenderer.slug(document.children[0].plainText), "norm-x")
    }

    func testUnterminatedDisplayMathIsReportedWhereItOpens() {
        let (_, diagnostics) = MarkdownParser.parse("Text.\n\nSee $$x + 1\n\nmore\n", file: "lessons/a.md")
        XCTAssertEqual(diagnostics.map(\.description), ["lessons/a.md:3:5: error: display math opened with '$$' is never closed [course.math.unterminatedDisplay]"])
    }

    private func inlineMath(in document: MarkdownNode) -> [String] {
        var found: [String] = []
        document.walk { if case .inlineMath(let tex) = $0.kind { found.append(tex) } }
        return found
    }
}

extension MathProtectionTests {
    func testMathInRawHTMLComesBackAsWritten() {
        let source = "<table><tr><td>$a_1 *b* \\{x\\}$</td></tr>\n<tr><td>$$\nx\n\ny\n$$</td></tr></table>\n\nInline <b>$c$</b>.\n"
        let (document, _) = MarkdownParser.parse(source)
        let html = HTMLRenderer().render(document)
        XCTAssertTrue(html.contains("<td>$a_1 *b* \\{x\\}$</td>"), html)
        XCTAssertTrue(html.contains("$$\nx\n\ny\n$$"), html)
        XCTAssertFalse(html.unicodeScalars.contains { (0xE000...0xE004).contains($0.value) }, "no placeholder left")
    }
}

extension MathProtectionTests {
    func testFencesInsideListsAndQuotesAreCode() {
        let source = """
            1. Step one:

                ```swift
                let price = "$a$ and $b$"
                ```

            - item

                  indented text $x$

            > ```
            > $not math$
            > ```
            """
        let (document, diagnostics) = MarkdownParser.parse(source)
        XCTAssertEqual(diagnostics, [])
        var literals: [String] = []
        document.walk { if case .codeBlock(_, let literal) = $0.kind { literals.append(literal) } }
        XCTAssertTrue(literals.contains("let price = \"$a$ and $b$\"\n"), "\(literals)")
        XCTAssertTrue(literals.contains("$not math$\n"), "\(literals)")
        XCTAssertFalse(literals.joined().unicodeScalars.contains { (0xE000...0xE004).contains($0.value) })
    }
}
