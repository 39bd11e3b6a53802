import Foundation

/// Why a submission could not be read (the grader reports it and grades nothing; the student
/// package's hand-in refuses to pack it).
public struct SubmissionError: Error, LocalizedError, Equatable {
    public var message: String
    public var errorDescription: String? { message }

    package init(message: String) { self.message = message }
}

/// What the grader accepts of a submission's files, and what it says about one it refuses: one
/// place, so `SubmissionReader` (the grader) and the student package's hand-in tool, which
/// embeds this file, refuse the same files with the same words.
package enum SubmissionLimits {
    /// Entries of an archive (files and folders), or files and folders walked in a folder.
    package static let maxEntries = 2000
    /// Bytes of one Swift file, declared or read.
    package static let maxFileBytes = 1 << 20
    /// Bytes of the archive itself, of everything its listing declares, and of the Swift files read.
    package static let maxTotalBytes = 32 << 20

    package static func symbolicLink(_ path: String) -> SubmissionError {
        SubmissionError(message: "'\(path)' is a symbolic link; links are not accepted in submissions")
    }

    package static func fileTooLarge(_ path: String, limit: Int) -> SubmissionError {
        SubmissionError(message: "'\(path)' is larger than \(limit >> 10) KB")
    }

    package static func totalTooLarge(limit: Int) -> SubmissionError {
        SubmissionError(message: "the submission's Swift files exceed \(limit >> 20) MB")
    }

    /// A file's bytes as text, or an error naming the file when they are not UTF-8 or hold a NUL
    /// byte (no Swift source does; the parser reads one inside a comment as part of it, and a red
    /// team used that to hide a second "file" inside the first).
    package static func text(_ data: Data, path: String) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw SubmissionError(message: "'\(path)' is not UTF-8 text; save it as UTF-8 and hand it in again")
        }
        guard !data.contains(0) else {
            throw SubmissionError(message: "'\(path)' contains a NUL byte, which is not Swift source; save it as plain text and hand it in again")
        }
        return text
    }
}
