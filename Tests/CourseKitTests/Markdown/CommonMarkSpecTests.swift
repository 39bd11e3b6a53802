@testable import CourseAuthoring
import Foundation
import XCTest

/// Every example of the CommonMark spec (Fixtures/commonmark/spec.txt, 0.31.2) goes through the
/// project's Markdown path (math protection, cmark, math restoration, `HTMLRenderer`) and must give
/// the HTML libcmark's own renderer gives, which is what the `cmark` command line prints.
///
/// The reference is libcmark in-process rather than the spec's expected HTML because the machine's
/// libcmark may implement an older spec than the file (Debian ships 0.30): where the two disagree
/// it is cmark's parser that differs, not our renderer, and this test is about the renderer. With
/// Debian's libcmark 0.30.2 that is examples 354 (`*$*alpha`: 0.31 counts symbols as punctuation),
/// 625 and 626 (0.31's HTML comment rules); the other 649 give the spec's HTML byte for byte.
/// Raw HTML is passed through by both (`CMARK_OPT_UNSAFE` on cmark's side): lessons are the
/// instructor's own text, and the site relies on raw HTML blocks.
final class CommonMarkSpecTests: XCTestCase {
    /// One `example` block of the spec.
    struct Example {
        var number: Int
        var line: Int
        var markdown: String
        var html: String
    }

    /// The examples of a spec file, numbered as the spec numbers them (from 1, in order).
    static func examples(in spec: String) -> [Example] {
        let fence = String(repeating: "`", count: 32)
        var examples: [Example] = []
        var markdown: [Substring]?, html: [Substring]?, startLine = 0
        for (index, line) in spec.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line == fence + " example" {
                markdown = []
                startLine = index + 1
            } else if markdown != nil, html == nil, line == "." {
                html = []
            } else if line == fence, let md = markdown, let expected = html {
                // The spec writes tabs as `→` so they can be seen.
                func text(_ lines: [Substring]) -> String {
                    lines.map { $0 + "\n" }.joined().replacingOccurrences(of: "→", with: "\t")
                }
                examples.append(Example(number: examples.count + 1, line: startLine, markdown: text(md), html: text(expected)))
                markdown = nil
                html = nil
            } else if html != nil {
                html?.append(line)
            } else if markdown != nil {
                markdown?.append(line)
            }
        }
        return examples
    }

    /// Our HTML with what the project renders differently on purpose taken out.
    static func normalised(_ html: String) -> String {
        // Headings carry an `id` for the contents list and links between lessons; cmark's do not.
        html.replacingOccurrences(of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression)
    }

    static func loadSpec() throws -> String {
        try String(contentsOf: TestSupport.fixtures.appendingPathComponent("commonmark/spec.txt"), encoding: .utf8)
    }

    func testTheFixtureIsTheWholeSpec() throws {
        let spec = try Self.loadSpec()
        XCTAssertTrue(spec.contains("version: '0.31.2'"))
        let examples = Self.examples(in: spec)
        XCTAssertEqual(examples.count, 652)
        XCTAssertEqual(examples[0].markdown, "\tfoo\tbaz\t\tbim\n")
        XCTAssertEqual(examples[0].html, "<pre><code>foo\tbaz\t\tbim\n</code></pre>\n")
    }

    func testEveryExampleRendersAsCmarkRendersIt() throws {
        var differing: [String] = []
        for example in Self.examples(in: try Self.loadSpec()) {
            let (tree, _) = MarkdownParser.parse(example.markdown, file: "spec.txt")
            let ours = Self.normalised(HTMLRenderer().render(tree))
            let cmark = CommonMarkConverter.referenceHTML(example.markdown)
            if ours != cmark {
                differing.append(
                    "example \(example.number) (spec.txt:\(example.line)):\n  markdown: \(example.markdown.debugDescription)\n  ours:  \(ours.debugDescription)\n  cmark: \(cmark.debugDescription)"
                )
            }
        }
        XCTAssertTrue(differing.isEmpty, "\(differing.count) examples differ from cmark:\n" + differing.joined(separator: "\n"))
    }

    func testDestinationsArePercentEncodedAsTheSpecSays() throws {
        // Spec examples whose expected HTML percent-encodes the destination: a space inside `<…>`,
        // a backslash that escapes nothing, a non-ASCII character given as an entity.
        let cases = [
            "[link](</my uri>)\n": "<p><a href=\"/my%20uri\">link</a></p>\n",
            "[link](foo\\bar)\n": "<p><a href=\"foo%5Cbar\">link</a></p>\n",
            "[link](foo%20b&auml;)\n": "<p><a href=\"foo%20b%C3%A4\">link</a></p>\n",
            "![a](<b c> 't')\n": "<p><img src=\"b%20c\" alt=\"a\" title=\"t\" /></p>\n"
        ]
        for (markdown, expected) in cases {
            let (tree, _) = MarkdownParser.parse(markdown)
            XCTAssertEqual(HTMLRenderer().render(tree), expected, markdown)
            XCTAssertEqual(CommonMarkConverter.referenceHTML(markdown), expected, markdown)
        }
        XCTAssertEqual(
            HTMLRenderer.escapeHref("a/b?c=1&d='e'#f ä\"<>[]~"),
            "a/b?c=1&amp;d=&#x27;e&#x27;#f%20%C3%A4%22%3C%3E%5B%5D%7E")
    }
}
