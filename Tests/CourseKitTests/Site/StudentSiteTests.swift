@testable import CourseAuthoring
@testable import CourseKit
import Foundation
import XCTest

final class StudentSiteTests: XCTestCase {
    func testPagesShowStubsAndVisibleTestsButNothingHidden() throws {
        let course = try CourseLoader(root: TestSupport.fixtures.appendingPathComponent("golden")).load().course
        let site = try StudentSiteBuilder(course: course).tree()
        XCTAssertEqual(Set(site.files.keys), ["index.html", "course.css", "course.js", "search-index.js", "golden-lesson.html"])
        let page = try XCTUnwrap(site["golden-lesson.html"])
        XCTAssertTrue(page.contains("Exercise swap-pair: Swap a pair <span class=\"points\">4 points</span>"))
        XCTAssertTrue(page.contains("TODO: exercise swap-pair is not implemented yet"))
        XCTAssertTrue(page.contains("<span class=\"tok-keyword\">func</span> testSwap()"), "visible tests are shown, highlighted")
        // The exercise's box holds its file, its tests with the command that runs them, its points and its benchmark.
        let box = try XCTUnwrap(page.range(of: #"(?s)<section class="exercise" id="exercise-swap-pair".*?</section>"#, options: .regularExpression).map { String(page[$0]) })
        XCTAssertTrue(box.contains("<code>exercises/Sources/GoldenLesson/SwapPair.swift</code>"), box)
        XCTAssertTrue(box.contains("<code>swift test --filter GoldenLessonTests.SwapPairTests</code>"), box)
        XCTAssertTrue(box.contains("testSwap()") && box.contains("testTotal()"), "both visible test blocks are in the box")
        XCTAssertTrue(box.contains("it may take at most 1.5× the reference's time"), box)
        XCTAssertEqual(page.components(separatedBy: "testTotal()").count - 1, 1, "visible tests are shown once, in the box")
        XCTAssertTrue(page.contains("<span class=\"math inline\">a_1 * b_1</span>"))
        XCTAssertTrue(
            page.contains("<p class=\"support-label\">Given code (<code>exercises/Sources/GoldenLessonSupport/Support.swift</code>)"),
            "support code says what it is and where it is")
        XCTAssertTrue(page.contains("<div class=\"math display\">\n\\|x\\| \\le 1\n</div>"))
        let everything = site.files.filter { $0.key.hasSuffix(".html") || $0.key == "search-index.js" }.values.joined()
        // The threshold is the students' to know; the benchmark's workload and spec are not.
        for secret in ["testSwapTwiceIsIdentity", "Pair(a: p.b, b: p.a)", "p.a + p.b", "BEGIN SOLUTION", "threshold=1.5", "pairs.map(swapPair)"] {
            XCTAssertFalse(everything.contains(secret), "'\(secret)' reached the student site")
        }
        let index = try XCTUnwrap(site["index.html"])
        XCTAssertTrue(index.contains("<a href=\"golden-lesson.html\">Golden lesson</a>"))
        XCTAssertTrue(index.contains("<a href=\"exercises.zip\" download>"), "the start page offers the student package")
        XCTAssertTrue(index.contains("swift test --filter GoldenLessonTests.SwapPairTests"), index)
        XCTAssertFalse(page.contains("Instructor edition") || page.contains("noindex"), "the student edition has no banner")
        XCTAssertFalse(box.contains("Write it yourself") || box.contains("Also allowed"), "the golden lesson refuses and allows nothing extra")
    }

    /// A lesson's own grading rules (front matter `refuse`, `allow`) stand in each exercise's box.
    func testExerciseBoxesSayWhatTheLessonRefusesAndAllows() throws {
        var course = try CourseLoader(root: TestSupport.fixtures.appendingPathComponent("golden")).load().course
        course.lessons[0].meta.refuses = ["DenseLayer.backward", "Matrix<T>.spectralNorm"]
        course.lessons[0].meta.allows = ["threads"]
        let rules = StudentSiteBuilder.gradingRules(course.lessons[0])
        XCTAssertTrue(rules.contains("<code>DenseLayer.backward</code>, <code>Matrix&lt;T&gt;.spectralNorm</code>"), rules)
        XCTAssertTrue(rules.contains("asks you to write them"), rules)
        XCTAssertTrue(rules.contains("<dt>Also allowed</dt><dd>threads,"), rules)
        let site = try StudentSiteBuilder(course: course).tree()
        XCTAssertTrue(try XCTUnwrap(site["golden-lesson.html"]).contains(rules), "each exercise's box says so")
    }
}

extension StudentSiteTests {
    /// Math in a title is typeset where the page shows markup and read as text where it cannot
    /// (`<title>`, the search index): a new author's `$\gamma = 0$` was published as raw TeX.
    func testMathInTitlesIsTypesetOrReadAsText() throws {
        var course = try CourseLoader(root: TestSupport.fixtures.appendingPathComponent("golden")).load().course
        course.lessons[0].meta.title = "Start at $\\gamma = 0$"
        course.lessons[0].exercises[0].title = "Swap $a_1$ and $b_1$"
        let site = try StudentSiteBuilder(course: course).tree()
        let page = try XCTUnwrap(site["golden-lesson.html"])
        XCTAssertTrue(page.contains("<title>Start at γ = 0</title>"), page)
        XCTAssertTrue(page.contains("Start at <span class=\"math inline\">\\gamma = 0</span></a>"), "the sidebar typesets it")
        XCTAssertTrue(page.contains("Exercise swap-pair: Swap <span class=\"math inline\">a_1</span> and <span class=\"math inline\">b_1</span>"), page)
        XCTAssertFalse(page.contains("$\\gamma"), page)
        XCTAssertTrue(try XCTUnwrap(site["index.html"]).contains("Start at <span class=\"math inline\">\\gamma = 0</span></a>"))
        XCTAssertTrue(try XCTUnwrap(site["search-index.js"]).contains("Start at γ = 0"))
        XCTAssertEqual(StudentSiteBuilder.titleText("Plain title"), "Plain title")
    }

    func testBrokenInternalLinksAreReportedWithTheirPosition() throws {
        let first =
            NewLessonAction.template(id: "first", title: "First", order: 1)
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
        XCTAssertEqual(SwiftHighlighter.html("a < b && c"), "<span class=\"line\">a &lt; b &amp;&amp; c</span>")
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
        XCTAssertTrue(page.contains("pairs.map(swapPair)"), "the benchmark's workload")
        XCTAssertTrue(page.contains("<title>Golden lesson · Instructor edition</title>"), "the tab says which edition it is")
        XCTAssertTrue(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"))
        XCTAssertTrue(page.contains("<div class=\"edition-banner\" role=\"note\">Instructor edition"))
        XCTAssertTrue(try XCTUnwrap(try builder.tree()["index.html"]).contains("edition-banner"), "on every page")
    }

    func testInstructorBuildWarnsWhenWrittenToTheStudentSite() throws {
        let root = try TestSupport.course(["01-a.md": NewLessonAction.template(id: "a", title: "A", order: 1)], test: self)
        let own = try TestSupport.runCourse(["build", "--instructor"], in: root)
        XCTAssertEqual(own.status, 0, own.output)
        XCTAssertFalse(own.output.contains("warning:"), own.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(".build/site-instructor/a.html").path))
        let studentFolder = try TestSupport.runCourse(["build", "--instructor", "-o", ".build/site/"], in: root)
        XCTAssertEqual(studentFolder.status, 0, studentFolder.output)
        XCTAssertTrue(studentFolder.output.contains("warning: the instructor edition (solutions, hidden tests) is being written to"), studentFolder.output)
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

extension StudentSiteTests {
    /// Canary lines in hidden tests and solutions, nested in lists and after raw HTML, never reach
    /// the student site or its search index; if a renderer ever let one through, the build fails.
    func testCanariesNeverReachTheStudentSite() throws {
        let nested =
            NewLessonAction.template(id: "nested", title: "Nested", order: 1)
            .replacingOccurrences(of: "    return x.map { $0 + f($0) }\n", with: "    let canarySolutionLine = 42\n    return x.map { $0 + f($0) }\n")
                + """

                1. A list item with a hidden test inside:

                   ```swift hidden-test exercise=residual-step
                   func testCanaryInAList() { XCTAssertEqual(residualStep([7], { $0 }), [14]) }
                   ```

                """
        let root = try TestSupport.course(["01-nested.md": nested], test: self)
        let build = try TestSupport.runCourse(["build"], in: root)
        XCTAssertEqual(build.status, 0, build.output)
        let site = root.appendingPathComponent(".build/site")
        for file in ["nested.html", "search-index.js", "index.html"] {
            let text = try String(contentsOf: site.appendingPathComponent(file), encoding: .utf8)
            for canary in ["testCanaryInAList", "canarySolutionLine", "testAddsTheBranch"] {
                XCTAssertFalse(text.contains(canary), "\(canary) in \(file)")
            }
        }
        // A fence swallowed by raw HTML would be published verbatim: an authoring error.
        let rawHTML =
            NewLessonAction.template(id: "raw", title: "Raw", order: 1)
            + "\n<div>\n```swift hidden-test exercise=residual-step\nfunc testSwallowed() { XCTAssertEqual(residualStep([5], { $0 }), [10]) }\n```\n</div>\n"
        let leaky = try TestSupport.course(["01-raw.md": rawHTML], test: self)
        let failed = try TestSupport.runCourse(["build"], in: leaky)
        XCTAssertEqual(failed.status, 1, failed.output)
        let line = rawHTML.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "<div>" }! + 2
        XCTAssertTrue(failed.output.contains("lessons/01-raw.md:\(line):1: error: this fence is inside a raw HTML block"), failed.output)

        // And the scan itself: a secret line planted in a built page is found.
        let planted = site.appendingPathComponent("nested.html")
        try (try String(contentsOf: planted, encoding: .utf8) + "<pre>XCTAssertEqual(residualStep([1, -2], { 2 * $0 }), [3, -6])</pre>\n")
            .write(to: planted, atomically: true, encoding: .utf8)
        let course = try CourseLoader(root: root).load().course
        let (leaks, _) = LeakScanner(course: course).scan(site, displayPrefix: "site", extensions: ["html", "js"])
        XCTAssertEqual(leaks.map(\.file), ["site/nested.html"])
    }
}

extension StudentSiteTests {
    func testFigureIdsAreLessonLocalAndStalePagesGo() throws {
        let figure = "\n```swift figure id=plot\nreturn SVGPlot(title: \"LESSON\")\n```\n"
        let root = try TestSupport.course(
            [
                "01-a.md": NewLessonAction.template(id: "a", title: "A", order: 1) + figure.replacingOccurrences(of: "LESSON", with: "from A")
                    + "\nSee [the guide](../docs/authoring.md).\n",
                "02-b.md": NewLessonAction.template(id: "b", title: "B", order: 2) + figure.replacingOccurrences(of: "LESSON", with: "from B")
            ], test: self)
        try FileManager.default.copyItem(
            at: TestSupport.repositoryRoot.appendingPathComponent("Sources/ResidualEngine"),
            to: root.appendingPathComponent("Sources/ResidualEngine"))
        let built = try TestSupport.runCourse(["build"], in: root)
        XCTAssertEqual(built.status, 0, built.output)
        let site = root.appendingPathComponent(".build/site")
        XCTAssertTrue(try String(contentsOf: site.appendingPathComponent("a.html"), encoding: .utf8).contains(">from A</text>"))
        XCTAssertTrue(try String(contentsOf: site.appendingPathComponent("b.html"), encoding: .utf8).contains(">from B</text>"))

        try FileManager.default.removeItem(at: root.appendingPathComponent("lessons/02-b.md"))
        XCTAssertEqual(try TestSupport.runCourse(["build"], in: root).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.appendingPathComponent("b.html").path), "a removed lesson's page goes")
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("katex/katex.min.js").path))
    }
}

