import Foundation

/// Generated files by relative path, written or compared as a whole.
public struct FileTree: Sendable, Equatable {
    public var files: [String: String] = [:]

    public init(_ files: [String: String] = [:]) { self.files = files }

    public subscript(path: String) -> String? {
        get { files[path] }
        set { files[path] = newValue }
    }

    /// Writes every file below `folder`, and removes files the tree no longer has, except hidden
    /// ones (`.git`, `.github`, editor settings) that a person put there.
    public func write(to folder: URL, removingStale: Bool = true, keeping kept: [String] = []) throws {
        let fm = FileManager.default
        if removingStale {
            for stale in Set(Self.listFiles(in: folder)).subtracting(files.keys)
            where !Self.isHidden(stale) && !kept.contains(where: { stale.hasPrefix($0) }) {
                try fm.removeItem(at: folder.appendingPathComponent(stale))
            }
        }
        for (path, content) in files {
            let url = folder.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Unchanged files are not rewritten, so SwiftPM does not rebuild them. Bytes are
            // compared, not Strings (which call canonically equivalent texts equal).
            let bytes = Data(content.utf8)
            if (try? Data(contentsOf: url)) == bytes { continue }
            try bytes.write(to: url, options: .atomic)
        }
    }

    /// Whether any component of `path` starts with a dot.
    static func isHidden(_ path: String) -> Bool { path.split(separator: "/").contains { $0.hasPrefix(".") } }

    /// Paths that differ between this tree and `folder`: missing, changed, or extra there.
    public func differences(from folder: URL) -> [String] {
        let onDisk = Set(Self.listFiles(in: folder))
        var changed: [String] = []
        for (path, content) in files {
            let existing = try? Data(contentsOf: folder.appendingPathComponent(path))
            if existing == nil { changed.append("missing: \(path)") } else if existing != Data(content.utf8) { changed.append("changed: \(path)") }
        }
        for extra in onDisk.subtracting(files.keys) where !Self.isHidden(extra) { changed.append("extra: \(extra)") }
        return changed.sorted { $0.split(separator: " ").last! < $1.split(separator: " ").last! }
    }

    /// Files below `folder`, relative, leaving out build products and editor state.
    package static func listFiles(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var result: [String] = []
        let base = folder.standardizedFileURL.path
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            if name.hasPrefix(".build") || name == ".swiftpm" || name == "Package.resolved" || name == ".DS_Store" {
                enumerator.skipDescendants()
                continue
            }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            var path = url.standardizedFileURL.path
            if path.hasPrefix(base + "/") { path.removeFirst(base.count + 1) }
            result.append(path)
        }
        return result
    }
}

extension FileTree {
    /// The `.swift` files directly in `folder`, by name (the support library's sources, a grader
    /// bundle's `engine/`, the hand-in rules); throws when the folder cannot be read.
    package static func swiftFiles(in folder: URL) throws -> [String: String] {
        var sources: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            sources[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return sources
    }
}
