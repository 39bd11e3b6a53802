import Foundation

/// Why a submission could not be read (the grader reports it and grades nothing; the student
/// package's hand-in refuses to pack it).
public struct SubmissionError: Error, LocalizedError, Equatable {
    public var message: String
    public var errorDescription: String? { message }
}

/// What the grader accepts of a submission's files, and what it says about one it refuses: one
/// place, so `SubmissionReader` (the grader) and the student package's hand-in tool, which
/// embeds this file, refuse the same files with the same words.
enum SubmissionLimits {
    /// Entries of an archive (files and folders), or files and folders walked in a folder.
    static let maxEntries = 2000
    /// Bytes of one Swift file, declared or read.
    static let maxFileBytes = 1 << 20
    /// Bytes of the archive itself, of everything its listing declares, and of the Swift files read.
    static let maxTotalBytes = 32 << 20

    static func symbolicLink(_ path: String) -> SubmissionError {
        SubmissionError(message: "'\(path)' is a symbolic link; links are not accepted in submissions")
    }

    static func fileTooLarge(_ path: String, limit: Int) -> SubmissionError {
        SubmissionError(message: "'\(path)' is larger than \(limit >> 10) KB")
    }

    static func totalTooLarge(limit: Int) -> SubmissionError {
        SubmissionError(message: "the submission's Swift files exceed \(limit >> 20) MB")
    }

    /// A file's bytes as text, or an error naming the file when they are not UTF-8.
    static func text(_ data: Data, path: String) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw SubmissionError(message: "'\(path)' is not UTF-8 text; save it as UTF-8 and hand it in again")
        }
        return text
    }
}
