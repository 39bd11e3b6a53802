import CourseToolchain
import Foundation
import HandinRules

/// One entry of an archive as its listing declares it (the sizes are the archive's claim, not a
/// promise: `SubmissionArchive.contents` enforces its own limit on the bytes that really come out).
struct ArchiveEntry: Equatable, Sendable {
    /// What an entry is; only files are ever read.
    enum Kind: Equatable, Sendable { case file, folder, link, encrypted, other }

    var path: String
    var kind: Kind
    var declaredBytes: Int
}

/// A `.zip` or `.tar.gz` read without extracting anything to disk: `list` streams the archive's
/// listing (`zipinfo -l`, `tar -tzv`) entry by entry, and `contents` streams files (`unzip -p`,
/// `tar -xzO`) into memory and kills the tool as soon as more than the limit arrives.
struct SubmissionArchive {
    /// The two archive formats a submission may come in.
    enum Format: Sendable { case zip, tarGzip }

    let url: URL
    let format: Format
    /// Wall-clock limit for each tool run (the listing, one file of a zip, a batch of a tar.gz).
    var timeout: TimeInterval = 60

    /// The archive's format from its name, or nil when it is neither `.zip` nor `.tar.gz`/`.tgz`.
    static func format(of url: URL) -> Format? {
        let lower = url.lastPathComponent.lowercased()
        if lower.hasSuffix(".zip") { return .zip }
        if lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz") { return .tarGzip }
        return nil
    }

