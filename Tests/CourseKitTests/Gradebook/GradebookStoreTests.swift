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

    func testShardsMergeOnceWithTheirResultsAndFaults() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let shard = try Gradebook(path: folder.appendingPathComponent("shard.sqlite").path)
        try shard.record(student: "alice", contentHash: "a1", report: report("alice", score: 2))
        try shard.record(student: "bob", contentHash: "b1", report: report("bob", score: 0))
        try shard.recordFault(student: "carol", contentHash: nil, reason: "broken archive")
        let main = try Gradebook(path: folder.appendingPathComponent("main.sqlite").path)
        try main.record(student: "alice", contentHash: "a1", report: report("alice", score: 2))
        XCTAssertEqual(try main.merge([folder.appendingPathComponent("shard.sqlite").path]), 1, "alice's submission was there already")
        XCTAssertEqual(try main.merge([folder.appendingPathComponent("shard.sqlite").path]), 0, "merging twice changes nothing")
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

    func testAMistypedShardIsRefusedAndNotCreated() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let main = try Gradebook(path: folder.appendingPathComponent("main.sqlite").path)
        let missing = folder.appendingPathComponent("shard-1.sqllite").path
        XCTAssertThrowsError(try main.merge([missing])) { error in
            XCTAssertEqual(ErrorDescription.line(error), "\(missing): no such gradebook")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "nothing is left behind at a mistyped path")
        let text = folder.appendingPathComponent("notes.txt")
        try "not a database".write(to: text, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try main.merge([text.path])) { error in
            XCTAssertTrue(ErrorDescription.line(error).hasPrefix("\(text.path): not a gradebook"), ErrorDescription.line(error))
        }
        let foreign = folder.appendingPathComponent("foreign.sqlite")
        try DatabaseQueue(path: foreign.path).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        XCTAssertThrowsError(try main.merge([foreign.path])) { error in
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
