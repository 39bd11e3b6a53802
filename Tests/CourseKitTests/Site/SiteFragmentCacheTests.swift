@testable import CourseAuthoring
@testable import CourseKit
import CourseToolchain
import Foundation
import XCTest

/// Pages and search entries kept between builds: served only while what they are made from is
/// unchanged, and a build from the cache is the build without it.
final class SiteFragmentCacheTests: XCTestCase {
    func testAPieceIsMadeOnceServedAfterwardsAndUnusedPiecesGo() throws {
        let folder = try TestSupport.temporaryFolder(self).appendingPathComponent("pieces")
        var made: [String] = []
        /// The piece `cache` gives for `kind` and `key`, where a piece it makes reads `text`.
        func piece(_ cache: SiteFragmentCache, _ kind: String, _ key: String, making text: String) -> String {
            cache.text(kind: kind, key: key) {
                made.append(text); return text
            }
        }
        let cache = SiteFragmentCache(directory: folder)
        let answers = [
            piece(cache, "page", "one", making: "first"), piece(cache, "page", "one", making: "again"),
            piece(cache, "page", "two", making: "second"), piece(cache, "search", "one", making: "entries")
        ]
        XCTAssertEqual(answers, ["first", "first", "second", "entries"], "an unchanged key is served; kinds do not share pieces")
        XCTAssertEqual(made, ["first", "second", "entries"])

        // The next build asks for one piece only; the others go when it prunes.
        let next = SiteFragmentCache(directory: folder)
        XCTAssertEqual(piece(next, "page", "two", making: "remade"), "second")
        next.prune()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).count, 1)
        XCTAssertEqual(piece(SiteFragmentCache(directory: folder), "page", "one", making: "made anew"), "made anew")
    }

    func testOnlyAChangedLessonIsRenderedAgainAndTheCacheChangesNoByte() throws {
        let first = NewLessonAction.template(id: "first", title: "First", order: 1) + "\nOn to [the second](02-second.md#second).\n"
        let second = NewLessonAction.template(id: "second", title: "Second", order: 2)
        let root = try TestSupport.course(["01-first.md": first, "02-second.md": second], test: self)
        let site = root.appendingPathComponent("site")
        func build() throws -> [String: String] {
            try BuildAction(workspace: Workspace(root: root), output: site, report: { _ in }).perform()
            var pages: [String: String] = [:]
            for name in ["first.html", "second.html", "search-index.js"] {
                pages[name] = try String(contentsOf: site.appendingPathComponent(name), encoding: .utf8)
            }
            return pages
        }
        let pieces = root.appendingPathComponent(".build/course/site-fragments/student")
        let cold = try build()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: pieces.path).filter { $0.hasPrefix("page-") }.count, 2)
        XCTAssertEqual(try build(), cold, "a build from the cache writes the same bytes")

        // Mark the second page's piece: if the next build shows the mark, it served the piece.
        let piece = try XCTUnwrap(
            FileManager.default.contentsOfDirectory(atPath: pieces.path).first { name in
                name.hasPrefix("page-") && (try? String(contentsOf: pieces.appendingPathComponent(name), encoding: .utf8))?.contains(">Second</h1>") == true
            })
        let marked = try String(contentsOf: pieces.appendingPathComponent(piece), encoding: .utf8).replacingOccurrences(of: ">Second</h1>", with: ">SERVED</h1>")
        try marked.write(to: pieces.appendingPathComponent(piece), atomically: true, encoding: .utf8)

        let edited = first.replacingOccurrences(of: "Explain the idea here.", with: "An edited paragraph.")
        try edited.write(to: root.appendingPathComponent("lessons/01-first.md"), atomically: true, encoding: .utf8)
        let warm = try build()
        XCTAssertTrue(warm["first.html"]!.contains("An edited paragraph."), "the edited lesson is rendered again")
        XCTAssertTrue(warm["search-index.js"]!.contains("An edited paragraph."), "and its search entries")
        XCTAssertTrue(warm["second.html"]!.contains(">SERVED</h1>"), "the unchanged lesson is served from the cache")

        // A neighbour's new title is on the second page (its "previous" link): rendered again.
        try edited.replacingOccurrences(of: "title: 'First'", with: "title: 'Renamed'").write(
            to: root.appendingPathComponent("lessons/01-first.md"), atomically: true, encoding: .utf8)
        let renamed = try build()
        XCTAssertFalse(renamed["second.html"]!.contains(">SERVED</h1>"))
        XCTAssertTrue(renamed["second.html"]!.contains("← Renamed"), renamed["second.html"]!)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: pieces.path).filter { $0.hasPrefix("page-") }.count, 2,
            "pieces of earlier builds are pruned")
    }
}
