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
        if let built = Self.builtSite { site = built; return }
        // Built once for the class (about 30 s each time); no test writes into it.
        site = FileManager.default.temporaryDirectory.appendingPathComponent("course-browser-\(UUID().uuidString)/site")
        let built = try TestSupport.runCourse(["build", "-o", site.path], in: TestSupport.repositoryRoot)
        XCTAssertEqual(built.status, 0, built.output)
        if built.status == 0 { Self.builtSite = site }
    }

    nonisolated(unsafe) private static var builtSite: URL?

    override class func tearDown() {
        if let site = builtSite { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        builtSite = nil
        super.tearDown()
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
                XCTAssertTrue(html.contains("<figure id=\"figure-\(figure.id)\">"), "\(lesson.file): figure \(figure.id)")
            }
        }
    }

    func testSearchFindsALessonByAWordInItsBody() throws {
        let html = try dom("index.html", query: "?q=Runge")
        let results = try XCTUnwrap(html.range(of: #"(?s)<ol id="search-results"[^>]*>.*?</ol>"#, options: .regularExpression).map { String(html[$0]) })
        XCTAssertTrue(results.contains("resnets-as-dynamical-systems.html#a-better-block-runge-kutta"), results)
    }

    func testLocalLinksResolve() throws {
        for page in try FileManager.default.contentsOfDirectory(atPath: site.path) where page.hasSuffix(".html") {
            let html = try String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)
            let targets = html.matches(of: /(?:href|src)="([^"#?:]+)[^"]*"/).map { String($0.1) }
            XCTAssertFalse(targets.isEmpty)
            for target in targets {
                XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent(target).path), "\(page) links to missing \(target)")
            }
        }
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
        XCTAssertEqual(pages.count, 8, "the index and seven lessons")
        for page in pages {
            // The phone in the dark scheme, the wide screen in the light one: each page, both schemes' contrast.
            for (width, dark) in [(375, true), (1280, false)] {
                let report = try probe.measure(page, width: width, dark: dark)
                let label = "\(page) at \(width) px, \(dark ? "dark" : "light")"
                XCTAssertEqual(report.dark, dark, "\(label): the colour scheme was not applied")
                XCTAssertEqual(report.pageOverflow, 0, "\(label): the page scrolls sideways")
                if width == 1280 { XCTAssertEqual(report.cutSignatures, [], "\(label): signatures cut") }
                for query in ["λ", "lambda"] {
                    let found = report.search(query)
                    XCTAssertGreaterThan(found.results, 0, "\(label): search for \(query)")
                    XCTAssertFalse(found.snippet.isEmpty, "\(label): a snippet for \(query)")
                }
                XCTAssertTrue(report.search("qqqzzzq").noResults.hasPrefix("No results for"), label)
                XCTAssertTrue(report.keyboardWorks, "\(label): / and ArrowDown: \(report.json)")
                XCTAssertEqual(report.violations, [], "\(label): axe-core")
            }
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

    /// The start page, followed to the letter by a student who has only a zip of the site: every
    /// command in its steps runs in order (`cd` moves on), the package builds, and each test
    /// command runs the tests it names (stubs fail them; that is expected before any work).
    func testAStudentWithOnlyTheSiteZipCanFollowTheStartPage() throws {
        guard let zip = ProcessRunner.which("zip"), let unzip = ProcessRunner.which("unzip") else { return XCTFail("zip/unzip missing; run scripts/bootstrap") }
        let work = try TestSupport.temporaryFolder(self)
        let archive = work.appendingPathComponent("site.zip")
        XCTAssertEqual(try ProcessRunner.run(zip, ["-qr", archive.path, "."], in: site, timeout: 120).status, 0)
        let unzipped = work.appendingPathComponent("from-zip")
        XCTAssertEqual(try ProcessRunner.run(unzip, ["-q", archive.path, "-d", unzipped.path], timeout: 120).status, 0)
        let index = try String(contentsOf: unzipped.appendingPathComponent("index.html"), encoding: .utf8)
        let start = try XCTUnwrap(
            index.range(of: "<section class=\"start\"").flatMap { open in
                index.range(of: "</section>", range: open.upperBound..<index.endIndex).map { index[open.lowerBound..<$0.upperBound] }
            }, "the index has a start section")
        // What the student downloads: the zip the page links, in a folder of their own.
        let downloads = work.appendingPathComponent("downloads")
        try FileManager.default.createDirectory(at: downloads, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: unzipped.appendingPathComponent(StudentSiteBuilder.exercisesArchive),
            to: downloads.appendingPathComponent(StudentSiteBuilder.exercisesArchive))
        let commands = Self.commandLines(inPreformattedBlocksOf: String(start))
        XCTAssertTrue(commands.contains { $0.hasPrefix("swift build") || $0.hasPrefix("swift package progress") }, "\(commands)")
        XCTAssertTrue(commands.contains { $0.hasPrefix("swift test") }, "\(commands)")
        var folder = downloads
        for command in commands {
            if command.hasPrefix("cd ") {
                folder = folder.appendingPathComponent(String(command.dropFirst(3)).trimmingCharacters(in: .whitespaces))
                XCTAssertTrue(FileManager.default.fileExists(atPath: folder.path), "the page says '\(command)'; there is no such folder")
                continue
            }
            let ran = try ProcessRunner.run("/bin/sh", ["-c", command], in: folder, timeout: 900)
            XCTAssertFalse(ran.timedOut, command)
            if command.hasPrefix("swift build") || command.hasPrefix("unzip") || command.contains("handin") {
                XCTAssertEqual(ran.status, 0, "\(command):\n\(ran.output.suffix(3000))")
            } else {
                XCTAssertTrue([0, 1].contains(ran.status), "\(command) exits \(ran.status):\n\(ran.output.suffix(3000))")
            }
            if command.hasPrefix("swift test"), let filter = command.components(separatedBy: "--filter ").dropFirst().first {
                let name = filter.split(separator: " ").first.map(String.init) ?? filter
                let className = name.split(whereSeparator: { $0 == "." || $0 == "/" }).dropFirst().first.map(String.init) ?? name
                XCTAssertTrue(ran.output.contains(className), "\(command) ran no test of \(className):\n\(ran.output.suffix(3000))")
            }
        }
        let manifest = try String(contentsOf: downloads.appendingPathComponent("exercises/Package.swift"), encoding: .utf8)
        XCTAssertFalse(manifest.contains("dependencies: [."), "the student package depends on no other package")
    }

    /// Each line of every `<pre><code>` block in `html`, tags removed and entities decoded.
    static func commandLines(inPreformattedBlocksOf html: String) -> [String] {
        var lines: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<pre><code>"), let close = rest.range(of: "</code></pre>", range: open.upperBound..<rest.endIndex) {
            // As a reader sees it: the leak scanner's own reading of HTML (tags out, entities decoded).
            let text = LeakScanner.readable(String(rest[open.upperBound..<close.lowerBound]), kind: "html")
            lines += text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
            rest = rest[close.upperBound...]
        }
        return lines
    }
}
