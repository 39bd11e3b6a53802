@testable import CourseGrading
@testable import CourseToolchain
import Foundation
import GRDB
import XCTest

/// The gradebook and roster as stores, without grading anything: records written through the
/// row types, shards merged once, and bad input (a mistyped shard, a file that is not a
/// gradebook, a roster with a conflict) refused with a one-line message that names it.
final class GradebookStoreTests: XCTestCase {
    private func report(_ student: String, score: Double) -> GradeReport {
        let item = GradeReport.ItemGrade(
            name: "StepHiddenTests/testA", kind: .test, status: score > 0 ? .passed : .failed,
            score: score, maxScore: 2, messages: [], seconds: 0.1)
        var timed = GradeReport.ItemGrade(name: "step", kind: .benchmark, status: .passed, score: 1, maxScore: 1, messages: ["1.1×"])
        timed.benchmark = .init(ratio: 1.1, low: 1.0, high: 1.2, threshold: 2, pairs: 9)
        return GradeReport(
            submission: student,
            lessons: [
                .init(
                    id: "euler", title: "Euler", compileErrors: nil, apiErrors: [], missingFiles: [],
                    exercises: [.init(id: "step", items: [item, timed])])
            ])
    }

    /// The course `report` grades: lesson `euler`, exercise `step`, a test worth 2 and a benchmark worth 1.
    private static let manifest = GraderBundleManifest(lessons: [
        .init(
            id: "euler", title: "Euler", order: 1, file: "01-euler.md", module: "Euler", points: 3, usesEngine: false,
            editableFiles: ["Sources/Euler/Step.swift"],
            exercises: [
                .init(
                    id: "step", title: nil, file: "Step.swift", points: 3,
                    items: [
                        GradedItem(kind: .test, name: "StepHiddenTests/testA", exercise: "step", points: 2),
                        GradedItem(kind: .benchmark, name: "step", exercise: "step", points: 1)
                    ])
            ],
            benchmarks: [], feedback: nil, visibility: nil, allows: nil)
    ])

