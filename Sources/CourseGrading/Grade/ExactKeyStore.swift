import CourseToolchain
import Foundation

/// A cache for what was made from a submission's content: an entry is found by the hash of its
/// key but used only when the key stored in it equals the asked key byte for byte, so a
/// submission crafted to collide with another's hash finds nothing of the other's. An entry is
/// made in a folder of its own and renamed into place, so a grader running beside this one never
/// reads half of one. (`BuildCache` is for trusted inputs, where the hash alone will do.)
///
/// The folder is bounded: past `capacity` entries (all prefixes together), the least recently
/// used ones go. Each entry is up to a few MB (an object, a linked runner), and a semester of
/// resubmissions makes tens of thousands; unbounded, the cache filled the grader's disk.
struct ExactKeyStore {
    let folder: URL
    /// Names the entries: `PREFIX-HASH`.
    let prefix: String
    /// The most entries the folder keeps: about 1 to 4 GB of objects and runners.
    var capacity = 3000
    /// The most bytes the entries may take together: a submission padded to compile into large
    /// objects makes large entries (8 MB each, against about 100 KB for a lesson's code), and the
    /// slips rule makes several per submission (red team, round 33), so a count alone does not
    /// bound the disk.
    var byteCapacity = 2 << 30

    /// Entries used more recently than this are never removed: a grading beside this one may be
    /// copying one out (a lookup marks an entry used).
    static let recentlyUsed: TimeInterval = 600

    init(folder: URL, prefix: String) {
        self.folder = folder
        self.prefix = prefix
    }

    /// A key made of `parts` that no other list of parts makes: each part is written after its
    /// length in bytes. Parts joined with a separator were ambiguous, since a file may hold the
    /// separator: a red team made one file of a primed submission read as two files of another,
    /// whose refused code then passed as "admitted before".
    static func key(_ parts: [String]) -> Data {
        var key = Data()
        for part in parts {
            key.append(contentsOf: "\(part.utf8.count):".utf8)
            key.append(contentsOf: part.utf8)
        }
        return key
    }

    /// The entry for `key`, when one holds exactly this key.
    func entry(for key: Data) -> URL? {
        let entry = location(of: key)
        guard (try? Data(contentsOf: entry.appendingPathComponent("key"))) == key else { return nil }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: entry.path)
        return entry
    }

    /// Makes the entry for `key` with `fill` (given the folder to write into), unless one exists.
    func store(_ key: Data, fill: (URL) throws -> Void) {
        let entry = location(of: key)
        guard !FileManager.default.fileExists(atPath: entry.path) else { return }
        let building = folder.appendingPathComponent(".building-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: building) }
        guard (try? FileManager.default.createDirectory(at: building, withIntermediateDirectories: true)) != nil,
            (try? key.write(to: building.appendingPathComponent("key"))) != nil,
            (try? fill(building)) != nil,
            (try? Data(String(Self.bytes(in: building)).utf8).write(to: building.appendingPathComponent("size"))) != nil
        else { return }
        rename(building.path, entry.path)
        removeLeastRecentlyUsed()
    }

    /// Once the folder holds more than `capacity` entries or `byteCapacity` bytes, removes those
    /// used longest ago (none used in the last `recentlyUsed` seconds) down to nine tenths of
    /// each. An entry is renamed away before it is deleted, so a lookup finds it whole or not at
    /// all; one whose copy fails midway is compiled again, as on a miss.
    func removeLeastRecentlyUsed(now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let entries = names.filter { !$0.hasPrefix(".") }.map { name -> (url: URL, used: Date?, size: Int) in
            let url = folder.appendingPathComponent(name)
            let used = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
            // An entry from before sizes were kept counts as a typical one.
            let size = (try? String(contentsOf: url.appendingPathComponent("size"), encoding: .utf8)).flatMap { Int($0) } ?? 100 << 10
            return (url, used, size)
        }
        var count = entries.count
        var bytes = entries.reduce(0) { $0 + $1.size }
        guard count > capacity || bytes > byteCapacity else { return }
        let unused = entries.filter { $0.used.map { now.timeIntervalSince($0) > Self.recentlyUsed } ?? false }
        for stale in unused.sorted(by: { $0.used! < $1.used! }) {
            guard count > capacity * 9 / 10 || bytes > byteCapacity / 10 * 9 else { break }
            let doomed = folder.appendingPathComponent(".removing-\(UUID().uuidString)")
            if rename(stale.url.path, doomed.path) == 0 { try? FileManager.default.removeItem(at: doomed) }
            count -= 1
            bytes -= stale.size
        }
    }

    /// The bytes of the regular files below `folder`.
    static func bytes(in folder: URL) -> Int {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        var total = 0
        while let file = files?.nextObject() as? URL {
            let values = try? file.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            if values?.isRegularFile == true { total += values?.fileSize ?? 0 }
        }
        return total
    }

    private func location(of key: Data) -> URL {
        folder.appendingPathComponent("\(prefix)-\(BuildCache.hash(String(decoding: key, as: UTF8.self)))")
    }
}
