import Foundation

/// All lessons of a course, in teaching order, with the folder they came from.
public struct Course: Sendable {
    /// The course root: the folder holding `lessons/` and `exercises/`.
    public var root: URL
    public var lessons: [Lesson]
    /// The support library's Swift files by name (from `Sources/ResidualEngine` of the course root),
    /// copied into `exercises/` for lessons that import it.
    public var engineSources: [String: String] = [:]
    /// The grader's hand-in rules by file name (from `Sources/HandinRules` of the course
    /// root), embedded verbatim into the student package's hand-in tool; empty for a course
    /// that does not live beside the tool's sources (the student package then has no `handin`).
    public var handinSources: [String: String] = [:]

    /// Where the hand-in rules live, relative to the course root.
    public static let handinFolder = "Sources/HandinRules"

    public func lesson(_ id: String) -> Lesson? { lessons.first { $0.meta.id == id } }
}
