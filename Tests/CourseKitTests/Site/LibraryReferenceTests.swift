@testable import CourseAuthoring
@testable import CourseKit
import Foundation
import XCTest

/// The support library's public API as the reference page lists it, read from source.
final class LibraryReferenceTests: XCTestCase {
    static let source = """
        /// A grid of numbers.
        ///
        /// Stored row by row.
        public struct Grid: Equatable {
            /// Rows.
            public let rows: Int
            public private(set) var version = 0
            /// Settable.
            public var label: String
            var hidden: Int
            @usableFromInline var storage: [Double]
            public static let unit: Grid = Grid.make(secretlyComputed: 1)
            public static let empty = Grid(rows: 0)

            /// Makes one.
            public init(rows: Int) { self.rows = rows; label = ""; hidden = 0; storage = [] }

            /// Scales every entry.
            @inlinable @discardableResult
            public mutating func scale(
                by factor: Double,   // a comment inside the signature
                _ times: Int = 1
            ) -> Grid {
                let secretBodyText = factor * 2
                return self
            }

            public subscript(row: Int, col: Int) -> Double {
                get { storage[row] }
                set { storage[row] = newValue }
            }
            public var count: Int { rows }
            @_spi(Internals) public func internalsOnly() {}
            private func helper() {}
            static func make(secretlyComputed: Int) -> Grid { Grid(rows: secretlyComputed) }

            public static func < (a: Grid, b: Grid) -> Bool { a.rows < b.rows }
            public static func - (a: Grid, b: Grid) -> Grid { a }
            public var tags: [String] = []

            /// A cell.
            public struct Cell { public var x: Int }
        }

        extension Grid: CustomStringConvertible {
            /// As printed.
            public var description: String { "grid" }
            func notPublic() {}
        }

        public extension Array where Element == Double {
            /// The sum.
            func total() -> Double { reduce(0, +) }
            private func hiddenHelper() {}
        }

        public protocol Drawable {
            /// Draws.
            func draw() -> String
            var size: Int { get }
        }

        public enum Mode: String { case fast, slow }

        struct InternalType: Equatable {}
        extension InternalType: Hashable {}

        /// Doubles.
        public func twice(_ x: Double) -> Double { 2 * x }
        func internalFunction() {}
        """

    func testPublicDeclarationsAreListedAsCalledWithTheirDocumentation() throws {
        let reference = LibraryReference(sources: ["Grid.swift": Self.source])
        XCTAssertEqual(reference.types.map(\.name), ["Drawable", "Grid", "Grid.Cell", "Mode"])
        let grid = try XCTUnwrap(reference.types.first { $0.name == "Grid" })
        XCTAssertEqual(grid.declaration, "struct Grid: Equatable")
        XCTAssertEqual(grid.documentation, "A grid of numbers.\n\nStored row by row.")
        XCTAssertEqual(grid.conformances, ["Equatable", "CustomStringConvertible"], "conformances added by extensions too")
        XCTAssertEqual(
            grid.members.map(\.declaration),
            [
                "let rows: Int",
                "var version = 0 { get }",
                "var label: String",
                "static let unit: Grid",
                "static let empty: Grid",
                "init(rows: Int)",
                "@discardableResult mutating func scale(by factor: Double, _ times: Int = 1) -> Grid",
                "subscript(row: Int, col: Int) -> Double { get set }",
                "var count: Int { get }",
                "static func < (a: Grid, b: Grid) -> Bool",
                "static func - (a: Grid, b: Grid) -> Grid",
                "var tags: [String] = []",
                "var description: String { get }"
            ])
        XCTAssertEqual(
            grid.members.map(\.name),
            ["rows", "version", "label", "unit", "empty", "init(rows:)", "scale(by:_:)", "subscript(row:col:)", "count", "<(_:_:)", "-(_:_:)", "tags", "description"])
        XCTAssertEqual(grid.members.map(\.documentation)[0], "Rows.")
        XCTAssertEqual(grid.members.first { $0.name == "scale(by:_:)" }?.documentation, "Scales every entry.")

        XCTAssertEqual(reference.types.first { $0.name == "Drawable" }?.members.map(\.declaration), ["func draw() -> String", "var size: Int { get }"])
        XCTAssertEqual(reference.types.first { $0.name == "Mode" }?.members.map(\.declaration), ["case fast, slow"])
        XCTAssertEqual(reference.types.first { $0.name == "Grid.Cell" }?.declaration, "struct Cell")
        XCTAssertEqual(reference.globals.map(\.declaration), ["func twice(_ x: Double) -> Double"])
        XCTAssertEqual(reference.extensions.map(\.name), ["Array"], "an internal type's extension is not listed")
        XCTAssertEqual(reference.extensions.first?.members.map(\.declaration), ["func total() -> Double  // where Element == Double"])

        // Nothing internal, private or SPI, and no body, reaches the page.
        let everything = (reference.types + reference.globals + reference.extensions)
            .flatMap { [$0.declaration, $0.documentation] + $0.members.flatMap { [$0.declaration, $0.documentation, $0.name] } }.joined(separator: "\n")
        for hidden in [
            "hidden", "storage", "internalsOnly", "helper", "secretlyComputed", "secretBodyText", "notPublic", "InternalType", "internalFunction", "inlinable", "comment"
        ] {
            XCTAssertFalse(everything.contains(hidden), "'\(hidden)' is listed")
        }
    }

