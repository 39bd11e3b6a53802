import GRDB

// The gradebook's tables as GRDB record types: each row is written and read through one type,
// so a column is named in one place (the coding keys) and no INSERT is written by hand twice.

/// A graded submission: one student's hand-in (by content hash) graded on some lessons.
struct SubmissionRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "submission"
    var id: Int64?
    var student: String
    var contentHash: String
    /// `Gradebook.lessonsKey` of the lessons it was graded on.
    var lessons: String
    var gradedAt: String
    var score: Double
    var maxScore: Double
    var reportJSON: String
    /// `GradingConditions.fingerprint` of what graded it (`nil`: graded before it was kept).
    var gradedWith: String?

    enum CodingKeys: String, CodingKey {
        case id, student, lessons, score
        case contentHash = "content_hash", gradedAt = "graded_at", maxScore = "max_score", reportJSON = "report_json"
        case gradedWith = "graded_with"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One graded item of a submission.
struct ResultRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "result"
    var submission: Int64
    var lesson: String
    var exercise: String
    var item: String
    var kind: String
    var status: String
    var score: Double
    var maxScore: Double
    /// A timed benchmark's ratio, student over reference.
    var ratio: Double?
    var message: String

    enum CodingKeys: String, CodingKey {
        case submission, lesson, exercise, item, kind, status, score, ratio, message
        case maxScore = "max_score"
    }
}

/// A hand-in that could not be graded, and why.
struct GradingFaultRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "grading_fault"
    var id: Int64?
    var student: String
    /// `nil` when the hand-in could not even be read (a broken archive).
    var contentHash: String?
    var failedAt: String
    var reason: String

    enum CodingKeys: String, CodingKey {
        case id, student, reason
        case contentHash = "content_hash", failedAt = "failed_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
