@testable import CourseAuthoring
import Foundation
import XCTest

final class CommonMarkConverterTests: XCTestCase {
    func testKindsLiteralsFenceInfoAndPositions() {
        let source = """
            # Title

            Some *emphasis* and `code`.

            ```swift exercise id=a points=1
            let x = 1
            ```

            > quoted
            """
        let document = CommonMarkConverter.convert(source)
        XCTAssertEqual(document.kind, .document)
        XCTAssertEqual(document.children.map(\.range?.lowerBound.line), [1, 3, 5, 9])
        XCTAssertEqual(document.children[0].kind, .heading(level: 1))
        XCTAssertEqual(document.children[0].range, SourceLocation(line: 1, column: 1)...SourceLocation(line: 1, column: 7))
        XCTAssertEqual(
            document.children[1].children.map(\.kind),
            [.text("Some "), .emphasis, .text(" and "), .code("code"), .text(".")])
        XCTAssertEqual(document.children[2].fenceInfo, "swift exercise id=a points=1")
        XCTAssertEqual(document.children[2].literal, "let x = 1\n")
        XCTAssertEqual(document.children[2].range?.upperBound.line, 7)
        XCTAssertEqual(document.children[3].kind, .blockQuote)
    }

    func testListsLinksAndImagesKeepTheirData() {
        let document = CommonMarkConverter.convert("3. [a](http://x \"t\")\n4. ![alt](p.png)\n")
        XCTAssertEqual(document.children[0].kind, .list(ordered: true, start: 3, tight: true))
        var kinds: [MarkdownNode.Kind] = []
        document.walk { kinds.append($0.kind) }
        XCTAssertTrue(kinds.contains(.link(destination: "http://x", title: "t")))
        XCTAssertTrue(kinds.contains(.image(source: "p.png", title: "")))
    }

    func testDeepNestingDoesNotOverflowTheStack() {
        let depth = 20_000
        let (document, line) = CommonMarkConverter.convertLimitingDepth(String(repeating: ">", count: depth) + " deep\n")
        var quotes = 0
        document.walk { if case .blockQuote = $0.kind { quotes += 1 } }
        XCTAssertEqual(quotes, CommonMarkConverter.maximumDepth, "flattened past the limit")
        XCTAssertEqual(line, 1)
        XCTAssertEqual(document.plainText, "deep", "nothing of the text is lost")
    }

    func testEmbeddedNULAndInvalidUTF8AreHandled() {
        let document = CommonMarkConverter.convert("a\u{0}b\n")
        XCTAssertEqual(document.children.first?.plainText, "a\u{FFFD}b")
    }

    /// The wrapper frees cmark's document and iterator: thousands of parses leave memory flat.
    func testManyParsesDoNotLeak() throws {
        let text = String(repeating: "Some *text* with `code` and [a link](x).\n\n```swift\nlet a = 1\n```\n\n", count: 50)
        for _ in 0..<200 { _ = CommonMarkConverter.convert(text) }  // warm up allocator pools
        let before = try residentBytes()
        for _ in 0..<3000 { _ = CommonMarkConverter.convert(text) }
        let growth = try residentBytes() - before
        // 3000 parses of ~5 KB each would leak well over 50 MB if any tree were kept.
        XCTAssertLessThan(growth, 20 << 20, "resident memory grew by \(growth) bytes over 3000 parses")
    }

    private func residentBytes() throws -> Int {
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
        let pages = Int(statm.split(separator: " ")[1]) ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
