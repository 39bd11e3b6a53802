import Foundation

extension GradeReport {
    /// The project's JSON schema (version 1), with totals at every level; see docs/grading.md.
    /// The texts stay as the submission wrote them (this is data; the encoder escapes them).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(GradeReportJSON(self)), as: UTF8.self) + "\n"
    }
}

/// `residualcourse-grade/1`: the report as other programs read it. Field names are the
/// schema's (snake case) and fixed; the totals are stored, not left for readers to add up.
/// Decodable too, so a test (or a tool) reads a report back as the same types.
public struct GradeReportJSON: Codable, Equatable, Sendable {
    public var schema = "residualcourse-grade/1"
    public var status = "graded"
    public var submission: String
    public var score: Double
    public var maxScore: Double
    public var lessons: [Lesson]

    public struct Lesson: Codable, Equatable, Sendable {
        public var id: String
        public var title: String
        public var score: Double
        public var maxScore: Double
        public var missingFiles: [String]
        public var fileNotes: [String]
        public var apiErrors: [String]
        public var compileErrors: String?
        public var exercises: [Exercise]
        enum CodingKeys: String, CodingKey {
            case id, title, score, exercises
            case maxScore = "max_score", missingFiles = "missing_files", fileNotes = "file_notes", apiErrors = "api_errors", compileErrors = "compile_errors"
        }
    }

    public struct Exercise: Codable, Equatable, Sendable {
        public var id: String
        public var score: Double
        public var maxScore: Double
        public var items: [Item]
        enum CodingKeys: String, CodingKey { case id, score, items, maxScore = "max_score" }
    }

    public struct Item: Codable, Equatable, Sendable {
        public var name: String
        public var kind: GradedItem.Kind
        public var status: GradeReport.ItemGrade.Status
        public var score: Double
        public var maxScore: Double
        public var messages: [String]
        public var seconds: Double?
        public var benchmark: Benchmark?
        enum CodingKeys: String, CodingKey { case name, kind, status, score, messages, seconds, benchmark, maxScore = "max_score" }
    }

    /// A benchmark's ratio with its 95 % interval as `[low, high]`.
    public struct Benchmark: Codable, Equatable, Sendable {
        public var ratio: Double
        public var interval: [Double]
        public var threshold: Double
        public var pairs: Int
    }

    enum CodingKeys: String, CodingKey { case schema, status, submission, score, lessons, maxScore = "max_score" }

    public init(_ report: GradeReport) {
        submission = report.submission
        score = report.score
        maxScore = report.maxScore
        lessons = report.lessons.map { lesson in
            Lesson(
                id: lesson.id, title: lesson.title, score: lesson.score, maxScore: lesson.maxScore, missingFiles: lesson.missingFiles,
                fileNotes: lesson.fileNotes,
                apiErrors: lesson.apiErrors, compileErrors: lesson.compileErrors,
                exercises: lesson.exercises.map { exercise in
                    Exercise(
                        id: exercise.id, score: exercise.score, maxScore: exercise.maxScore,
                        items: exercise.items.map { item in
                            Item(
                                name: item.name, kind: item.kind, status: item.status, score: item.score, maxScore: item.maxScore,
                                messages: item.messages, seconds: item.seconds,
                                benchmark: item.benchmark.map { Benchmark(ratio: $0.ratio, interval: [$0.low, $0.high], threshold: $0.threshold, pairs: $0.pairs) })
                        })
                })
        }
    }
}
