import Foundation
import GRDB

/// The course's gradebook: students, their graded submissions (by content hash) and every item's
/// result, in SQLite. Each submission is written in one transaction, so a batch killed at any
/// point loses at most the submissions in flight, and a rerun neither loses nor double-counts.
/// A hand-in that could not be graded is a `grading_fault` row with its reason, never a score.
public final class Gradebook: @unchecked Sendable {
    let queue: DatabaseQueue

    /// Opens (or creates) the gradebook at `path`.
    public init(path: String) throws {
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        queue = try DatabaseQueue(path: path)
        try migrator.migrate(queue)
    }

    private var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE student (id TEXT PRIMARY KEY NOT NULL);
                CREATE TABLE submission (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    student TEXT NOT NULL REFERENCES student(id),
                    content_hash TEXT NOT NULL,
                    graded_at TEXT NOT NULL,
                    score REAL NOT NULL,
                    max_score REAL NOT NULL,
                    report_json TEXT NOT NULL,
                    UNIQUE (student, content_hash)
                );
                CREATE TABLE result (
                    submission INTEGER NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
                    lesson TEXT NOT NULL,
                    exercise TEXT NOT NULL,
                    item TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    status TEXT NOT NULL,
                    score REAL NOT NULL,
                    max_score REAL NOT NULL,
                    ratio REAL,
                    message TEXT NOT NULL
                );
                CREATE INDEX result_by_submission ON result(submission);
                """)
        }
        migrator.registerMigration("v2 grading faults") { db in
            // content_hash is NULL when the hand-in could not even be read (a broken archive).
            try db.execute(sql: """
                CREATE TABLE grading_fault (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    student TEXT NOT NULL REFERENCES student(id),
                    content_hash TEXT,
                    failed_at TEXT NOT NULL,
                    reason TEXT NOT NULL
                );
                CREATE INDEX grading_fault_by_student ON grading_fault(student);
                """)
        }
        return migrator
    }

    /// Whether this student's submission with this content was graded already.
    public func hasGraded(student: String, contentHash: String) throws -> Bool {
        try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM submission WHERE student = ? AND content_hash = ?",
                              arguments: [student, contentHash]) ?? false
        }
    }

    /// Records a graded submission, replacing an earlier grade of the same content (a regrade).
    public func record(student: String, contentHash: String, report: GradeReport) throws {
        let json = try report.json()
        try queue.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO student (id) VALUES (?)", arguments: [student])
            try db.execute(sql: "DELETE FROM result WHERE submission IN (SELECT id FROM submission WHERE student = ? AND content_hash = ?)",
                           arguments: [student, contentHash])
            try db.execute(sql: "DELETE FROM submission WHERE student = ? AND content_hash = ?", arguments: [student, contentHash])
            try db.execute(sql: """
                INSERT INTO submission (student, content_hash, graded_at, score, max_score, report_json)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [student, contentHash, ISO8601DateFormatter().string(from: Date()), report.score, report.maxScore, json])
            let id = db.lastInsertedRowID
            for lesson in report.lessons {
                for exercise in lesson.exercises {
                    for item in exercise.items {
                        try db.execute(sql: """
                            INSERT INTO result (submission, lesson, exercise, item, kind, status, score, max_score, ratio, message)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: [id, lesson.id, exercise.id, item.name, item.kind.rawValue, item.status.rawValue,
                                             item.score, item.maxScore, Self.ratio(in: item), item.messages.joined(separator: "\n")])
                    }
                }
            }
        }
    }

    /// Records that a student's hand-in could not be graded, and why. Earlier grades stay; a later
    /// run grades the hand-in again (a fault is not "already graded").
    public func recordFault(student: String, contentHash: String?, reason: String) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO student (id) VALUES (?)", arguments: [student])
            try db.execute(sql: "INSERT INTO grading_fault (student, content_hash, failed_at, reason) VALUES (?, ?, ?, ?)",
                           arguments: [student, contentHash, ISO8601DateFormatter().string(from: Date()), reason])
        }
    }

    /// Each student whose latest hand-in could not be graded (no grade since): when and why.
    func latestFaults(_ db: Database) throws -> [String: (at: String, reason: String)] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT f.student, f.failed_at, f.reason FROM grading_fault f
            WHERE f.id = (SELECT id FROM grading_fault WHERE student = f.student ORDER BY failed_at DESC, id DESC LIMIT 1)
              AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.student = f.student AND s.graded_at >= f.failed_at)
            """)
        var faults: [String: (at: String, reason: String)] = [:]
        for row in rows {
            let student: String = row["student"], at: String = row["failed_at"], reason: String = row["reason"]
            faults[student] = (at, reason)
        }
        return faults
    }

    /// The measured time ratio of a timed benchmark.
    static func ratio(in item: GradeReport.ItemGrade) -> Double? { item.benchmark?.ratio }

    /// One row per student: the latest submission's score per lesson and exercise, and the total.
    public func exportCSV() throws -> String {
        try queue.read { db in
            let columns = try Row.fetchAll(db, sql: "SELECT DISTINCT lesson, exercise FROM result ORDER BY lesson, exercise")
                .map { (lesson: $0["lesson"] as String, exercise: $0["exercise"] as String) }
            let lessons = Array(Set(columns.map(\.lesson))).sorted()
            let header = (["student", "submitted", "total", "max"] + lessons + columns.map { "\($0.lesson)/\($0.exercise)" })
                .map(Self.csvField).joined(separator: ",") + "\n"
            let latest = try Row.fetchAll(db, sql: """
                SELECT s.id, s.student, s.graded_at, s.score, s.max_score FROM submission s
                WHERE s.id = (SELECT id FROM submission WHERE student = s.student ORDER BY graded_at DESC, id DESC LIMIT 1)
                ORDER BY s.student
                """)
            // A student whose latest hand-in could not be graded gets "could not grade" as the total,
            // not an older score or a zero that a spreadsheet would average in.
            let faults = try latestFaults(db)
            var lines: [String: String] = [:]
            for (student, fault) in faults {
                lines[student] = ([student, fault.at, "could not grade", ""] + Array(repeating: "", count: lessons.count + columns.count))
                    .map(Self.csvField).joined(separator: ",") + "\n"
            }
            for row in latest where faults[row["student"] as String] == nil {
                let id: Int64 = row["id"]
                var perExercise: [String: Double] = [:]
                var perLesson: [String: Double] = [:]
                for r in try Row.fetchAll(db, sql: "SELECT lesson, exercise, SUM(score) AS s FROM result WHERE submission = ? GROUP BY lesson, exercise",
                                          arguments: [id]) {
                    let lesson: String = r["lesson"], exercise: String = r["exercise"], score: Double = r["s"]
                    perExercise["\(lesson)/\(exercise)"] = score
                    perLesson[lesson, default: 0] += score
                }
                let fields = [row["student"] as String, row["graded_at"] as String,
                              Self.number(row["score"]), Self.number(row["max_score"])]
                    + lessons.map { perLesson[$0].map(Self.number) ?? "" }
                    + columns.map { perExercise["\($0.lesson)/\($0.exercise)"].map(Self.number) ?? "" }
                lines[row["student"] as String] = fields.map(Self.csvField).joined(separator: ",") + "\n"
            }
            return header + lines.keys.sorted().compactMap { lines[$0] }.joined()
        }
    }

    /// The latest report of one student, as text; "could not grade" and why when their latest
    /// hand-in could not be graded.
    public func summary(student: String) throws -> String? {
        try queue.read { db in
            if let fault = try latestFaults(db)[student] {
                return SafeText.visible("\(student): could not grade (\(fault.at)): \(fault.reason)") + "\n"
            }
            guard let total = try Row.fetchOne(db, sql: "SELECT score, max_score FROM submission WHERE student = ? ORDER BY graded_at DESC, id DESC LIMIT 1",
                                               arguments: [student]) else { return nil }
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.lesson, r.exercise, r.item, r.status, r.score, r.max_score, r.message FROM result r
                WHERE r.submission = (SELECT id FROM submission WHERE student = ? ORDER BY graded_at DESC, id DESC LIMIT 1)
                ORDER BY r.lesson, r.exercise, r.item
                """, arguments: [student])
            var out = "\(student): \(Self.number(total["score"])) / \(Self.number(total["max_score"])) points\n"
            for row in rows {
                let status: String = row["status"]
                out += "  \(row["lesson"] as String) › \(row["exercise"] as String) › \(row["item"] as String): \(status), \(Self.number(row["score"])) / \(Self.number(row["max_score"]))\n"
            }
            return out
        }
    }

    /// Copies every submission of other gradebooks (shards) into this one; a submission already
    /// here (same student and content) is kept as it is, so merging twice changes nothing.
    public func merge(_ paths: [String]) throws -> Int {
        var added = 0
        for path in paths {
            let other = try DatabaseQueue(path: path)
            let submissions = try other.read { db in try Row.fetchAll(db, sql: "SELECT * FROM submission ORDER BY id") }
            // A shard written before faults were recorded has no such table.
            let faults = try other.read { db in
                try db.tableExists("grading_fault") ? try Row.fetchAll(db, sql: "SELECT * FROM grading_fault ORDER BY id") : []
            }
            try queue.write { db in
                for fault in faults {
                    let student: String = fault["student"], at: String = fault["failed_at"], reason: String = fault["reason"]
                    if try Bool.fetchOne(db, sql: "SELECT 1 FROM grading_fault WHERE student = ? AND failed_at = ? AND reason = ?",
                                         arguments: [student, at, reason]) == true { continue }
                    try db.execute(sql: "INSERT OR IGNORE INTO student (id) VALUES (?)", arguments: [student])
                    try db.execute(sql: "INSERT INTO grading_fault (student, content_hash, failed_at, reason) VALUES (?, ?, ?, ?)",
                                   arguments: [student, fault["content_hash"] as String?, at, reason])
                }
            }
            for submission in submissions {
                let oldID: Int64 = submission["id"]
                let results = try other.read { db in try Row.fetchAll(db, sql: "SELECT * FROM result WHERE submission = ?", arguments: [oldID]) }
                try queue.write { db in
                    let student: String = submission["student"], hash: String = submission["content_hash"]
                    if try Bool.fetchOne(db, sql: "SELECT 1 FROM submission WHERE student = ? AND content_hash = ?", arguments: [student, hash]) == true {
                        return
                    }
                    try db.execute(sql: "INSERT OR IGNORE INTO student (id) VALUES (?)", arguments: [student])
                    try db.execute(sql: """
                        INSERT INTO submission (student, content_hash, graded_at, score, max_score, report_json) VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [student, hash, submission["graded_at"] as String, submission["score"] as Double,
                                         submission["max_score"] as Double, submission["report_json"] as String])
                    let newID = db.lastInsertedRowID
                    for r in results {
                        try db.execute(sql: """
                            INSERT INTO result (submission, lesson, exercise, item, kind, status, score, max_score, ratio, message)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: [newID, r["lesson"] as String, r["exercise"] as String, r["item"] as String, r["kind"] as String,
                                             r["status"] as String, r["score"] as Double, r["max_score"] as Double, r["ratio"] as Double?,
                                             r["message"] as String])
                    }
                    added += 1
                }
            }
        }
        return added
    }

    /// Submissions graded so far.
    public func count() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submission") ?? 0 }
    }

    static func number(_ value: Double) -> String { GradeReport.points(value) }

    static func csvField(_ field: String) -> String {
        field.contains(where: { ",\"\n".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
}
