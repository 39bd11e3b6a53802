@testable import CourseAuthoring
@testable import CourseToolchain
import Foundation
import XCTest

/// Loads the built site of the real lessons in headless Chromium from file://: every formula is
/// typeset by KaTeX, search finds a lesson by a word of its body, local links resolve; on every
/// page, nothing scrolls sideways at 375 px, no exercise signature is cut at 1280 px, search finds
/// "λ" and "lambda" with a snippet, and axe-core finds no serious or critical violation in either
/// colour scheme. Screenshots at 1280 and 375 px, light and dark, are kept in .build/artifacts/.
final class BrowserTests: XCTestCase {
    private var site: URL!
    private var chromium: String!

    override func setUpWithError() throws {
        chromium = ProcessRunner.which("chromium-headless-shell") ?? ProcessRunner.which("chromium")
        guard chromium != nil else {
            XCTFail("headless Chromium is not installed; run scripts/bootstrap")
            throw XCTSkip("no browser")
        }
        site = try TestSupport.realCourseSite()
    }

    private func dom(_ page: String, query: String = "") throws -> String {
        let url = site.appendingPathComponent(page).absoluteString + query
        let outcome = try ProcessRunner.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
                "--dump-dom", url
            ], timeout: 120, outputLimit: 16 << 20)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        return outcome.output
    }

    func testEveryFormulaIsTypesetByKaTeX() throws {
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        XCTAssertFalse(course.lessons.isEmpty)
        for lesson in course.lessons {
            let html = try dom(StudentSiteBuilder.pageName(lesson))
            let formulas = html.components(separatedBy: "class=\"math ").count - 1
            let typeset = html.components(separatedBy: "data-rendered=\"1\"").count - 1
            XCTAssertGreaterThan(formulas, 0, lesson.file)
            XCTAssertEqual(typeset, formulas, "\(lesson.file): \(typeset) of \(formulas) formulas typeset")
            XCTAssertFalse(html.contains("katex-error"), "\(lesson.file): KaTeX reported an error")
            XCTAssertEqual(html.components(separatedBy: "class=\"katex\"").count - 1, formulas)
            // No TeX delimiters left in the text a reader sees (outside KaTeX's annotations).
            let visible = html.replacingOccurrences(of: #"<annotation[^>]*>[^<]*</annotation>"#, with: "", options: .regularExpression)
            XCTAssertFalse(visible.contains("$$"), lesson.file)
            for figure in lesson.figures {
                // (The script adds attributes to a figure that scrolls on a narrow screen.)
                XCTAssertTrue(html.contains("<figure id=\"figure-\(figure.id)\""), "\(lesson.file): figure \(figure.id)")
            }
        }
    }

    func testSearchFindsALessonByAWordInItsBody() throws {
        let html = try dom("index.html", query: "?q=Runge")
        let results = try XCTUnwrap(html.range(of: #"(?s)<ol id="search-results"[^>]*>.*?</ol>"#, options: .regularExpression).map { String(html[$0]) })
        XCTAssertTrue(results.contains("resnets-as-dynamical-systems.html#a-better-block-runge-kutta"), results)
    }

    func testLocalLinksResolve() throws {
        var fragments = 0
        for page in try FileManager.default.contentsOfDirectory(atPath: site.path) where page.hasSuffix(".html") {
            let html = try String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)
            let targets = html.matches(of: /(?:href|src)="([^"#?:]+)[^"]*"/).map { String($0.1) }
            XCTAssertFalse(targets.isEmpty)
            for target in targets {
                XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent(target).path), "\(page) links to missing \(target)")
            }
            // A link to a place in a page (`#id`, `other.html#id`) finds an element with that id.
            for link in html.matches(of: /href="([^"#?:]*)#([^"]+)"/) {
                let target = link.1.isEmpty ? page : String(link.1)
                let text = target == page ? html : try String(contentsOf: site.appendingPathComponent(target), encoding: .utf8)
                XCTAssertTrue(text.contains("id=\"\(link.2)\""), "\(page) links to \(target)#\(link.2), which has no such id")
                fragments += 1
            }
        }
        XCTAssertGreaterThan(fragments, 100, "the contents, headings and the reference link within pages")
    }

    /// The support library's reference page: reached from every page, found by search by a method's name.
    func testTheLibraryReferenceIsLinkedAndSearchable() throws {
        let lesson = try String(contentsOf: site.appendingPathComponent("resnets-as-dynamical-systems.html"), encoding: .utf8)
        XCTAssertTrue(lesson.contains("<a href=\"reference.html\">ResidualEngine reference</a>"), "the sidebar links to it")
        let html = try dom("reference.html", query: "?q=spectralNorm")
        XCTAssertTrue(html.contains("<a href=\"reference.html\" aria-current=\"page\">ResidualEngine reference</a>"))
        let results = try XCTUnwrap(html.range(of: #"(?s)<ol id="search-results"[^>]*>.*?</ol>"#, options: .regularExpression).map { String(html[$0]) })
        XCTAssertTrue(results.contains("reference.html#Matrix.spectralNorm(tolerance:maxIterations:seed:)"), "the member itself: \(results)")
        let entry = try XCTUnwrap(
            html.range(of: #"(?s)<dt id="Matrix.spectralNorm\(tolerance:maxIterations:seed:\)">.*?</dd>"#, options: .regularExpression).map { String(html[$0]) })
        XCTAssertTrue(entry.contains("Not in graded code of</strong> <a href=\"robustness.html\">"), "lesson 4 refuses it, and its entry says so: \(entry)")
        // A member is found by its name first, and an initializer as it is called.
        for (query, first) in [("relu", "reference.html#Activation.relu"), ("Matrix(rows:", "reference.html#Matrix.init(rows:cols:repeating:)")] {
            let page = try dom("index.html", query: "?q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query))
            let found = try XCTUnwrap(page.range(of: #"(?s)<ol id="search-results"[^>]*>.*?</ol>"#, options: .regularExpression).map { String(page[$0]) })
            XCTAssertEqual(found.matches(of: /<a href="([^"]+)"/).first.map { String($0.1) }, first, "search for \(query): \(found)")
        }
        // Lessons link the library's API where they name it.
        let robustness = try String(contentsOf: site.appendingPathComponent("robustness.html"), encoding: .utf8)
        XCTAssertTrue(robustness.contains("<a class=\"api\" href=\"reference.html#Matrix.spectralNorm(tolerance:maxIterations:seed:)\">"), "robustness.html")
    }

    func testScreenshotsAtBothWidthsInBothSchemesAreWritten() throws {
        let artifacts = TestSupport.repositoryRoot.appendingPathComponent(".build/artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let page = site.appendingPathComponent("resnets-as-dynamical-systems.html").absoluteString
        for (width, scheme) in [(1280, "light"), (1280, "dark"), (375, "light"), (375, "dark")] {
            let screenshot = artifacts.appendingPathComponent("lesson-\(width)-\(scheme).png")
            try? FileManager.default.removeItem(at: screenshot)
            var arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(width),1600", "--virtual-time-budget=10000"]
            if scheme == "dark" { arguments.append("--blink-settings=preferredColorScheme=0") }
            let shot = try ProcessRunner.run(chromium, arguments + ["--screenshot=\(screenshot.path)", page], timeout: 120)
            XCTAssertEqual(shot.status, 0, shot.output)
            let size = (try FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size, 20_000, "\(screenshot.lastPathComponent): a blank page would compress to almost nothing")
        }
    }

    func testEveryPageFitsAPhoneKeepsSignaturesWholeFindsLambdaAndPassesAxe() throws {
        guard let axe = BrowserProbe.axeScript() else {
            return XCTFail("axe-core is not installed; run scripts/python-env scripts/requirements-site.txt (scripts/test does)")
        }
        let probe = try BrowserProbe(chromium: chromium, site: site, axe: axe, folder: try TestSupport.temporaryFolder(self).appendingPathComponent("probe"))
        let pages = try FileManager.default.contentsOfDirectory(atPath: site.path).filter { $0.hasSuffix(".html") }.sorted()
        XCTAssertEqual(pages.count, 9, "the index, seven lessons and the library reference")
        // The phone in the dark scheme, the wide screen in the light one: each page, both schemes'
        // contrast. Two browsers at a time: each spends much of its run starting up.
        let loads = pages.flatMap { page in [(page, 375, true), (page, 1280, false)] }
        let reports = try loads.parallelMap(width: 2) { page, width, dark in try probe.measure(page, width: width, dark: dark) }
        for ((page, width, dark), report) in zip(loads, reports) {
            let label = "\(page) at \(width) px, \(dark ? "dark" : "light")"
            XCTAssertEqual(report.dark, dark, "\(label): the colour scheme was not applied")
            XCTAssertEqual(report.pageOverflow, 0, "\(label): the page scrolls sideways")
            if width == 1280 { XCTAssertEqual(report.cutSignatures, [], "\(label): signatures cut") }
            // Also as typed on a plain keyboard: no accent, a hyphen for the en dash.
            for query in ["λ", "lambda", "Schrodinger", "Runge-Kutta"] {
                let found = report.search(query)
                XCTAssertGreaterThan(found.results, 0, "\(label): search for \(query)")
                XCTAssertFalse(found.snippet.isEmpty, "\(label): a snippet for \(query)")
            }
            XCTAssertTrue(report.search("qqqzzzq").noResults.hasPrefix("No results for"), label)
            XCTAssertTrue(report.keyboardWorks, "\(label): / and ArrowDown: \(report.json)")
            XCTAssertEqual(report.violations, [], "\(label): axe-core")
        }
        // The checker itself must be able to fail: a page with faint text and an image without
        // a text alternative is reported.
        let control = probe.folder.appendingPathComponent("control.html")
        let index = try String(contentsOf: probe.folder.appendingPathComponent("index.html"), encoding: .utf8)
        try index.replacingOccurrences(of: "<main id=\"content\">", with: "<main id=\"content\"><p style=\"color:#ddd;background:#fff\">faint</p><img src=\"course.css\">")
            .write(to: control, atomically: true, encoding: .utf8)
        let planted = try probe.measure("control.html", width: 1280, dark: false).violations.joined(separator: "\n")
        XCTAssertTrue(planted.contains("color-contrast") && planted.contains("image-alt"), planted)
    }

    /// A student with only the site gets the package the course commits, file for file.
    func testTheStartPageOffersTheCommittedExercises() throws {
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("<a href=\"exercises.zip\" download>"))
        guard let unzip = ProcessRunner.which("unzip") else { return XCTFail("unzip is not installed; run scripts/bootstrap") }
        let folder = try TestSupport.temporaryFolder(self)
        let outcome = try ProcessRunner.run(unzip, ["-q", site.appendingPathComponent("exercises.zip").path, "-d", folder.path], timeout: 60)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        let committed = TestSupport.repositoryRoot.appendingPathComponent("exercises")
        let unzipped = folder.appendingPathComponent("exercises")
        let files = FileTree.listFiles(in: committed).filter { !$0.hasPrefix(".build/") && !$0.hasPrefix(".swiftpm/") }
        XCTAssertEqual(Set(FileTree.listFiles(in: unzipped)), Set(files))
        for file in files {
            XCTAssertEqual(try Data(contentsOf: unzipped.appendingPathComponent(file)), try Data(contentsOf: committed.appendingPathComponent(file)), file)
        }
    }
}
