import CourseToolchain
import Foundation
import GRDB

/// The course's gradebook: students, their graded submissions (by content hash) and every item's
/// result, in SQLite. Each submission is written in one transaction, so a batch killed at any
/// point loses at most the submissions in flight, and a rerun neither loses nor double-counts.
/// A hand-in that could not be graded is a `grading_fault` row with its reason, never a score.
/// A submission is graded on some lessons (a weekly hand-in: those asked for); a student's record
/// holds, per lesson, the latest submission graded on it (see `GradebookRecords.swift`).
public final class Gradebook: @unchecked Sendable {
    let queue: DatabaseQueue

    /// Opens (or creates) the gradebook at `path`.
    public init(path: String) throws {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(),
            withIntermediateDirectories: true)
        queue = try DatabaseQueue(path: path, configuration: Self.configuration)
        try migrator.migrate(queue)
    }

    /// Opens a gradebook that must exist already (a shard to merge): a missing file or another
    /// kind of file is a clear error, and nothing is created in its place.
    /// Waits for another process's lock instead of failing at once: a reader of the gradebook
    /// (`gradebook export`, a test polling it) while a batch created its tables made the batch
    /// stop with "database is locked" and grade no one.
    static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        return configuration
    }

    public init(existing path: String, shownAs shown: String? = nil) throws {
        let shown = shown ?? path
        guard FileManager.default.fileExists(atPath: path) else { throw CourseError.toolFailed("\(shown): no such gradebook") }
        do {
            queue = try DatabaseQueue(path: path, configuration: Self.configuration)
            guard try queue.read({ db in try db.tableExists("submission") && db.tableExists("result") }) else {
                throw CourseError.toolFailed("\(shown): not a gradebook (it has no submissions table)")
            }
            try migrator.migrate(queue)
        } catch let error as DatabaseError {
            throw CourseError.toolFailed("\(shown): not a gradebook (\(error.message ?? "SQLite error \(error.resultCode.rawValue)"))")
        }
    }

    private var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
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
            try db.execute(
                sql: """
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
        migrator.registerMigration("v3 lessons per submission") { db in
            // The same content graded on other lessons (next week's `--lessons`) is another
            // submission, so the lessons join the unique key. SQLite cannot change a table's
            // constraints in place: the table is rebuilt (foreign keys are off during a migration,
            // so dropping the old table keeps the results). Older rows get the lessons of their results.
            try db.execute(
                sql: """
                    CREATE TABLE submission_v3 (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        student TEXT NOT NULL REFERENCES student(id),
                        content_hash TEXT NOT NULL,
                        lessons TEXT NOT NULL,
                        graded_at TEXT NOT NULL,
                        score REAL NOT NULL,
                        max_score REAL NOT NULL,
                        report_json TEXT NOT NULL,
                        UNIQUE (student, content_hash, lessons)
                    );
                    INSERT INTO submission_v3 (id, student, content_hash, lessons, graded_at, score, max_score, report_json)
                        SELECT s.id, s.student, s.content_hash,
                               COALESCE((SELECT group_concat(lesson, ',') FROM
                                           (SELECT DISTINCT lesson FROM result WHERE result.submission = s.id ORDER BY lesson)), ''),
                               s.graded_at, s.score, s.max_score, s.report_json
                        FROM submission s;
                    DROP TABLE submission;
                    ALTER TABLE submission_v3 RENAME TO submission;
                    """)
        }
        migrator.registerMigration("v4 grading conditions") { db in
            // NULL for grades kept before: unknown conditions, so the next batch grades them again.
            try db.execute(sql: "ALTER TABLE submission ADD COLUMN graded_with TEXT")
        }
        return migrator
    }

    /// The `lessons` column: the ids a submission was graded on, sorted, comma-separated.
    static func lessonsKey<S: Sequence>(_ ids: S) -> String where S.Element == String {
        Set(ids).sorted().joined(separator: ",")
    }

    /// What the gradebook holds of a hand-in: nothing, its grade under the same conditions, or a
    /// grade under other ones (other hidden tests, or benchmarks then not run).
    public enum GradedBefore: Equatable, Sendable { case no, yes, underOtherConditions }

    /// Whether this content on exactly these lessons is what the student's record holds now: the
    /// newest graded submission that covers any of these lessons. A hand-in equal to an older one
    /// (good code, then a stub, then the good code again) is graded again, since the record takes
    /// the newest grade of each lesson and would otherwise keep the one in between. The same files
    /// graded under other `GradingConditions` are `underOtherConditions`: to grade again.
    public func gradedBefore(student: String, contentHash: String, lessons: [String], gradedWith: String) throws -> GradedBefore {
        let asked = Set(lessons)
        return try queue.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT content_hash, lessons, graded_with FROM submission WHERE student = ? ORDER BY graded_at DESC, id DESC",
                arguments: [student])
            guard let newest = rows.first(where: { !asked.isDisjoint(with: ($0["lessons"] as String).split(separator: ",").map(String.init)) }),
                newest["content_hash"] == contentHash && newest["lessons"] == Self.lessonsKey(lessons)
            else { return .no }
            return newest["graded_with"] == gradedWith ? .yes : .underOtherConditions
        }
    }

    /// Records a graded submission, replacing an earlier grade of the same content on the same
    /// lessons (a regrade). Its lessons are the report's: those it was graded on; `gradedWith` is
    /// `GradingConditions.fingerprint` of what graded it.
    public func record(student: String, contentHash: String, report: GradeReport, gradedWith: String?) throws {
        let json = try report.json()
        let lessons = Self.lessonsKey(report.lessons.map(\.id))
        try queue.write { db in
            try Self.addStudent(student, db)
            let same = "SELECT id FROM submission WHERE student = ? AND content_hash = ? AND lessons = ?"
            try db.execute(sql: "DELETE FROM result WHERE submission IN (\(same))", arguments: [student, contentHash, lessons])
            try db.execute(sql: "DELETE FROM submission WHERE id IN (\(same))", arguments: [student, contentHash, lessons])
            var submission = SubmissionRow(
                id: nil, student: student, contentHash: contentHash, lessons: lessons,
                gradedAt: ISO8601DateFormatter().string(from: Date()), score: report.score,
                maxScore: report.maxScore, reportJSON: json, gradedWith: gradedWith)
            try submission.insert(db)
            guard let id = submission.id else { return }
            for lesson in report.lessons {
                for exercise in lesson.exercises {
                    for item in exercise.items {
                        try ResultRow(
                            submission: id, lesson: lesson.id, exercise: exercise.id, item: item.name, kind: item.kind.rawValue,
                            status: item.status.rawValue, score: item.score, maxScore: item.maxScore, ratio: Self.ratio(in: item),
                            message: item.messages.joined(separator: "\n")
                        ).insert(db)
                    }
                }
            }
        }
    }

    /// Records that a student's hand-in could not be graded, and why. Earlier grades stay; a later
    /// run grades the hand-in again (a fault is not "already graded").
    public func recordFault(student: String, contentHash: String?, reason: String) throws {
        try queue.write { db in
            try Self.addStudent(student, db)
            var fault = GradingFaultRow(
                id: nil, student: student, contentHash: contentHash,
                failedAt: ISO8601DateFormatter().string(from: Date()), reason: reason)
            try fault.insert(db)
        }
    }

    /// Each student whose latest hand-in could not be graded (no grade since): when and why.
    func latestFaults(_ db: Database) throws -> [String: (at: String, reason: String)] {
        let rows = try Row.fetchAll(
            db,
            sql: """
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

    /// Copies every submission of other gradebooks (shards) into this one; a submission already
    /// here (same student, content and lessons) is kept as it is unless the shard's was graded
    /// later (a regrade), so merging twice changes nothing. Every shard is read and checked
    /// before anything is written, and all are merged in one transaction: a bad shard leaves
    /// this gradebook as it was.
    public func merge(_ paths: [String], gradedBy manifest: GraderBundleManifest) throws -> Int {
        try merge(paths.map { try Shard.read($0, gradedBy: manifest) })
    }

    public func merge(_ shards: [Shard]) throws -> Int {
        var added = 0
        try queue.write { db in
            for shard in shards {
                let resultsBySubmission = Dictionary(grouping: shard.results, by: \.submission)
                for var fault in shard.faults {
                    let known = "SELECT 1 FROM grading_fault WHERE student = ? AND failed_at = ? AND reason = ?"
                    if try Bool.fetchOne(db, sql: known, arguments: [fault.student, fault.failedAt, fault.reason]) == true { continue }
                    try Self.addStudent(fault.student, db)
                    fault.id = nil
                    try fault.insert(db)
                }
                for var submission in shard.submissions {
                    let known = "SELECT id, graded_at FROM submission WHERE student = ? AND content_hash = ? AND lessons = ?"
                    if let row = try Row.fetchOne(db, sql: known, arguments: [submission.student, submission.contentHash, submission.lessons]) {
                        let gradedAt: String = row["graded_at"], id: Int64 = row["id"]
                        guard submission.gradedAt > gradedAt else { continue }
                        // A regrade of the same files: the later result replaces the earlier.
                        try db.execute(sql: "DELETE FROM result WHERE submission = ?", arguments: [id])
                        try db.execute(sql: "DELETE FROM submission WHERE id = ?", arguments: [id])
                    }
                    try Self.addStudent(submission.student, db)
                    let oldID = submission.id
                    submission.id = nil
                    try submission.insert(db)
                    guard let newID = submission.id else { continue }
                    for var result in resultsBySubmission[oldID ?? -1] ?? [] {
                        result.submission = newID
                        try result.insert(db)
                    }
                    added += 1
                }
            }
        }
        return added
    }

    /// Makes sure `student` has a row (rows of other tables refer to it).
    private static func addStudent(_ student: String, _ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO student (id) VALUES (?)", arguments: [student])
    }

    /// Submissions graded so far.
    public func count() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submission") ?? 0 }
    }

    static func number(_ value: Double) -> String { GradeReport.points(value) }

    /// A field as RFC 4180 quotes it, and with a `'` in front when it starts like a spreadsheet
    /// formula (`=`, `+`, `-`, `@`, tab, return): a submission folder named `=HYPERLINK(…)` is the
    /// student id, and a spreadsheet would run it. Numbers here are never negative.
    static func csvField(_ field: String) -> String {
        // Leading white space first: some spreadsheets trim it before they read a formula.
        let start = field.first { !$0.isWhitespace || $0 == "\t" || $0 == "\r" }
        let defused = start.map { "=+-@\t\r＝＋－＠".contains($0) } == true ? "'" + field : field
        return defused.contains(where: { ",\"\n".contains($0) }) ? "\"" + defused.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : defused
    }
}
