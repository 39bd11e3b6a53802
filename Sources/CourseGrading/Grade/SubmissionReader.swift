import Foundation
import HandinRules

/// A student's hand-in: the text of every Swift file, by its path inside the submission.
public struct Submission: Sendable {
    public var name: String
    public var files: [String: String]
}

/// Reads a folder, `.zip` or `.tar.gz` submission safely: no symlinks, no `..` or absolute paths
/// in archives, a bounded number and size of files, UTF-8 Swift sources only. Archives are never
/// extracted: their listing is checked first, then each Swift file is streamed into memory.
public struct SubmissionReader {
    /// Entries of an archive (files and folders), or files and folders walked in a folder.
    public var maxEntries = SubmissionLimits.maxEntries
    /// Bytes of one Swift file, declared or read.
    public var maxFileBytes = SubmissionLimits.maxFileBytes
    /// Bytes of the archive itself, of everything its listing declares, and of the Swift files read.
    public var maxTotalBytes = SubmissionLimits.maxTotalBytes
    /// Folders whose contents are never read (build products, version control, editor state).
    static let skippedFolders: Set<String> = [".build", ".git", ".swiftpm", "__MACOSX", "node_modules"]

    public init() {}

    /// A submission's name: its folder or archive name without `.zip`, `.tar.gz` or `.tgz`
    /// (other dots stay: `jane.doe`).
    public static func name(of url: URL) -> String {
        var name = url.lastPathComponent
        for suffix in [".tar.gz", ".tgz", ".zip"] where name.lowercased().hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        return name
    }

    /// Reads the submission at `url`: a folder, or an archive that is listed and then read entry by
    /// entry into memory (nothing of it is written to disk).
    public func read(_ url: URL) throws -> Submission {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw SubmissionError(message: "no submission at \(url.path)")
        }
        let name = Self.name(of: url)
        if isFolder.boolValue { return Submission(name: name, files: try readFolder(url)) }
        guard let format = SubmissionArchive.format(of: url) else {
            throw SubmissionError(message: "\(url.lastPathComponent): a submission is a folder, a .zip or a .tar.gz")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= maxTotalBytes else { throw SubmissionError(message: "\(url.lastPathComponent) is larger than \(maxTotalBytes >> 20) MB") }
        return Submission(name: name, files: try readArchive(SubmissionArchive(url: url, format: format)))
    }

    /// Checks the archive's listing against the limits (stopping at the first entry over one), then
    /// streams each Swift file into memory with a hard limit, since an entry's header may lie.
    func readArchive(_ archive: SubmissionArchive) throws -> [String: String] {
        let archiveName = archive.url.lastPathComponent
        var declaredTotal = 0
        var seen: Set<String> = []
        // Swift files by the path they are graded under: `./A.swift` and `A.swift` are one file
        // (graded, the later one won silently), as are names that differ in Unicode normalisation.
        var gradedPaths: Set<String> = []
        let entries = try archive.list { entry in
            guard seen.count < maxEntries else {
                throw SubmissionError(message: "\(archiveName) holds more than \(maxEntries) entries; hand in only your exercise files")
            }
            try check(entry, in: archiveName)
            guard seen.insert(entry.path).inserted, !isReadable(entry) || gradedPaths.insert(Self.relativePath(entry.path)).inserted else {
                throw SubmissionError(message: "\(archiveName): entry '\(entry.path)' appears twice; hand in one copy of each file")
            }
            declaredTotal += min(entry.declaredBytes, maxTotalBytes + 1)  // no overflow, whatever is declared
            guard declaredTotal <= maxTotalBytes else {
                throw SubmissionError(message: "\(archiveName) expands to more than \(maxTotalBytes >> 20) MB; hand in only your source files (leave out .build)")
            }
        }
        let swiftFiles = entries.filter(isReadable)
        let contents = try archive.contents(of: swiftFiles, fileLimit: maxFileBytes, totalLimit: maxTotalBytes)
        var files: [String: String] = [:]
        for entry in swiftFiles { files[Self.relativePath(entry.path)] = try text(contents[entry.path] ?? Data(), path: entry.path) }
        return files
    }

