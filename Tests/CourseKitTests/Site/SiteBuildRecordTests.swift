@testable import CourseAuthoring
@testable import CourseKit
import CourseToolchain
import Foundation
import XCTest

/// A build of an unchanged course does nothing; any change to what the site is made from, or to
/// the site folder itself, makes the next build a full one.
final class SiteBuildRecordTests: XCTestCase {
    private var root: URL!
    private var site: URL { root.appendingPathComponent("site") }

    override func setUpWithError() throws {
        root = try TestSupport.course(
            [
                "01-first.md": NewLessonAction.template(id: "first", title: "First", order: 1),
                "02-second.md": NewLessonAction.template(id: "second", title: "Second", order: 2)
            ], test: self)
    }

    /// Builds the student edition (or the instructor's) into `site` and says whether it did the work.
    private func build(instructor: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        var said = ""
        var action = BuildAction(workspace: Workspace(root: root), output: site, report: { said += $0 })
        action.instructorEdition = instructor
        try action.perform()
        let upToDate = said.contains("is up to date")
        XCTAssertNotEqual(upToDate, said.contains("wrote the site"), said, file: file, line: line)
        return !upToDate
    }

    private func write(_ text: String, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    private func read(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }

    func testAnUnchangedCourseIsNotBuiltAgainAndItsSiteIsNotTouched() throws {
        XCTAssertTrue(try build())
        let before = SiteBuildRecord.stamps(in: site)
        XCTAssertTrue(before.keys.contains("first.html") && before.keys.contains("katex/katex.min.js"), "\(before.keys.sorted())")
        XCTAssertFalse(try build(), "nothing changed")
        XCTAssertEqual(SiteBuildRecord.stamps(in: site), before, "no file was written again")
        XCTAssertFalse(try build())
    }

    func testAnyChangeToWhatTheSiteIsMadeFromBuildsItAgain() throws {
        XCTAssertTrue(try build())
        let lesson = try read("lessons/01-first.md")

        try write(lesson.replacingOccurrences(of: "Explain the idea here.", with: "An edited paragraph."), to: "lessons/01-first.md")
        XCTAssertTrue(try build(), "a prose edit")
        XCTAssertTrue(try read("site/first.html").contains("An edited paragraph."))
        XCTAssertFalse(try build())

        // The same bytes again (a revert): built, and the pages are the first build's.
        try write(lesson, to: "lessons/01-first.md")
        XCTAssertTrue(try build())
        XCTAssertFalse(try read("site/first.html").contains("An edited paragraph."))

        try write("<!-- a course's own page template -->\n{{{body}}}\n", to: "lessons/templates/page.mustache")
        XCTAssertTrue(try build(), "a template added")
        XCTAssertTrue(try read("site/first.html").contains("a course's own page template"))

        try write("public let addedToTheSupportLibrary = 1\n", to: "Sources/\(EngineModule.name)/Added.swift")
        XCTAssertTrue(try build(), "a support-library file (it is in exercises.zip)")
        XCTAssertFalse(try build())

        try write("// a hand-in rule\n", to: "\(Course.handinFolder)/Rule.swift")
        XCTAssertTrue(try build(), "a hand-in rules file")

        try FileManager.default.removeItem(at: root.appendingPathComponent("lessons/02-second.md"))
        XCTAssertTrue(try build(), "a lesson removed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.appendingPathComponent("second.html").path))
    }

    func testAChangedRemovedOrAddedFileInTheSiteBuildsItAgain() throws {
        XCTAssertTrue(try build())
        let page = try read("site/first.html")

        try write("edited by hand", to: "site/first.html")
        XCTAssertTrue(try build(), "a page edited by hand")
        XCTAssertEqual(try read("site/first.html"), page, "and put back")

        try FileManager.default.removeItem(at: site.appendingPathComponent("katex/katex.min.css"))
        XCTAssertTrue(try build(), "an asset removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("katex/katex.min.css").path))

        try write("stale", to: "site/old-page.html")
        XCTAssertTrue(try build(), "a file the build did not write")
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.appendingPathComponent("old-page.html").path), "it goes")

        try FileManager.default.removeItem(at: site)
        XCTAssertTrue(try build(), "the folder wiped")
        XCTAssertEqual(try read("site/first.html"), page)
        XCTAssertFalse(try build())
    }

    func testTheOtherEditionIntoTheSameFolderAndAFailedBuildAreNeverTakenForAFinishedOne() throws {
        XCTAssertTrue(try build())
        XCTAssertTrue(try build(instructor: true), "the instructor's edition is another site")
        XCTAssertTrue(try read("site/first.html").contains("edition-banner"))
        XCTAssertTrue(try build(), "the student edition, written over it, is built again")
        XCTAssertFalse(try read("site/first.html").contains("edition-banner"))
        XCTAssertFalse(try build())

        // A broken link fails the build before it writes; the fix makes a full build, not "up to date".
        let lesson = try read("lessons/01-first.md")
        try write(lesson + "\nSee [nowhere](03-missing.md).\n", to: "lessons/01-first.md")
        XCTAssertThrowsError(try build())
        try write(lesson, to: "lessons/01-first.md")
        XCTAssertTrue(try build(), "the failed build forgot the record of the last good one")
    }
}
