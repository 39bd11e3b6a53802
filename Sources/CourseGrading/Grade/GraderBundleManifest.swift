import CourseToolchain
import Foundation

/// What the grader needs to know about the course, as the bundle's `manifest.json`. Authoring
/// writes it (`GraderBundleWriter`); grading reads nothing else of the course, so it is its own
/// type here, below the Markdown and the model.
public struct GraderBundleManifest: Codable, Equatable, Sendable {
    public var formatVersion = 1
    public var lessons: [LessonEntry]

    package init(lessons: [LessonEntry]) { self.lessons = lessons }

    public struct LessonEntry: Codable, Equatable, Sendable {
        public var id: String
        public var title: String
        public var order: Int
        public var file: String
        public var module: String
        public var points: Double
        /// Whether the lesson imports the support library (compiled from `engine/` in the bundle).
        public var usesEngine: Bool
        public var editableFiles: [String]
        public var exercises: [ExerciseEntry]
        public var benchmarks: [BenchmarkEntry]
        /// What a failing hidden test shows (`nil` in bundles written before it existed: messages).
        public var feedback: HiddenTestFeedback?
        /// Gradescope visibility of the lesson's tests.
        public var visibility: String?
        /// Refused calls the lesson allows (`nil`: none).
        public var allows: [String]?
        /// Support-library declarations the lesson's code may not use (`nil`: none).
        public var refuses: [String]?
        /// File-level names of the support library and the lesson's support code, which a
        /// submission may not declare (`SourceAdmission.libraryNames`; `nil` in older bundles).
        public var libraryNames: [String]?

        package init(
            id: String, title: String, order: Int, file: String, module: String, points: Double, usesEngine: Bool,
            editableFiles: [String], exercises: [ExerciseEntry], benchmarks: [BenchmarkEntry],
            feedback: HiddenTestFeedback?, visibility: String?, allows: [String]?, refuses: [String]? = nil,
            libraryNames: [String]? = nil
        ) {
            self.libraryNames = libraryNames
            self.id = id
            self.title = title
            self.order = order
            self.file = file
            self.module = module
            self.points = points
            self.usesEngine = usesEngine
            self.editableFiles = editableFiles
            self.exercises = exercises
            self.benchmarks = benchmarks
            self.feedback = feedback
            self.visibility = visibility
            self.allows = allows
            self.refuses = refuses
        }
    }

    public struct ExerciseEntry: Codable, Equatable, Sendable {
        public var id: String
        public var title: String?
        public var file: String
        public var points: Double
        public var items: [GradedItem]

        package init(id: String, title: String?, file: String, points: Double, items: [GradedItem]) {
            self.id = id
            self.title = title
            self.file = file
            self.points = points
            self.items = items
        }
    }

    public struct BenchmarkEntry: Codable, Equatable, Sendable {
        public var id: String
        public var exercise: String
        public var threshold: Double
        public var repetitions: Int
        public var tolerance: Double

        package init(id: String, exercise: String, threshold: Double, repetitions: Int, tolerance: Double) {
            self.id = id
            self.exercise = exercise
            self.threshold = threshold
            self.repetitions = repetitions
            self.tolerance = tolerance
        }
    }

    /// The manifest of the bundle at `bundle`.
    public static func read(bundle: URL) throws -> GraderBundleManifest {
        guard let data = try? Data(contentsOf: bundle.appendingPathComponent("manifest.json")) else {
            throw CourseError.toolFailed("no grader bundle at \(bundle.path), and no lessons/ to build it from")
        }
        return try JSONDecoder().decode(GraderBundleManifest.self, from: data)
    }

    /// Fails, naming them, when any of `ids` is not a lesson of the bundle.
    public func checkLessonIDs(_ ids: [String]) throws {
        let unknown = ids.filter { id in !lessons.contains { $0.id == id } }
        if !unknown.isEmpty {
            throw CourseError.toolFailed("no lesson with id \(unknown.joined(separator: ", ")) in the bundle (lessons: \(lessons.map(\.id).joined(separator: ", ")))")
        }
    }
}
