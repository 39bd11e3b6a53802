import Foundation
import XCTest
@testable import CourseKit

final class StudentSiteTests: XCTestCase {
    func testPagesShowStubsAndVisibleTestsButNothingHidden() throws {
        let course = try CourseLoader(root: TestSupport.fixtures.appendingPathComponent("golden")).load().course
        let site = StudentSiteBuilder(course: course).tree()
        XCTAssertEqual(Set(site.files.keys), ["index.html", "style.css", "golden-lesson.html"])
        let page = try XCTUnwrap(site["golden-lesson.html"])
        XCTAssertTrue(page.contains("Exercise swap-pair: Swap a pair <span class=\"points\">4 points</span>"))
        XCTAssertTrue(page.contains("fatalError(&quot;TODO: exercise swap-pair is not implemented yet&quot;)"))
        XCTAssertTrue(page.contains("func testSwap()"), "visible tests are shown")
        XCTAssertTrue(page.contains("<span class=\"math inline\">a_1 * b_1</span>"))
        XCTAssertTrue(page.contains("<div class=\"math display\">\n\\|x\\| \\le 1\n</div>"))
        let everything = site.files.filter { $0.key.hasSuffix(".html") }.values.joined()
        for secret in ["testSwapTwiceIsIdentity", "Pair(a: p.b, b: p.a)", "p.a + p.b", "BEGIN SOLUTION", "threshold", "threshold=1.5"] {
            XCTAssertFalse(everything.contains(secret), "'\(secret)' reached the student site")
        }
        XCTAssertTrue(try XCTUnwrap(site["index.html"]).contains("<a href=\"golden-lesson.html\">Golden lesson</a>"))
    }
}