    /// A lesson's code span that names the library's API links to its entry; one in a link or a
    /// heading, or naming anything else, stays as it is.
    func testLessonCodeSpansThatNameTheLibraryLinkToIt() {
        let anchors = ReferenceAnchors(LibraryReference(sources: ["Grid.swift": Self.source]))
        XCTAssertEqual(anchors.href(forCode: "Grid"), "reference.html#Grid")
        XCTAssertEqual(anchors.href(forCode: "Grid.Cell"), "reference.html#Grid.Cell")
        XCTAssertEqual(anchors.href(forCode: "Grid.scale"), "reference.html#Grid.scale(by:_:)")
        XCTAssertEqual(anchors.href(forCode: "Grid.scale(by:_:)"), "reference.html#Grid.scale(by:_:)")
        XCTAssertEqual(anchors.href(forCode: "Grid.init(rows:)"), "reference.html#Grid.init(rows:)")
        for other in ["Grid.hidden", "scale", "InternalType", "grid", "x + 1", "Grid.scale + 1", ""] {
            XCTAssertNil(anchors.href(forCode: other), other)
        }
        var renderer = HTMLRenderer()
        renderer.codeSpanLink = anchors.href(forCode:)
        let html = renderer.render(MarkdownParser.parse("## The `Grid`\n\nUse `Grid.scale`, not [`Grid`](other.html) or `grid`.\n").0)
        XCTAssertEqual(
            html,
            "<h2 id=\"the-grid\">The <code>Grid</code></h2>\n<p>Use <a class=\"api\" href=\"reference.html#Grid.scale(by:_:)\"><code>Grid.scale</code></a>, "
                + "not <a href=\"other.html\"><code>Grid</code></a> or <code>grid</code>.</p>\n")
    }

    func testThePageLinksTypesNamedInDocumentationAndGivesEachMemberItsPlace() throws {
        var course = try CourseLoader(root: TestSupport.fixtures.appendingPathComponent("golden")).load().course
        course.engineSources = ["Grid.swift": Self.source + "\n/// Makes a ``Grid`` of `Mode` cells.\npublic func grid() -> Grid { Grid(rows: 1) }\n"]
        course.lessons[0].meta.refuses = ["Grid.scale"]
        let site = try StudentSiteBuilder(course: course).tree()
        let page = try XCTUnwrap(site[StudentSiteBuilder.referencePageName])
        XCTAssertTrue(page.contains("<h1>ResidualEngine reference</h1>"), page)
        XCTAssertTrue(page.contains("<section class=\"symbol\" id=\"Grid\""), page)
        XCTAssertTrue(page.contains("<dt id=\"Grid.scale(by:_:)\">"), page)
        XCTAssertTrue(page.contains("<a href=\"#Grid\"><code>Grid</code></a>"), "a type named in a doc comment links to it")
        XCTAssertTrue(page.contains("<a href=\"#Mode\"><code>Mode</code></a>"), page)
        XCTAssertTrue(page.contains("<li class=\"level3\"><a href=\"#Grid.Cell\"><code>Grid.Cell</code></a></li>"), "the contents list every type")
        XCTAssertEqual(page.matches(of: /id="([^"]+)"/).map { String($0.1) }.count, Set(page.matches(of: /id="([^"]+)"/).map { String($0.1) }).count, "ids are unique")
        XCTAssertTrue(page.contains("<dt id=\"Grid.lt(_:_:)\">") && page.contains("<dt id=\"Grid.-(_:_:)\">"), "operators keep ids of their own")
        XCTAssertTrue(page.contains("<a href=\"#Grid\"><span class=\"tok-type\">Grid</span></a>"), "a library type in a signature links to it")
        let scale = try XCTUnwrap(page.range(of: #"(?s)<dt id="Grid.scale\(by:_:\)">.*?</dd>"#, options: .regularExpression).map { String(page[$0]) })
        XCTAssertTrue(scale.contains("Not in graded code of</strong> <a href=\"golden-lesson.html\">Golden lesson</a>"), "a lesson's refusal stands at the entry: \(scale)")
        let cell = try XCTUnwrap(page.range(of: #"(?s)<section class="symbol" id="Grid.Cell".*?</section>"#, options: .regularExpression).map { String(page[$0]) })
        XCTAssertTrue(cell.contains("No public initializer"), cell)
        XCTAssertFalse(
            try XCTUnwrap(page.range(of: #"(?s)<section class="symbol" id="Grid".*?</section>"#, options: .regularExpression).map { String(page[$0]) }).contains(
                "No public initializer"))
        XCTAssertTrue(page.contains("aria-current=\"page\">ResidualEngine reference</a>"))
        let lesson = try XCTUnwrap(site["golden-lesson.html"])
        XCTAssertTrue(lesson.contains("<a href=\"reference.html\">ResidualEngine reference</a>"), "every page links to it")
        XCTAssertTrue(try XCTUnwrap(site["index.html"]).contains("on the <a href=\"reference.html\">"), "the start page says where it is")
        let search = try XCTUnwrap(site["search-index.js"])
        XCTAssertTrue(search.contains("\"anchor\":\"Grid\"") && search.contains("scale(by:_:)"), "search finds a type by its members")
        XCTAssertTrue(search.contains("\"anchor\":\"Grid.scale(by:_:)\""), "and each member at its own entry")
        XCTAssertTrue(search.contains("Grid(rows:)"), "an initializer as it is called")
    }
}
