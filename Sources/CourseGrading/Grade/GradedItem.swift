/// One thing that earns points: a hidden test or a benchmark, with its share of the exercise.
public struct GradedItem: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case test, benchmark }
    public var kind: Kind
    /// `Class/testName` for tests, the benchmark id for benchmarks.
    public var name: String
    public var exercise: String
    public var points: Double

    package init(kind: Kind, name: String, exercise: String, points: Double) {
        self.kind = kind
        self.name = name
        self.exercise = exercise
        self.points = points
    }
}

/// What a failing hidden test shows: its name, which check failed and the student's own value,
/// with the author's message (`messages`, the default), or also the expected value (`values`).
public enum HiddenTestFeedback: String, Codable, Sendable, CaseIterable {
    case messages, values
}
