@testable import CourseAuthoring
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// `course serve` over HTTP: the served page has the reload script (the built files do not), an
/// edit is rebuilt and served, a mistake is reported to the page's event with its file:line:col
/// and id while the last good page stays served, a used port is one error line, and Ctrl-C exits 0.
final class ServeTests: XCTestCase {
    static let page = "live.html"

    /// A course of the scaffold lesson (no figures, so no compiler is needed to build it).
    static func liveCourse(_ test: XCTestCase) throws -> (root: URL, lesson: URL) {
        let root = try TestSupport.course(["01-live.md": NewLessonAction.template(id: "live", title: "Live", order: 1)], test: test)
        return (root, root.appendingPathComponent("lessons/01-live.md"))
    }

    /// Appends `text` to the lesson as a new paragraph.
    static func append(_ text: String, to lesson: URL) throws {
        let source = try String(contentsOf: lesson, encoding: .utf8)
        try (source + "\n" + text + "\n").write(to: lesson, atomically: true, encoding: .utf8)
    }

    func testServesRebuildsReportsAndStops() throws {
        let (root, lesson) = try Self.liveCourse(self)
        let serve = try ServeProcess(root: root)
        defer { serve.stop() }

        let first = try serve.get(Self.page)
        XCTAssertEqual(first.status, 200)
        XCTAssertTrue(first.body.contains("<h1"), first.body)
        XCTAssertTrue(first.body.contains(LiveReloadScript.eventsPath), "the served page has the reload script")
        let built = try String(contentsOf: root.appendingPathComponent(".build/site/\(Self.page)"), encoding: .utf8)
        XCTAssertFalse(built.contains("__course"), "the reload script is never written into the site")
        XCTAssertTrue(try serve.get("katex/katex.min.js").body.contains("katex"))
        XCTAssertEqual(try serve.get("no-such-page.html").status, 404)

        try Self.append("A paragraph written while the server ran.", to: lesson)
        let rebuilt = try Self.event(after: 1, from: serve)
        XCTAssertEqual(rebuilt["build"] as? Int, 2)
        XCTAssertEqual(rebuilt["ok"] as? Bool, true)
        XCTAssertTrue(try serve.get(Self.page).body.contains("A paragraph written while the server ran."))

        try Self.append("A link to [nowhere](09-missing.md).", to: lesson)
        let failed = try Self.event(after: 2, from: serve)
        XCTAssertEqual(failed["ok"] as? Bool, false)
        let diagnostics = failed["diagnostics"] as? String ?? ""
        let lines = try String(contentsOf: lesson, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try XCTUnwrap(lines.firstIndex { $0.contains("nowhere") }) + 1
        XCTAssertTrue(diagnostics.contains("lessons/01-live.md:\(line):21: error: link to '09-missing.md'"), diagnostics)
        XCTAssertTrue(diagnostics.contains("[course.link.broken]"), diagnostics)
        XCTAssertTrue(serve.text.contains("[course.link.broken]"), "the terminal shows it too: \(serve.text)")
        let lastGood = try serve.get(Self.page).body
        XCTAssertTrue(lastGood.contains("A paragraph written while the server ran."), "the last good page stays served")
        XCTAssertFalse(lastGood.contains("nowhere"))

        // TeX KaTeX cannot typeset builds (the page shows KaTeX's red text) and the terminal
        // names its line, as `course check` does.
        if MathTypesetCheck.unavailableReason == nil {
            let withoutTheLink = try String(contentsOf: lesson, encoding: .utf8).replacingOccurrences(of: "A link to [nowhere](09-missing.md).\n", with: "")
            try withoutTheLink.write(to: lesson, atomically: true, encoding: .utf8)
            try Self.append("A formula left open: $\\frac{1}{$.", to: lesson)
            let typeset = try Self.event(after: 3, from: serve)
            XCTAssertEqual(typeset["ok"] as? Bool, true, "a formula is not a build error")
            let formulaLine = try String(contentsOf: lesson, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count - 1
            let deadline = Date().addingTimeInterval(20)
            while !serve.text.contains("[course.math.katex]") && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
            XCTAssertTrue(serve.text.contains("lessons/01-live.md:\(formulaLine):"), serve.text)
            XCTAssertTrue(serve.text.contains("KaTeX cannot typeset this formula"), serve.text)
        }

        XCTAssertEqual(serve.stop(), 0, serve.text)
        XCTAssertTrue(serve.text.contains("stopped serving"), serve.text)
    }

    /// The run's id, as its pages have it.
    static func serverID(of serve: ServeProcess) throws -> String {
        let page = try serve.get(page).body
        return try XCTUnwrap(page.firstMatch(of: /server = "([^"]+)"/)).1.description
    }

    /// The server's answer to a page that has seen build `build`: the next build, once it is done.
    static func event(after build: Int, from serve: ServeProcess) throws -> [String: Any] {
        let answer = try serve.get(LiveReloadScript.eventsPath + "?since=\(build)&server=" + (try serverID(of: serve)))
        return try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any] ?? [:]
    }

    func testServesTheInstructorEdition() throws {
        let (root, _) = try Self.liveCourse(self)
        let serve = try ServeProcess(root: root, arguments: ["--instructor"])
        defer { serve.stop() }
        let page = try serve.get(Self.page).body
        XCTAssertTrue(page.contains("Instructor edition"), page)
        XCTAssertTrue(page.contains("x.map { $0 + f($0) }"), "the reference solution is shown")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(".build/site-instructor/\(Self.page)").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent(".build/site").path))
    }

    func testAPortInUseIsOneLineAndExitOne() throws {
        let (root, _) = try Self.liveCourse(self)
        let serve = try ServeProcess(root: root)
        defer { serve.stop() }
        let port = try XCTUnwrap(serve.url.port)
        let second = try ProcessRunner.run(TestSupport.courseExecutable.path, ["serve", "--port", String(port), "--root", root.path], timeout: 60)
        XCTAssertEqual(second.status, 1, second.output)
        XCTAssertEqual(second.output, "error: cannot listen on 127.0.0.1:\(port): the port is in use (try --port with another number)\n")
    }

    func testRequestsCannotLeaveTheSiteFolder() throws {
        let folder = try TestSupport.temporaryFolder(self).appendingPathComponent("site")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "page".write(to: folder.appendingPathComponent("sub/index.html"), atomically: true, encoding: .utf8)
        try "secret".write(to: folder.deletingLastPathComponent().appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        XCTAssertEqual(SiteRequestHandler.file(for: "/sub/", in: folder)?.lastPathComponent, "index.html")
        XCTAssertNil(SiteRequestHandler.file(for: "/../secret.txt", in: folder))
        XCTAssertNil(SiteRequestHandler.file(for: "/%2e%2e/secret.txt", in: folder))
        XCTAssertNil(SiteRequestHandler.file(for: "/missing.html", in: folder))
    }
}
