import Foundation

/// Failures that stop a command before any lesson is looked at.
public enum CourseError: Error, LocalizedError, Equatable {
    case noLessonsFolder(String)
    case invalidLessons(Int)
    case toolFailed(String)

    public var errorDescription: String? {
        switch self {
        case .noLessonsFolder(let path): return "no lessons folder at \(path); run this in a course root or pass --root"
        case .invalidLessons(let count): return "\(count) error\(count == 1 ? "" : "s") in the lessons; nothing was written"
        case .toolFailed(let message): return message
        }
    }
}