extension StudentSiteTests {
    /// Each id is on one element of a page: a heading repeated, or named like an exercise's
    /// anchor (`## Exercise: Residual step` beside exercise `residual-step`), gets `-2`, and the
    /// table of contents, the search index and link checks use the same anchors.
    func testHeadingAnchorsAreUniqueOnAPage() throws {
        let text =
            NewLessonAction.template(id: "first", title: "First", order: 1)
            + "\n## Notes\n\nOne.\n\n## Notes\n\nTwo, after [the first notes](#notes).\n\n## Exercise: Residual step\n\nSee [the second notes](#notes-2).\n"
        let root = try TestSupport.course(["01-first.md": text], test: self)
        let course = try CourseLoader(root: root).load().course
        XCTAssertEqual(SiteLinks(course: course).brokenLinks().map(\.message), [])
        let page = try XCTUnwrap(try StudentSiteBuilder(course: course).tree()["first.html"])
        let ids = try NSRegularExpression(pattern: #" id="([^"]+)""#).matches(in: page, range: NSRange(page.startIndex..., in: page))
            .map { String(page[Range($0.range(at: 1), in: page)!]) }
        XCTAssertEqual(ids.count, Set(ids).count, "a duplicate id: \(ids.sorted())")
        for id in ["notes", "notes-2", "exercise-residual-step", "exercise-residual-step-2"] { XCTAssertTrue(ids.contains(id), "\(id) in \(ids)") }
        XCTAssertTrue(page.contains("<a href=\"#notes-2\">Notes</a>"), "the table of contents")
        XCTAssertTrue(
            page.contains("<h2 id=\"notes-2\">Notes <a class=\"anchor\" href=\"#notes-2\" aria-label=\"Link to this section\">#</a></h2>"),
            "a section heading links to itself, to copy")
        let entries = SearchIndexWriter.entries(for: try XCTUnwrap(course.lessons.first))
        XCTAssertTrue(entries.contains { $0.anchor == "notes-2" && $0.text.contains("Two") }, "\(entries.map(\.anchor))")
    }
}