    /// Lists the entries in archive order, handing each to `check` as soon as it is listed, so a
    /// check that throws (too many entries, too large) stops the listing there.
    func list(_ check: (ArchiveEntry) throws -> Void) throws -> [ArchiveEntry] {
        let (tool, arguments): (String, [String]) =
            switch format {
            case .zip: ("zipinfo", ["-l", url.path])
            case .tarGzip: ("tar", ["--list", "--gzip", "--verbose", "--numeric-owner", "--quoting-style=escape", "--file", url.path])
            }
        var entries: [ArchiveEntry] = []
        var pending = Data()
        var footerCount: Int?
        var empty = false
        // The first line not understood; reported only when the tool itself succeeded (a tool that
        // fails prints its complaint where entries would be).
        var unreadable: String?
        let outcome = try StreamingTool.run(try locate(tool), arguments, timeout: timeout) { chunk in
            pending.append(chunk)
            // Names are at most 1024 bytes (`SubmissionReader` checks); a line never ends in memory.
            if pending.count > 64 << 10, !pending.contains(UInt8(ascii: "\n")) {
                throw SubmissionError(message: "\(url.lastPathComponent): the archive's listing could not be read (an entry's name is longer than 64 KB)")
            }
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                switch parse(line) {
                case .entry(let entry): try check(entry); entries.append(entry)
                case .count(let count): footerCount = count
                case .empty: empty = true
                case .ignored: break
                case nil: unreadable = unreadable ?? line
                }
            }
            return true
        }
        // zipinfo exits with 1, a warning, for an archive without entries.
        if empty, outcome.status == 1, entries.isEmpty, !outcome.timedOut { return [] }
        try ensureSuccess(outcome, tool: tool)
        if let unreadable {
            throw SubmissionError(message: "\(url.lastPathComponent): the archive's listing could not be read (at '\(unreadable.prefix(80))')")
        }
        // zipinfo's footer counts the entries; a listing that disagrees was not understood.
        if let footerCount, footerCount != entries.count {
            throw SubmissionError(message: "\(url.lastPathComponent): the archive's listing could not be read (\(footerCount) entries announced, \(entries.count) listed)")
        }
        return entries
    }

    /// The bytes of each file entry of `entries` (from this archive's listing), by path. A file
    /// that gives more than `fileLimit` bytes, or files that give more than `totalLimit` together,
    /// whatever their headers declared, are an error naming the file: the tool is killed as soon as
    /// the bytes pass what may come.
    func contents(of entries: [ArchiveEntry], fileLimit: Int, totalLimit: Int) throws -> [String: Data] {
        for entry in entries where entry.declaredBytes > fileLimit { throw tooLarge(entry.path, fileLimit) }
        guard entries.reduce(0, { $0 + min($1.declaredBytes, totalLimit + 1) }) <= totalLimit else { throw tooMuch(totalLimit) }
        var files: [String: Data] = [:]
        switch format {
        case .zip:
            // unzip seeks to each entry, so reading them one by one costs no more than their size.
            var room = totalLimit
            for entry in entries {
                let limit = min(fileLimit, room)
                // -P: a wrong password makes unzip fail on an encrypted entry instead of asking the terminal.
                guard
                    let data = try streamed(
                        "unzip", ["-p", "-P", "not-a-password", url.path, Self.unzipPattern(entry.path)],
                        limit: limit)
                else { throw limit == fileLimit ? tooLarge(entry.path, fileLimit) : tooMuch(totalLimit) }
                files[entry.path] = data
                room -= data.count
            }
        case .tarGzip:
            // A gzip stream cannot be entered in the middle: one pass per batch of names (not per
            // file), whose output is the files in archive order, cut by the sizes their headers give.
            for batch in Self.batches(entries) {
                let expected = batch.reduce(0) { $0 + $1.declaredBytes }
                // One occurrence of each, names taken literally (no wildcards, no backslash escapes),
                // no descent into a folder of that name.
                let arguments =
                    [
                        "--extract", "--gzip", "--to-stdout", "--occurrence=1", "--no-wildcards", "--no-unquote",
                        "--no-recursion", "--file", url.path, "--"
                    ] + batch.map(\.path)
                guard let data = try streamed("tar", arguments, limit: expected), data.count == expected else {
                    throw SubmissionError(message: "\(url.lastPathComponent) could not be read: its files do not hold the sizes its headers declare")
                }
                var offset = data.startIndex
                for entry in batch {
                    files[entry.path] = data[offset..<offset + entry.declaredBytes]
                    offset += entry.declaredBytes
                }
            }
        }
        return files
    }

    /// `entries` in archive order, cut into runs whose names fit comfortably on one command line.
    static func batches(_ entries: [ArchiveEntry], argumentBytes: Int = 128 << 10) -> [[ArchiveEntry]] {
        var batches: [[ArchiveEntry]] = []
        var current: [ArchiveEntry] = [], bytes = 0
        for entry in entries {
            if !current.isEmpty, bytes + entry.path.utf8.count + 1 > argumentBytes {
                batches.append(current)
                current = []
                bytes = 0
            }
            current.append(entry)
            bytes += entry.path.utf8.count + 1
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    /// Runs `tool` and returns its standard output, or nil when it gives more than `limit` bytes
    /// (it is killed at `limit + 1`).
    private func streamed(_ tool: String, _ arguments: [String], limit: Int) throws -> Data? {
        var data = Data()
        var overLimit = false
        let outcome = try StreamingTool.run(try locate(tool), arguments, timeout: timeout) { chunk in
            data.append(chunk.prefix(limit + 1 - data.count))
            overLimit = data.count > limit
            return !overLimit
        }
        if overLimit { return nil }
        try ensureSuccess(outcome, tool: tool)
        return data
    }

    /// The message for files over the total limit.
    private func tooMuch(_ limit: Int) -> SubmissionError {
        SubmissionError(message: "\(url.lastPathComponent): the Swift files exceed \(limit >> 20) MB")
    }

    /// The message for a file over the limit, the same whether its header said so or its bytes did.
    private func tooLarge(_ path: String, _ limit: Int) -> SubmissionError {
        SubmissionError(message: "\(url.lastPathComponent): '\(path)' is larger than \(limit >> 10) KB")
    }

    /// `path` as an unzip pattern that matches only itself: unzip reads `*?[]` as wildcards, a
    /// backslash escapes them, and a leading `-` would be taken for an option.
    static func unzipPattern(_ path: String) -> String {
        var pattern = ""
        for character in path {
            if "*?[]\\".contains(character) || (pattern.isEmpty && character == "-") { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern
    }

    /// One line of a listing, understood.
    private enum Line { case entry(ArchiveEntry), count(Int), empty, ignored }

    /// Parses a `zipinfo -l` or `tar -tv` line; nil for a line that is neither header, footer nor
    /// entry, which makes the listing an error, so no entry can pass unseen.
    private func parse(_ line: String) -> Line? {
        switch format {
        case .zip:
            if line.hasPrefix("Archive:") || line.hasPrefix("Zip file size:") || line.isEmpty { return .ignored }
            if line == "Empty zipfile." { return .empty }
            // Footer: "3 files, 123 bytes uncompressed, 45 bytes compressed:  63.4%".
            if line.first?.isNumber == true, line.contains(" bytes uncompressed") {
                guard let count = Int(line.prefix { $0.isNumber }) else { return nil }
                return .count(count)
            }
            // "-rw-r--r--  3.0 unx     1234 tx     567 defN 24-Jan-01 12:00 Sources/A/B.swift"
            guard let (fields, name) = Self.split(line, fields: 9), let size = Int(fields[3]), size >= 0 else { return nil }
            let encrypted = fields[4].first?.isUppercase == true
            return .entry(ArchiveEntry(path: name, kind: encrypted ? .encrypted : Self.kind(fields[0], name: name), declaredBytes: size))
        case .tarGzip:
            // "-rw-r--r-- 1000/1000    1234 2024-01-01 12:00 Sources/A/B.swift" (a device's size is "major,minor").
            guard let (fields, name) = Self.split(line, fields: 5) else { return nil }
            let size = Int(fields[2]) ?? 0
            guard size >= 0, Int(fields[2]) != nil || fields[2].contains(",") else { return nil }
            let path = Self.unescape(name)
            return .entry(ArchiveEntry(path: path, kind: Self.kind(fields[0], name: path), declaredBytes: size))
        }
    }

    /// A name as tar's `escape` quoting style lists it, back to its bytes: `\\`, `\n` and the other
    /// C escapes, and `\ooo` octal for bytes that are not printable.
    static func unescape(_ name: String) -> String {
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "t"): 9, UInt8(ascii: "n"): 10,
            UInt8(ascii: "v"): 11, UInt8(ascii: "f"): 12, UInt8(ascii: "r"): 13,
            UInt8(ascii: "\\"): UInt8(ascii: "\\")
        ]
        let octal = UInt8(ascii: "0")...UInt8(ascii: "7")
        let input = Array(name.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < input.count else { bytes.append(byte); continue }
            if let replacement = simple[input[index]] {
                bytes.append(replacement)
                index += 1
            } else if index + 2 < input.count, input[index..<index + 3].allSatisfy(octal.contains) {
                bytes.append(input[index..<index + 3].reduce(0) { $0 &* 8 &+ ($1 - UInt8(ascii: "0")) })
                index += 3
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first `fields` whitespace-separated fields of `line` and the rest after one space (a
    /// name may hold, even begin with, spaces); nil when the line is shorter.
    static func split(_ line: String, fields count: Int) -> ([Substring], String)? {
        var fields: [Substring] = []
        var rest = Substring(line)
        while fields.count < count {
            rest = rest.drop { $0 == " " }
            let field = rest.prefix { $0 != " " }
            guard !field.isEmpty else { return nil }
            fields.append(field)
            rest = rest.dropFirst(field.count)
        }
        guard rest.first == " ", rest.count > 1 else { return nil }
        return (fields, String(rest.dropFirst()))
    }

    /// The kind an `ls`-style mode string (`-rw-r--r--`, `drwx…`, `lrwx…`, `hrw-…`) names.
    static func kind(_ mode: Substring, name: String) -> ArchiveEntry.Kind {
        switch mode.first {
        case "l", "h": return .link
        case "d": return .folder
        // zipinfo shows '?' for entries without Unix modes (written by Python or Windows tools).
        case "-", "?": return name.hasSuffix("/") ? .folder : .file
        default: return .other
        }
    }

    /// The tool's path, or an error naming what to install.
    private func locate(_ tool: String) throws -> String {
        guard let path = ProcessRunner.which(tool) else { throw SubmissionError(message: "\(tool) is not installed; run scripts/bootstrap") }
        return path
    }

    /// Turns a tool that failed or ran out of time into a message about the archive.
    private func ensureSuccess(_ outcome: StreamingTool.Outcome, tool: String) throws {
        if outcome.timedOut {
            throw SubmissionError(message: "\(url.lastPathComponent) could not be read within \(Int(timeout)) s; is it an archive of a few source files?")
        }
        guard outcome.status == 0 else {
            let said = outcome.errors.split(separator: "\n").prefix(3).joined(separator: " ")
            let kind = format == .zip ? "zip" : "tar.gz"
            throw SubmissionError(message: "\(url.lastPathComponent) is not a readable \(kind) archive (\(tool): \(said.isEmpty ? "exit status \(outcome.status)" : said))")
        }
    }
}