    /// Rejects an entry that is a link, encrypted, outside the archive, or a Swift file declared
    /// larger than a file may be.
    func check(_ entry: ArchiveEntry, in archiveName: String) throws {
        if entry.kind == .link {
            throw SubmissionError(message: "\(archiveName) contains a link ('\(entry.path)'); links are not accepted in submissions")
        }
        if entry.kind == .encrypted {
            throw SubmissionError(message: "\(archiveName): '\(entry.path)' is encrypted; hand in an archive without a password")
        }
        if entry.path.utf8.count > 1024 {
            throw SubmissionError(message: "\(archiveName): an entry's name is longer than 1024 bytes ('\(entry.path.prefix(60))…')")
        }
        let path = Self.relativePath(entry.path)
        if entry.path.hasPrefix("/") || path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw SubmissionError(message: "\(archiveName): entry '\(entry.path)' points outside the archive")
        }
        if isReadable(entry), entry.declaredBytes > maxFileBytes {
            throw SubmissionError(message: "\(archiveName): '\(entry.path)' is larger than \(maxFileBytes >> 10) KB")
        }
    }

    /// Whether an entry is a Swift file the grader reads: not in a skipped folder (`.build`, …).
    func isReadable(_ entry: ArchiveEntry) -> Bool {
        entry.kind == .file && Self.isSwiftSource(URL(fileURLWithPath: Self.relativePath(entry.path)).lastPathComponent)
            && !Self.relativePath(entry.path).split(separator: "/").dropLast().contains { Self.skippedFolders.contains(String($0)) }
    }

    /// An entry's path as the matcher sees it: `\` read as `/` and without leading `./`. Windows
    /// PowerShell 5's `Compress-Archive` writes `\` between folders; taken literally, such a file
    /// matched no exercise and the student was graded on stubs. (No Swift file name holds a `\`.)
    static func relativePath(_ path: String) -> String {
        var path = Substring(path.replacingOccurrences(of: "\\", with: "/"))
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        return String(path)
    }

    /// A file's bytes as text, or an error naming the file when they are not UTF-8.
    func text(_ data: Data, path: String) throws -> String {
        try SubmissionLimits.text(data, path: path)
    }

    /// Reads the Swift files of a folder submission, refusing links and skipping build folders.
    /// Names are read as the bytes they are (`readdir`, `lstat`): a folder an archiver named in
    /// Latin-1 (`\xDCbung/`) is still read, shown with U+FFFD, where Foundation's walk gave a name
    /// it could not open and the whole submission "could not grade" (a red team, round 25).
    func readFolder(_ root: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        var entries = 0, total = 0
        var pending: [(path: [UInt8], relative: String)] = [(Array(root.path.utf8), "")]
        while let folder = pending.popLast() {
            for name in try Self.names(in: folder.path) {
                let path = folder.path + [UInt8(ascii: "/")] + name
                let shown = String(decoding: name, as: UTF8.self)
                let relative = folder.relative + shown
                entries += 1
                guard entries <= maxEntries else { throw SubmissionError(message: "the submission holds more than \(maxEntries) files") }
                var status = stat()
                guard Self.withCString(path, { lstat($0, &status) }) == 0 else {
                    throw SubmissionError(message: "'\(relative)' cannot be read: \(String(cString: strerror(errno)))")
                }
                switch status.st_mode & S_IFMT {
                case S_IFLNK:
                    throw SubmissionLimits.symbolicLink(relative)
                case S_IFDIR:
                    if !Self.skippedFolders.contains(shown) { pending.append((path, relative + "/")) }
                case S_IFREG where Self.isSwiftSource(shown):
                    let size = Int(status.st_size)
                    total += size
                    guard size <= maxFileBytes else { throw SubmissionLimits.fileTooLarge(relative, limit: maxFileBytes) }
                    guard total <= maxTotalBytes else { throw SubmissionLimits.totalTooLarge(limit: maxTotalBytes) }
                    // Two names that differ only in Unicode normalisation (NFC, NFD), or in bytes that
                    // are not UTF-8, are one path here; which one the walk met last would be graded.
                    guard files[relative] == nil else {
                        throw SubmissionError(message: "'\(relative)' appears twice (names that differ only in how their letters are encoded); keep one copy")
                    }
                    files[relative] = try text(try Self.contents(of: path, shown: relative, limit: maxFileBytes), path: relative)
                default:
                    continue
                }
            }
        }
        return files
    }

    /// A Swift source by its name: `.swift`, and not the resource-fork shadow (`._Step.swift`)
    /// macOS writes beside a file on a disk or in an archive that cannot hold its metadata.
    static func isSwiftSource(_ name: String) -> Bool {
        name.hasSuffix(".swift") && !name.hasPrefix("._")
    }

    /// The entries of the folder at `path`, as bytes, without `.` and `..`.
    private static func names(in path: [UInt8]) throws -> [[UInt8]] {
        guard let folder = withCString(path, { opendir($0) }) else {
            throw SubmissionError(message: "'\(String(decoding: path, as: UTF8.self))' cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { closedir(folder) }
        var names: [[UInt8]] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
        }
        return names
    }

    /// The bytes of the regular file at `path`, at most `limit + 1` of them (a file that grew
    /// since it was listed is caught by the size check on what was read).
    private static func contents(of path: [UInt8], shown: String, limit: Int) throws -> Data {
        let descriptor = withCString(path) { open($0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard descriptor >= 0 else { throw SubmissionError(message: "'\(shown)' cannot be read: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let data: Data
        do {
            data = try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).read(upToCount: limit + 1) ?? Data()
        } catch {
            throw SubmissionError(message: "'\(shown)' cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= limit else { throw SubmissionLimits.fileTooLarge(shown, limit: limit) }
        return data
    }

    private static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        (bytes + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
    }
}
