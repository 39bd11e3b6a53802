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
        entry.kind == .file && entry.path.hasSuffix(".swift")
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
    func readFolder(_ root: URL) throws -> [String: String] {
        let keys: [URLResourceKey] = [.isSymbolicLinkKey, .isRegularFileKey, .isDirectoryKey, .fileSizeKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else { return [:] }
        let base = root.resolvingSymlinksInPath().path
        var files: [String: String] = [:]
        var entries = 0, total = 0
        for case let url as URL in walker {
            let values = try url.resourceValues(forKeys: Set(keys))
            var relative = url.resolvingSymlinksInPath().path
            if values.isSymbolicLink == true { relative = url.path }
            if relative.hasPrefix(base + "/") { relative.removeFirst(base.count + 1) } else { relative = url.lastPathComponent }
            entries += 1
            guard entries <= maxEntries else { throw SubmissionError(message: "the submission holds more than \(maxEntries) files") }
            if values.isDirectory == true {
                if Self.skippedFolders.contains(url.lastPathComponent) { walker.skipDescendants() }
                continue
            }
            if values.isSymbolicLink == true {
                throw SubmissionLimits.symbolicLink(relative)
            }
            guard values.isRegularFile == true, url.pathExtension == "swift" else { continue }
            let size = values.fileSize ?? 0
            total += size
            guard size <= maxFileBytes else { throw SubmissionLimits.fileTooLarge(relative, limit: maxFileBytes) }
            guard total <= maxTotalBytes else { throw SubmissionLimits.totalTooLarge(limit: maxTotalBytes) }
            // Two names that differ only in Unicode normalisation (NFC, NFD) are one path here; which
            // one the walk met last would be graded.
            guard files[relative] == nil else {
                throw SubmissionError(message: "'\(relative)' appears twice (names that differ only in how their letters are encoded); keep one copy")
            }
            files[relative] = try text(try Data(contentsOf: url), path: relative)
        }
        return files
    }
}
