import Foundation
import XCTest
@testable import CourseKit

/// Loads the built site of the real lessons in headless Chromium from file://: every formula is
/// typeset by KaTeX, search finds a lesson by a word of its body, local links resolve, and a
/// screenshot of a lesson page is kept as a build artifact (.build/artifacts/lesson.png).
final class BrowserTests: XCTestCase {
    private var site: URL!
    private var chromium: String!

    override func setUpWithError() throws {
        chromium = ProcessRunner.which("chromium-headless-shell") ?? ProcessRunner.which("chromium")
        guard chromium != nil else {
            XCTFail("headless Chromium is not installed; run scripts/bootstrap")
            throw XCTSkip("no browser")
        }
        site = try TestSupport.temporaryFolder(self).appendingPathComponent("site")
        let built = try TestSupport.runCourse(["build", "-o", site.path], in: TestSupport.repositoryRoot)
        XCTAssertEqual(built.status, 0, built.output)
    }

    private func dom(_ page: String, query: String = "") throws -> String {
        let url = site.appendingPathComponent(page).absoluteString + query
        let outcome = try ProcessRunner.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
                                                       "--dump-dom", url], timeout: 120, outputLimit: 16 << 20)
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
                XCTAssertTrue(html.contains("<figure id=\"figure-\(figure.id)\">"), "\(lesson.file): figure \(figure.id)")
            }
        }
    }

    func testSearchFindsALessonByAWordInItsBody() throws {
        let html = try dom("index.html", query: "?q=Runge")
        let results = try XCTUnwrap(html.range(of: #"<ol id="search-results">.*?</ol>"#, options: .regularExpression).map { String(html[$0]) })
        XCTAssertTrue(results.contains("resnets-as-dynamical-systems.html#a-better-block-runge-kutta"), results)
    }

    func testLocalLinksResolveAndAScreenshotIsWritten() throws {
        for page in try FileManager.default.contentsOfDirectory(atPath: site.path) where page.hasSuffix(".html") {
            let html = try String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)
            let targets = html.matches(of: /(?:href|src)="([^"#?:]+)[^"]*"/).map { String($0.1) }
            XCTAssertFalse(targets.isEmpty)
            for target in targets {
                XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent(target).path), "\(page) links to missing \(target)")
            }
        }
        let artifacts = TestSupport.repositoryRoot.appendingPathComponent(".build/artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("lesson.png")
        try? FileManager.default.removeItem(at: screenshot)
        let page = site.appendingPathComponent("resnets-as-dynamical-systems.html").absoluteString
        let shot = try ProcessRunner.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1600",
                                                    "--virtual-time-budget=10000", "--screenshot=\(screenshot.path)", page], timeout: 120)
        XCTAssertEqual(shot.status, 0, shot.output)
        let size = (try FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        XCTAssertGreaterThan(size, 20_000, "a blank page would compress to almost nothing")
    }
}
