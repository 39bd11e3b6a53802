import Foundation

/// A student's hand-in: the text of every Swift file, by its path inside the submission.
public struct Submission: Sendable {
    public var name: String
    public var files: [String: String]
}

/// Why a submission could not be read (the grader reports it and grades nothing).
public struct SubmissionError: Error, LocalizedError, Equatable {
    public var message: String
    public var errorDescription: String? { message }
}

/// Reads a folder, `.zip` or `.tar.gz` submission safely: no symlinks, no `..` or absolute paths
/// in archives, a bounded number and size of files, UTF-8 Swift sources only.
public struct SubmissionReader {
    public var maxEntries = 2000
    public var maxFileBytes = 1 << 20
    public var maxTotalBytes = 32 << 20
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

    public func read(_ url: URL) throws -> Submission {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw SubmissionError(message: "no submission at \(url.path)")
        }
        let name = Self.name(of: url)
        if isFolder.boolValue { return Submission(name: name, files: try readFolder(url)) }
        let lower = url.lastPathComponent.lowercased()
        guard lower.hasSuffix(".zip") || lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz") else {
            throw SubmissionError(message: "\(url.lastPathComponent): a submission is a folder, a .zip or a .tar.gz")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= maxTotalBytes else { throw SubmissionError(message: "\(url.lastPathComponent) is larger than \(maxTotalBytes >> 20) MB") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("course-submission-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        if lower.hasSuffix(".zip") {
            let names = try tool("zipinfo", ["-1", url.path]).split(separator: "\n").map(String.init)
            // Long listing: a mode string per entry; 'l' first marks a symbolic link.
            let links = try tool("zipinfo", ["-l", url.path]).split(separator: "\n").filter { $0.first == "l" }.count
            try checkEntries(names: names, links: links, archive: url)
            _ = try tool("unzip", ["-qq", "-o", url.path, "-d", scratch.path])
        } else {
            let names = try tool("tar", ["-tzf", url.path]).split(separator: "\n").map(String.init)
            let links = try tool("tar", ["-tzvf", url.path]).split(separator: "\n").filter { $0.first == "l" || $0.first == "h" }.count
            try checkEntries(names: names, links: links, archive: url)
            _ = try tool("tar", ["-xzf", url.path, "-C", scratch.path, "--no-same-owner", "--no-same-permissions"])
        }
        return Submission(name: name, files: try readFolder(scratch))
    }

    /// Rejects archives with links, absolute paths or `..`, or too many entries, before extracting.
    func checkEntries(names: [String], links: Int, archive: URL) throws {
        guard names.count <= maxEntries else {
            throw SubmissionError(message: "\(archive.lastPathComponent) holds \(names.count) entries; at most \(maxEntries) are accepted")
        }
        guard links == 0 else {
            throw SubmissionError(message: "\(archive.lastPathComponent) contains a link; links are not accepted in submissions")
        }
        for path in names where path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw SubmissionError(message: "\(archive.lastPathComponent): entry '\(path)' points outside the archive")
        }
    }

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
                throw SubmissionError(message: "'\(relative)' is a symbolic link; links are not accepted in submissions")
            }
            guard values.isRegularFile == true, url.pathExtension == "swift" else { continue }
            let size = values.fileSize ?? 0
            total += size
            guard size <= maxFileBytes else { throw SubmissionError(message: "'\(relative)' is larger than \(maxFileBytes >> 10) KB") }
            guard total <= maxTotalBytes else { throw SubmissionError(message: "the submission's Swift files exceed \(maxTotalBytes >> 20) MB") }
            let data = try Data(contentsOf: url)
            guard let text = String(data: data, encoding: .utf8) else {
                throw SubmissionError(message: "'\(relative)' is not UTF-8 text; save it as UTF-8 and hand it in again")
            }
            files[relative] = text
        }
        return files
    }

    private func tool(_ name: String, _ arguments: [String]) throws -> String {
        guard let path = ProcessRunner.which(name) else {
            throw SubmissionError(message: "\(name) is not installed; run scripts/bootstrap")
        }
        let outcome = try ProcessRunner.run(path, arguments, timeout: 120, outputLimit: 8 << 20)
        guard outcome.status == 0, !outcome.timedOut else {
            throw SubmissionError(message: "\(name) could not read the archive: \(outcome.output.split(separator: "\n").prefix(3).joined(separator: " "))")
        }
        return outcome.output
    }
}
