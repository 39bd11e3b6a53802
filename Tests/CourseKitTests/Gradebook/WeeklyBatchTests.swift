@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// Weekly hand-ins: `--batch --lessons` grades exactly the lessons asked for, the gradebook and the
/// CSV say which lessons each submission was graded on, and next week's batch adds to the record.
final class WeeklyBatchTests: XCTestCase {
    private var root: URL!
    private var submissions: URL!

    /// Two lessons of one exercise each; alice solves both, bob only the first. Both hand in
    /// their whole folder every week, as students do. No `course generate`: the batch builds the bundle.
    override func setUpWithError() throws {
        root = try TestSupport.course(
            [
                "01-week-one.md": NewLessonAction.template(id: "week-one", title: "Week one", order: 1),
                "02-week-two.md": NewLessonAction.template(id: "week-two", title: "Week two", order: 2)
            ],
            test: self)
        submissions = root.appendingPathComponent("submissions")
        for (student, weekTwoBody) in [("alice", "return x.map { $0 + f($0) }"), ("bob", "return x")] {
            for (module, body) in [("WeekOne", "return x.map { $0 + f($0) }"), ("WeekTwo", weekTwoBody)] {
                let file = submissions.appendingPathComponent("\(student)/Sources/\(module)/ResidualStep.swift")
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {\n    \(body)\n}\n"
                    .write(to: file, atomically: true, encoding: .utf8)
            }
        }
    }

    private func batch(lessons: String) throws -> ProcessRunner.Outcome {
        try TestSupport.runCourse(["grade", submissions.path, "--batch", "--jobs", "2", "--no-benchmarks", "--lessons", lessons], in: root)
    }

    private func rows(_ sql: String) throws -> [String] {
        let sqlite = try XCTUnwrap(ProcessRunner.which("sqlite3"), "sqlite3 is installed with libsqlite3-dev's tools")
        return try ProcessRunner.run(sqlite, [root.appendingPathComponent(".build/course/gradebook.sqlite").path, sql])
            .output.split(separator: "\n").map(String.init)
    }

