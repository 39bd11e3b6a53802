import Foundation

/// All lessons of a course, in teaching order, with the folder they came from.
public struct Course: Sendable {
    /// The course root: the folder holding `lessons/` and `exercises/`.
    public var root: URL
    public var lessons: [Lesson]

    public func lesson(_ id: String) -> Lesson? { lessons.first { $0.meta.id == id } }
}
