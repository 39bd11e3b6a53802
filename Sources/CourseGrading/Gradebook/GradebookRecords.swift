import Foundation
import GRDB

/// A student's standing: for each lesson, the latest submission graded on it. A weekly hand-in
/// graded on this week's lessons adds to the record; the lessons of earlier weeks keep their scores.
struct StudentRecord {
    /// A lesson's part of the record: the submission it comes from, when, and its scores.
    struct LessonEntry {
        var submission: Int64
        var gradedAt: String
        var score = 0.0
        var maxScore = 0.0
        /// Score per exercise id.
        var exercises: [String: Double] = [:]
        /// Points per exercise id (benchmarks not run count toward none).
        var exerciseMaxScores: [String: Double] = [:]
    }

    var lessons: [String: LessonEntry] = [:]

    var score: Double { lessons.values.reduce(0) { $0 + $1.score } }
    var maxScore: Double { lessons.values.reduce(0) { $0 + $1.maxScore } }
    /// When the newest part of the record was graded.
    var lastGraded: String { lessons.values.map(\.gradedAt).max() ?? "" }
    var lessonIDs: [String] { lessons.keys.sorted() }
}

extension Gradebook {
    /// Every student's record, by student id (students with only faults have none).
    func records(_ db: Database, student: String? = nil) throws -> [String: StudentRecord] {
        var records: [String: StudentRecord] = [:]
        let filter = student == nil ? "" : "WHERE student = ?"
        // Oldest first, so a later submission of a lesson replaces an earlier one.
        for row in try Row.fetchAll(
            db, sql: "SELECT id, student, lessons, graded_at FROM submission \(filter) ORDER BY graded_at, id",
            arguments: StatementArguments(student.map { [$0] } ?? []))
        {
            let lessons: String = row["lessons"]
            for lesson in lessons.split(separator: ",").map(String.init) {
                records[row["student"] as String, default: StudentRecord()].lessons[lesson] =
                    .init(submission: row["id"], gradedAt: row["graded_at"])
            }
        }
        for (student, record) in records {
            for (lesson, entry) in record.lessons {
                // A benchmark that was not run (`--no-benchmarks`) counts toward no maximum, as in the report.
                for r in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT exercise, SUM(score) AS s, SUM(CASE WHEN status = 'not run' THEN 0 ELSE max_score END) AS m
                        FROM result WHERE submission = ? AND lesson = ? GROUP BY exercise
                        """, arguments: [entry.submission, lesson])
                {
                    let score: Double = r["s"], max: Double = r["m"]
                    records[student]?.lessons[lesson]?.exercises[r["exercise"] as String] = score
                    records[student]?.lessons[lesson]?.exerciseMaxScores[r["exercise"] as String] = max
                    records[student]?.lessons[lesson]?.score += score
                    records[student]?.lessons[lesson]?.maxScore += max
                }
            }
        }
        return records
    }

    /// One row per student: their record's total and maximum, the lessons it holds, and the score
    /// per lesson and per exercise (empty for a lesson never graded, which is not a zero).
    public func exportCSV() throws -> String {
        try queue.read { db in
            let columns = try Row.fetchAll(db, sql: "SELECT DISTINCT lesson, exercise FROM result ORDER BY lesson, exercise")
                .map { (lesson: $0["lesson"] as String, exercise: $0["exercise"] as String) }
            let lessons = Array(Set(columns.map(\.lesson))).sorted()
            let header =
                (["student", "submitted", "total", "max", "lessons graded"] + lessons + columns.map { "\($0.lesson)/\($0.exercise)" })
                .map(Self.csvField).joined(separator: ",") + "\n"
            let records = try records(db)
            // A student whose latest hand-in could not be graded gets "could not grade" as the total,
            // not a total that a spreadsheet would average in; the lessons graded before keep their scores.
            let faults = try latestFaults(db)
            var lines: [String] = []
            for student in Set(records.keys).union(faults.keys).sorted() {
                let record = records[student] ?? StudentRecord()
                let fault = faults[student]
                let fields =
                    [
                        student, fault?.at ?? record.lastGraded,
                        fault == nil ? Self.number(record.score) : "could not grade",
                        fault == nil ? Self.number(record.maxScore) : "",
                        record.lessonIDs.joined(separator: " ")
                    ]
                    + lessons.map { record.lessons[$0].map { Self.number($0.score) } ?? "" }
                    + columns.map { column in record.lessons[column.lesson]?.exercises[column.exercise].map(Self.number) ?? "" }
                lines.append(fields.map(Self.csvField).joined(separator: ",") + "\n")
            }
            return header + lines.joined()
        }
    }

    /// One student's record as text, lesson by lesson and test by test (each lesson from the
    /// submission it was last graded in); "could not grade" and why first when their latest
    /// hand-in could not be graded.
    public func summary(student: String) throws -> String? {
        try queue.read { db in
            let fault = try latestFaults(db)[student]
            var out = fault.map { SafeText.visible("\(student): could not grade (\($0.at)): \($0.reason)") + "\n" } ?? ""
            guard let record = try records(db, student: student)[student] else { return fault == nil ? nil : out }
            out += "\(student): \(Self.number(record.score)) / \(Self.number(record.maxScore)) points\n"
            for lesson in record.lessonIDs {
                let entry = record.lessons[lesson]!
                out += "  \(lesson): \(Self.number(entry.score)) / \(Self.number(entry.maxScore)) (graded \(entry.gradedAt))\n"
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT exercise, item, status, score, max_score FROM result WHERE submission = ? AND lesson = ? ORDER BY exercise, item
                        """, arguments: [entry.submission, lesson])
                {
                    out +=
                        "  \(lesson) › \(row["exercise"] as String) › \(row["item"] as String): \(row["status"] as String), "
                        + "\(Self.number(row["score"])) / \(Self.number(row["max_score"]))\n"
                }
            }
            return out
        }
    }
}