    func testShardsMergeOnceWithTheirResultsAndFaults() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let shard = try Gradebook(path: folder.appendingPathComponent("shard.sqlite").path)
        try shard.record(student: "alice", contentHash: "a1", report: report("alice", score: 2), gradedWith: "c")
        try shard.record(student: "bob", contentHash: "b1", report: report("bob", score: 0), gradedWith: "c")
        try shard.recordFault(student: "carol", contentHash: nil, reason: "broken archive")
        let main = try Gradebook(path: folder.appendingPathComponent("main.sqlite").path)
        try main.record(student: "alice", contentHash: "a1", report: report("alice", score: 2), gradedWith: "c")
        XCTAssertEqual(try main.merge([folder.appendingPathComponent("shard.sqlite").path], gradedBy: Self.manifest), 1, "alice's submission was there already")
        XCTAssertEqual(try main.merge([folder.appendingPathComponent("shard.sqlite").path], gradedBy: Self.manifest), 0, "merging twice changes nothing")
        let (results, ratios, faults) = try main.queue.read { db in
            (
                try ResultRow.fetchAll(db).count, try Double.fetchAll(db, sql: "SELECT ratio FROM result WHERE ratio IS NOT NULL"),
                try GradingFaultRow.fetchAll(db).map(\.reason)
            )
        }
        XCTAssertEqual(results, 4, "two items for each of two submissions")
        XCTAssertEqual(ratios, [1.1, 1.1])
        XCTAssertEqual(faults, ["broken archive"])
        XCTAssertTrue(try main.exportCSV().contains("bob"))
    }

    /// A shard is only rows in a file: one whose rows no grading of this course writes (a score
    /// above its maximum, points for an item that did not run, a date ahead of the clock, an item
    /// worth other points or missing, a total that is not its items' sum, a lesson the course does
    /// not have) is refused, with nothing merged from any shard, and the shard file is left as it
    /// was (red teams, rounds 29 and 30). A regrade of the same files, graded later, replaces the
    /// earlier result.
    func testShardsWhoseRowsNoGradingWritesAreRefusedAndARegradeReplaces() throws {
        let folder = try TestSupport.temporaryFolder(self)
        func shard(_ name: String, _ edit: String?, bob: Double = 0) throws -> String {
            let path = folder.appendingPathComponent(name).path
            let book = try Gradebook(path: path)
            try book.record(student: "alice", contentHash: "a1", report: report("alice", score: 2), gradedWith: "c")
            try book.record(student: "bob", contentHash: "b1", report: report("bob", score: bob), gradedWith: "c")
            if let edit { try book.queue.write { try $0.execute(sql: edit) } }
            return path
        }
        let honest = try shard("honest.sqlite", nil)
        let main = try Gradebook(path: folder.appendingPathComponent("main.sqlite").path)
        let inAnHour = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        for (name, edit, said) in [
            ("above.sqlite", "UPDATE result SET score = 1000 WHERE kind = 'test'", "scores 1000.0 of 2.0"),
            ("notrun.sqlite", "UPDATE result SET status = 'not run', score = 5, max_score = 5 WHERE kind = 'test'", "(not run)"),
            ("infinite.sqlite", "UPDATE submission SET score = 1e999", "scores inf"),
            ("future.sqlite", "UPDATE submission SET graded_at = '9999-01-01T00:00:00Z'", "dated 9999-01-01T00:00:00Z, in the future"),
            // A regrade dated ahead of the clock would beat every honest regrade until then.
            ("ahead.sqlite", "UPDATE submission SET graded_at = '\(inAnHour)' WHERE student = 'bob'", "in the future"),
            // Ten times every item's points, and the totals to match: 30 of 30 on a lesson worth 3.
            (
                "tenfold.sqlite", "UPDATE result SET max_score = 10 * max_score, score = 10 * max_score; UPDATE submission SET score = 30, max_score = 30",
                "the result of 'alice' for 'StepHiddenTests/testA' is worth 20.0, not 2.0"
            ),
            (
                "dropped.sqlite", "DELETE FROM result WHERE status = 'failed'; UPDATE submission SET max_score = 1 WHERE student = 'bob'",
                "'bob' has 1 of the 2 results of 'euler'"
            ),
            ("total.sqlite", "UPDATE submission SET score = 3 WHERE student = 'bob'", "'bob' scores 3.0 of 3.0, but its results add up to 1.0 of 3.0"),
            ("renamed.sqlite", "UPDATE result SET item = 'StepHiddenTests/testB' WHERE kind = 'test'", "which this course's lesson does not grade"),
            ("lesson.sqlite", "UPDATE result SET lesson = 'other'; UPDATE submission SET lessons = 'other'", "'other', which is not a lesson of this course")
        ] {
            let forged = try shard(name, edit)
            let before = try Data(contentsOf: URL(fileURLWithPath: forged))
            XCTAssertThrowsError(try main.merge([honest, forged], gradedBy: Self.manifest), name) { error in
                let line = ErrorDescription.line(error)
                XCTAssertTrue(line.hasPrefix("\(forged): ") && line.contains(said) && line.hasSuffix("nothing was merged: grade that shard again"), line)
            }
            XCTAssertEqual(try main.count(), 0, "\(name): the honest shard before it was not merged either")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: forged)), before, "\(name): the shard file is as it was")
        }
        XCTAssertEqual(try main.merge([honest], gradedBy: Self.manifest), 2)
        XCTAssertEqual(try main.queue.read { try Double.fetchOne($0, sql: "SELECT score FROM submission WHERE student = 'bob'") }, 1)
        // The same files graded again a minute later (another machine's clock may run a little
        // ahead), with another score: the later result is the one kept. (alice's row dated before:
        // graded in another second than the honest shard's, it would be a regrade too.)
        let inAMinute = ISO8601DateFormatter().string(from: Date().addingTimeInterval(60))
        let later = try shard(
            "later.sqlite",
            "UPDATE submission SET graded_at = '\(inAMinute)' WHERE student = 'bob'; UPDATE submission SET graded_at = '2000-01-01T00:00:00Z' WHERE student = 'alice'",
            bob: 2)
        XCTAssertEqual(try main.merge([later], gradedBy: Self.manifest), 1, "a later regrade replaces the earlier result")
        XCTAssertEqual(try main.queue.read { try Double.fetchOne($0, sql: "SELECT score FROM submission WHERE student = 'bob'") }, 3)
        XCTAssertEqual(try main.count(), 2)
        XCTAssertEqual(Gradebook.csvField(" =HYPERLINK(\"x\")"), "\"' =HYPERLINK(\"\"x\"\")\"", "a formula after white space is defused too")
    }

    /// The command line reads an existing gradebook only, and a refused merge creates none.
    func testAMistypedGradebookIsNotAnEmptyClass() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let typo = folder.appendingPathComponent("gradebok.sqlite").path
        let export = try TestSupport.runCourse(["gradebook", "export", "--gradebook", typo], in: folder)
        XCTAssertNotEqual(export.status, 0, export.output)
        XCTAssertTrue(export.output.contains("\(typo): no such gradebook"), export.output)
        let text = folder.appendingPathComponent("notes.txt")
        try "not a database".write(to: text, atomically: true, encoding: .utf8)
        let merged = folder.appendingPathComponent("merged.sqlite").path
        let merge = try TestSupport.runCourse(["gradebook", "merge", "--gradebook", merged, text.path], in: folder)
        XCTAssertNotEqual(merge.status, 0, merge.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: typo) || FileManager.default.fileExists(atPath: merged), "no gradebook made at a wrong path")
    }

    func testAMistypedShardIsRefusedAndNotCreated() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let main = try Gradebook(path: folder.appendingPathComponent("main.sqlite").path)
        let missing = folder.appendingPathComponent("shard-1.sqllite").path
        XCTAssertThrowsError(try main.merge([missing], gradedBy: Self.manifest)) { error in
            XCTAssertEqual(ErrorDescription.line(error), "\(missing): no such gradebook")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "nothing is left behind at a mistyped path")
        let text = folder.appendingPathComponent("notes.txt")
        try "not a database".write(to: text, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try main.merge([text.path], gradedBy: Self.manifest)) { error in
            XCTAssertTrue(ErrorDescription.line(error).hasPrefix("\(text.path): not a gradebook"), ErrorDescription.line(error))
        }
        let foreign = folder.appendingPathComponent("foreign.sqlite")
        try DatabaseQueue(path: foreign.path).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        XCTAssertThrowsError(try main.merge([foreign.path], gradedBy: Self.manifest)) { error in
            XCTAssertEqual(ErrorDescription.line(error), "\(foreign.path): not a gradebook (it has no submissions table)")
        }
    }

    func testRosterReadsSpreadsheetCSVAndNamesTheBadLine() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let roster = folder.appendingPathComponent("roster.csv")
        try "Name,Student,Submission\n\"Doe, Jane\",s001,jane\n\"Smith, \"\"Bo\"\"\",s002, bo \n,,\n"
            .write(to: roster, atomically: true, encoding: .utf8)
        XCTAssertEqual(try BatchGrader.readRoster(roster), ["jane": "s001", "bo": "s002"])
        try "submission,student\njane,s001\njane,s009\n".write(to: roster, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BatchGrader.readRoster(roster)) { error in
            XCTAssertEqual(ErrorDescription.line(error), "roster.csv:3: submission 'jane' is listed for both 's001' and 's009'")
        }
        try "submission,id\njane,s001\n".write(to: roster, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BatchGrader.readRoster(roster)) { error in
            XCTAssertEqual(ErrorDescription.line(error), "roster.csv:1: the roster needs a header with 'submission' and 'student' columns")
        }
    }

    func testErrorsOfEveryLayerAreOneLine() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.json")
        XCTAssertThrowsError(try Data(contentsOf: missing)) { error in
            XCTAssertEqual(ErrorDescription.line(error), "\(missing.path): no such file")
        }
        struct Point: Decodable { var x: Double }
        XCTAssertThrowsError(try JSONDecoder().decode([Point].self, from: Data("[{\"x\": 1}, {}]".utf8))) { error in
            XCTAssertEqual(ErrorDescription.line(error), "unreadable data: missing 'x' at [1]")
        }
        struct Verbose: Error, CustomStringConvertible { var description: String { "first line\nsecond line" } }
        XCTAssertEqual(ErrorDescription.line(Verbose()), "first line")
        XCTAssertEqual(
            ErrorDescription.line(CourseError.toolFailed("does not compile:\nA.swift:1: error: x")),
            "does not compile:\nA.swift:1: error: x", "the project's own messages keep the compiler's output")
    }
}