    /// The export as header → value, per student.
    private func exportedCSV() throws -> [String: [String: String]] {
        let export = try TestSupport.runCourse(["gradebook", "export"], in: root)
        XCTAssertEqual(export.status, 0, export.output)
        let lines = export.output.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [:] }
        var table: [String: [String: String]] = [:]
        for fields in lines.dropFirst() { table[fields[0]] = Dictionary(uniqueKeysWithValues: zip(header, fields)) }
        XCTAssertEqual(table.count, lines.count - 1, "each student once: \(export.output)")
        return table
    }

    func testWeeklyBatchesGradeTheLessonsAskedForAndAddToTheRecord() throws {
        let weekOne = try batch(lessons: "week-one")
        XCTAssertEqual(weekOne.status, 0, weekOne.output)
        XCTAssertTrue(weekOne.output.contains("built the grader bundle from lessons/ (2 lessons)"), weekOne.output)
        XCTAssertTrue(weekOne.output.contains("graded 2, skipped 0"), weekOne.output)
        XCTAssertEqual(try rows("SELECT DISTINCT lesson FROM result"), ["week-one"], "both hand-ins hold week two's file too; it was not asked for")
        XCTAssertEqual(try rows("SELECT student, lessons FROM submission ORDER BY student"), ["alice|week-one", "bob|week-one"])
        var csv = try exportedCSV()
        XCTAssertEqual(csv["bob"]?["total"], "2")
        XCTAssertEqual(csv["bob"]?["max"], "2", "the maximum of the lessons graded so far")
        XCTAssertEqual(csv["bob"]?["lessons graded"], "week-one")
        XCTAssertNil(csv["bob"]?["week-two"], "no column for a lesson nobody was graded on")

        XCTAssertTrue(try batch(lessons: "week-one").output.contains("graded 0, skipped 2"), "the same content on the same lessons is graded once")
        let weekTwo = try batch(lessons: "week-two")
        XCTAssertTrue(weekTwo.output.contains("graded 2, skipped 0"), "the same content on other lessons is new work: \(weekTwo.output)")
        XCTAssertFalse(weekTwo.output.contains("grader bundle"), "an unchanged bundle is not rebuilt: \(weekTwo.output)")
        XCTAssertEqual(try rows("SELECT lessons FROM submission WHERE student = 'bob' ORDER BY id"), ["week-one", "week-two"])

        csv = try exportedCSV()
        XCTAssertEqual(csv["alice"]?["total"], "4")
        XCTAssertEqual(csv["alice"]?["max"], "4")
        XCTAssertEqual(csv["bob"]?["lessons graded"], "week-one week-two")
        XCTAssertEqual(csv["bob"]?["week-one"], "2", "week two's batch adds to the record; it does not replace week one with zeros")
        XCTAssertEqual(csv["bob"]?["week-one/residual-step"], "2")
        XCTAssertEqual(csv["bob"]?["week-two"], "0")
        XCTAssertEqual(csv["bob"]?["total"], "2")
        XCTAssertEqual(csv["bob"]?["max"], "4")

        let show = try TestSupport.runCourse(["gradebook", "show", "bob"], in: root)
        XCTAssertTrue(show.output.contains("bob: 2 / 4 points"), show.output)
        XCTAssertTrue(show.output.contains("  week-one: 2 / 2 (graded "), show.output)
        XCTAssertTrue(show.output.contains("week-two › residual-step › ResidualStepHiddenTests/testAddsTheBranch: failed, 0 / 2"), show.output)
    }

    func testAnUnknownLessonStopsTheBatchBeforeGrading() throws {
        let outcome = try batch(lessons: "week-one,week-3")
        XCTAssertEqual(outcome.status, 2, outcome.output)
        XCTAssertTrue(outcome.output.contains("no lesson with id week-3 in the bundle (lessons: week-one, week-two)"), outcome.output)
        XCTAssertEqual(try rows("SELECT COUNT(*) FROM submission"), ["0"])
    }

    /// A gradebook written before submissions kept their lessons opens with each submission's
    /// lessons taken from its results, and nothing lost.
    func testOlderGradebookGainsTheLessonsOfItsSubmissions() throws {
        let path = root.appendingPathComponent("old.sqlite").path
        let sqlite = try XCTUnwrap(ProcessRunner.which("sqlite3"))
        let created = try ProcessRunner.run(
            sqlite,
            [
                path,
                """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1'), ('v2 grading faults');
                CREATE TABLE student (id TEXT PRIMARY KEY NOT NULL);
                CREATE TABLE submission (id INTEGER PRIMARY KEY AUTOINCREMENT, student TEXT NOT NULL REFERENCES student(id),
                    content_hash TEXT NOT NULL, graded_at TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL,
                    report_json TEXT NOT NULL, UNIQUE (student, content_hash));
                CREATE TABLE result (submission INTEGER NOT NULL REFERENCES submission(id) ON DELETE CASCADE, lesson TEXT NOT NULL,
                    exercise TEXT NOT NULL, item TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, score REAL NOT NULL,
                    max_score REAL NOT NULL, ratio REAL, message TEXT NOT NULL);
                CREATE TABLE grading_fault (id INTEGER PRIMARY KEY AUTOINCREMENT, student TEXT NOT NULL REFERENCES student(id),
                    content_hash TEXT, failed_at TEXT NOT NULL, reason TEXT NOT NULL);
                INSERT INTO student VALUES ('carol');
                INSERT INTO submission VALUES (1, 'carol', 'abc', '2025-01-01T00:00:00Z', 3, 4, '{}');
                INSERT INTO result VALUES (1, 'week-two', 'residual-step', 'T/testB', 'test', 'failed', 0, 1, NULL, ''),
                                          (1, 'week-one', 'residual-step', 'T/testA', 'test', 'passed', 3, 3, NULL, '');
                """
            ])
        XCTAssertEqual(created.status, 0, created.output)
        let book = try Gradebook(path: path)
        let csv = try book.exportCSV()
        XCTAssertTrue(csv.contains("\ncarol,2025-01-01T00:00:00Z,3,4,week-one week-two,3,0,3,0\n"), csv)
        XCTAssertEqual(
            try ProcessRunner.run(sqlite, [path, "SELECT lessons, (SELECT COUNT(*) FROM result) FROM submission"]).output,
            "week-one,week-two|2\n", "the results survive the rebuilt table")
    }
}
