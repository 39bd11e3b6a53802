import Foundation

/// All lessons of a course, in teaching order, with the folder they came from.
public struct Course: Sendable {
    /// The course root: the folder holding `lessons/` and `exercises/`.
    public var root: URL
    public var lessons: [Lesson]
    /// The support library's Swift files by name (from `Sources/ResidualEngine` of the course root),
    /// copied into `exercises/` for lessons that import it.
    public var engineSources: [String: String] = [:]

    /// The module name lessons import to use the support library.
    public static let engineModule = "ResidualEngine"

    public func lesson(_ id: String) -> Lesson? { lessons.first { $0.meta.id == id } }
}
