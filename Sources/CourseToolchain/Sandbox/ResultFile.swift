import Foundation

/// Reads the file a sandboxed process wrote its results to, without trusting what is there now:
/// the process could have replaced it with a link, a FIFO or something endless.
package enum ResultFile {
    /// The most of a test's transcript that is read (the sandbox's file size limit).
    static let transcriptLimit = 16 << 20

    /// The text of a regular file at `path`, at most `limit` bytes; `nil` for anything else.
    static func contents(_ path: String, limit: Int = 1 << 20) -> String? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var data = Data(count: min(limit, max(0, Int(info.st_size))))
        let count = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        return String(decoding: data.prefix(count), as: UTF8.self)
    }

    /// Messages shown to students stay short: a test's output is the student's to fill.
    /// Counted in Unicode scalars, not Characters: one Character can hold any number of
    /// combining marks, and a red team's 300 "characters" came to 60 KB per message (round 22).
    package static func cap(_ messages: [String], lines: Int = 5, characters: Int = 300) -> [String] {
        messages.prefix(lines).map { message in
            guard message.unicodeScalars.count > characters else { return message }
            return String(String.UnicodeScalarView(message.unicodeScalars.prefix(characters))) + " …"
        }
    }
}
