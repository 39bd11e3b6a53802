@testable import CourseAuthoring
@testable import CourseToolchain
import Foundation
import XCTest

/// `course serve` in headless Chromium: a page left open reloads with the new text when its
/// lesson is edited, shows the diagnostics of a build that fails (file:line:col and id) over the
/// last good page, reloads without them once the mistake is fixed, and reloads when
/// `course serve` is started again.
final class LiveReloadBrowserTests: XCTestCase {
    func testAnOpenPageFollowsTheLesson() throws {
        guard let chromium = ProcessRunner.which("chromium-headless-shell") ?? ProcessRunner.which("chromium") else {
            XCTFail("headless Chromium is not installed; run scripts/bootstrap")
            return
        }
        let (root, lesson) = try ServeTests.liveCourse(self)
        let serve = try ServeProcess(root: root)
        defer { serve.stop() }
        let browser = try DevToolsPipe(chromium: chromium, url: URL(string: ServeTests.page, relativeTo: serve.url)!)
        defer { browser.quit() }
        try browser.attachToPage()
        XCTAssertTrue(try browser.waitUntil("document.readyState === 'complete' && !!document.querySelector('h1')", timeout: 30))
        // A mark on this document: gone after a reload, so the new text cannot come from anywhere else.
        _ = try browser.evaluate("window.loadedBeforeTheEdit = true")

        try ServeTests.append("Written while the page was open.", to: lesson)
        XCTAssertTrue(
            try browser.waitUntil(
                "!window.loadedBeforeTheEdit && document.body.innerText.includes('Written while the page was open.')",
                timeout: 30), serve.text)

        try ServeTests.append("A link to [nowhere](09-missing.md).", to: lesson)
        let overlay = "document.getElementById('\(LiveReloadScript.overlayID)')"
        XCTAssertTrue(try browser.waitUntil("!!\(overlay) && \(overlay).textContent.includes('[course.link.broken]')", timeout: 30), serve.text)
        let shown = try browser.evaluate("\(overlay).textContent") as? String ?? ""
        XCTAssertTrue(shown.contains("lessons/01-live.md:"), shown)
        XCTAssertTrue(
            try browser.evaluate("document.body.innerText.includes('Written while the page was open.')") as? Bool == true,
            "the last good page stays under the diagnostics")

        let source = try String(contentsOf: lesson, encoding: .utf8)
        try source.replacingOccurrences(of: "A link to [nowhere](09-missing.md).", with: "Fixed.").write(to: lesson, atomically: true, encoding: .utf8)
        XCTAssertTrue(try browser.waitUntil("!\(overlay) && document.body.innerText.includes('Fixed.')", timeout: 30), serve.text)
        XCTAssertEqual(serve.stop(), 0, serve.text)

        // `course serve` started again on the same port: the open page reloads from the new run.
        _ = try browser.evaluate("window.loadedBeforeTheRestart = true")
        let again = try ServeProcess(root: root, port: try XCTUnwrap(serve.url.port))
        defer { again.stop() }
        XCTAssertTrue(
            try browser.waitUntil("!window.loadedBeforeTheRestart && document.body.innerText.includes('Fixed.')", timeout: 30),
            again.text)
    }
}
