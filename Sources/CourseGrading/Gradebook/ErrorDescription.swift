import CourseToolchain
import Foundation
import GRDB

/// What `course` prints for an error it cannot recover from, whatever layer threw it: the
/// project's own errors as written (they say what to do, and some carry a compiler's output
/// after their first line); a file, database or decoding error as one line naming the file or
/// field and the cause, never a type dump or a stack trace. It lives with the gradebook, the
/// lowest layer that knows GRDB's `DatabaseError`, so the toolchain needs no SQLite.
public enum ErrorDescription {
    public static func line(_ error: Error) -> String {
        if let error = error as? CourseError { return error.localizedDescription }
        let text: String
        switch error {
        case let error as DatabaseError:
            text = "the gradebook cannot be used: " + (error.message ?? "SQLite error \(error.resultCode.rawValue)")
        case let error as DecodingError:
            text = "unreadable data: " + decoding(error)
        case let error as CocoaError:
            let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.userInfo[NSURLErrorKey].map { "\($0)" }
            text = (path.map { "\($0): " } ?? "") + cocoa(error)
        default:
            text = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
        }
        // One line: a foreign description that spans lines keeps its first.
        return text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "unknown error"
    }

    private static func cocoa(_ error: CocoaError) -> String {
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "the disk is full"
        case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: return "the file cannot be read as text"
        default: return error.localizedDescription
        }
    }

    private static func decoding(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }
}
