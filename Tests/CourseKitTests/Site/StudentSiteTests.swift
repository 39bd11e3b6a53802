import Foundation
import XCTest
@testable import CourseKit

final class StudentSiteTests: XCTestCase {
    func testPagesShowStubsAndVisibleTestsButNothingHidden() throws {
        let course = try CourseLoader(root: TestSupport.fixtures.appendingPathComponent("golden")).load().course
        let site = try StudentSiteBuilder(course: course).tree()
        XCTAssertEqual(Set(site.files.keys), ["index.html", "course.css", "course.js", "search-index.js", "golden-lesson.html"])
        let page = try XCTUnwrap(site["golden-lesson.html"])
        XCTAssertTrue(page.contains("Exercise swap-pair: Swap a pair <span class=\"points\">4 points</span>"))
        XCTAssertTrue(page.contains("TODO: exercise swap-pair is not implemented yet"))
        XCTAssertTrue(page.contains("<span class=\"tok-keyword\">func</span> testSwap()"), "visible tests are shown, highlighted")
        XCTAssertTrue(page.contains("<span class=\"math inline\">a_1 * b_1</span>"))
        XCTAssertTrue(page.contains("<div class=\"math display\">\n\\|x\\| \\le 1\n</div>"))
        let everything = site.files.filter { $0.key.hasSuffix(".html") || $0.key == "search-index.js" }.values.joined()
        for secret in ["testSwapTwiceIsIdentity", "Pair(a: p.b, b: p.a)", "p.a + p.b", "BEGIN SOLUTION", "threshold", "threshold=1.5"] {
            XCTAssertFalse(everything.contains(secret), "'\(secret)' reached the student site")
        }
        XCTAssertTrue(try XCTUnwrap(site["index.html"]).contains("<a href=\"golden-lesson.html\">Golden lesson</a>"))
    }
}

extension StudentSiteTests {
    func testBrokenInternalLinksAreReportedWithTheirPosition() throws {
        let first = NewLessonAction.template(id: "first", title: "First", order: 1)
            + "\nSee [the second lesson](02-second.md#exercise-one-residual-step), [nowhere](03-none.md)\nand [a bad anchor](#exercise-one-residual-stepp).\n"
        let second = NewLessonAction.template(id: "second", title: "Second", order: 2)
        let root = try TestSupport.course(["01-first.md": first, "02-second.md": second], test: self)
        let course = try CourseLoader(root: root).load().course
        let broken = SiteLinks(course: course).brokenLinks()
        let lines = first.split(separator: "\n", omittingEmptySubsequences: false)
        let linkLine = lines.firstIndex { $0.hasPrefix("See [the second") }! + 1
        XCTAssertEqual(broken.map { "\($0.location)" }, ["\(linkLine):77", "\(linkLine + 1):20"], "columns point at the destinations")
        XCTAssertTrue(broken[0].message.contains("'03-none.md', which is not a lesson"), broken[0].message)
        XCTAssertTrue(broken[1].message.contains("did you mean"), broken[1].message)
        let page = try XCTUnwrap(try StudentSiteBuilder(course: course).tree()["first.html"])
        XCTAssertTrue(page.contains("<a href=\"second.html#exercise-one-residual-step\">"), "lesson links point at pages")

        let build = try TestSupport.runCourse(["build"], in: root)
        XCTAssertEqual(build.status, 1)
        XCTAssertTrue(build.output.contains("lessons/01-first.md:\(linkLine):77: error: link to '03-none.md'"), build.output)
    }

    func testHighlighterMarksSwiftTokens() {
        let html = SwiftHighlighter.html("@inlinable func f(_ x: Int) -> String { /* a /* nested */ */ return #\"raw \"q\"\"# + \"s\\(x)\" // done\n}")
        XCTAssertTrue(html.contains("<span class=\"tok-attribute\">@inlinable</span>"))
        XCTAssertTrue(html.contains("<span class=\"tok-keyword\">func</span>"))
        XCTAssertTrue(html.contains("<span class=\"tok-type\">Int</span>"))
        XCTAssertTrue(html.contains("<span class=\"tok-comment\">/* a /* nested */ */</span>"))
        XCTAssertTrue(html.contains("<span class=\"tok-string\">#&quot;raw &quot;q&quot;&quot;#</span>"))
        XCTAssertTrue(html.contains("<span class=\"tok-comment\">// done</span>"))
        XCTAssertEqual(SwiftHighlighter.html("a < b && c"), "a &lt; b &amp;&amp; c")
    }
}

extension StudentSiteTests {
    func testInstructorEditionShowsWhatStudentsNeverSee() throws {
        let course = try CourseLoader(root: TestSupport.fixtures.appendingPathComponent("golden")).load().course
        var builder = try StudentSiteBuilder(course: course)
        builder.instructorEdition = true
        let page = try XCTUnwrap(try builder.tree()["golden-lesson.html"])
        XCTAssertTrue(page.contains("Reference solution (instructors)"))
        XCTAssertTrue(page.contains("testSwapTwiceIsIdentity"))
        XCTAssertTrue(page.contains("at most 1.5× the reference&#39;s time") || page.contains("at most 1.5× the reference's time"))
    }
}

extension StudentSiteTests {
    func testACourseCanReplaceThePageTemplateAndStylesheet() throws {
        let root = try TestSupport.course(["01-a.md": NewLessonAction.template(id: "a", title: "A", order: 1)], test: self)
        let templates = root.appendingPathComponent("lessons/templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "<html><title>{{title}}</title><body class=\"custom\">{{#lessons}}[{{title}}]{{/lessons}}{{{body}}}</body></html>\n"
            .write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        var site = try StudentSiteBuilder(course: try CourseLoader(root: root).load().course).tree()
        let page = try XCTUnwrap(site["a.html"])
        XCTAssertTrue(page.hasPrefix("<html><title>A</title><body class=\"custom\">[A]"), page)
        XCTAssertEqual(site["course.css"], SiteAssets.stylesheet, "what the course does not replace keeps the default")

        try "body { color: red }\n".write(to: templates.appendingPathComponent("course.css"), atomically: true, encoding: .utf8)
        site = try StudentSiteBuilder(course: try CourseLoader(root: root).load().course).tree()
        XCTAssertEqual(site["course.css"], "body { color: red }\n")

        try "{{#lessons}}unclosed".write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try StudentSiteBuilder(course: try CourseLoader(root: root).load().course)) { error in
            XCTAssertTrue("\(error.localizedDescription)".contains("page.mustache is not a valid Mustache template"), "\(error)")
        }
    }
}
