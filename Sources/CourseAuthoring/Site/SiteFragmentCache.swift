import CourseToolchain
import Foundation

/// Pieces of the site kept between builds by what they are made from (a lesson page's body, a
/// lesson's search entries), so a build renders again only what changed: an edit to one lesson
/// re-renders that lesson, and an unchanged course highlights no Swift at all.
///
/// A piece is a file named by two independent hashes of its key, and every key holds this tool's
/// identity (a rebuilt tool starts afresh). Pieces are written under a temporary name and renamed,
/// so a build that stops half-way leaves no half piece behind. `prune()` removes the pieces the
/// last build did not use, so the folder holds one course's worth, not every edit's.
package final class SiteFragmentCache: @unchecked Sendable {
    let directory: URL
    private let lock = NSLock()
    private var used: Set<String> = []

    /// A cache in `directory` (made when the first piece is stored).
    package init(directory: URL) { self.directory = directory }

    /// The piece of `kind` for `key`: the kept one, or `make()`'s, which is kept for next time.
    /// Safe to call from several threads at once.
    func text(kind: String, key: String, make: () throws -> String) rethrows -> String {
        let full = key + "\u{0}" + ToolIdentity.current
        let name = "\(kind)-\(BuildCache.hash(full))-\(BuildCache.hash("\u{1}" + full))"
        lock.withLock { _ = used.insert(name) }
        let file = directory.appendingPathComponent(name)
        if let data = FileManager.default.contents(atPath: file.path) { return String(decoding: data, as: UTF8.self) }
        let text = try make()
        store(Data(text.utf8), as: file)
        return text
    }

    /// Removes every piece that no call since this cache was made asked for.
    package func prune() {
        let kept = lock.withLock { used }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where !kept.contains(name) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    /// A cache that cannot be written is only slower: the piece was made and is used all the same.
    private func store(_ data: Data, as file: URL) {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let partial = directory.appendingPathComponent(".partial-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: partial.path, contents: data) else { return }
        if rename(partial.path, file.path) != 0 { try? FileManager.default.removeItem(at: partial) }
    }
}
