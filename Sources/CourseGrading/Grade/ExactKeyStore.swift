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
            (try? fill(building)) != nil
        else { return }
        rename(building.path, entry.path)
        removeLeastRecentlyUsed()
    }

    /// Once the folder holds more than `capacity` entries, removes those used longest ago (none
    /// used in the last `recentlyUsed` seconds) down to nine tenths of it. An entry is renamed
    /// away before it is deleted, so a lookup finds it whole or not at all; one whose copy fails
    /// midway is compiled again, as on a miss.
    func removeLeastRecentlyUsed(now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path), names.count > capacity else { return }
        let unused = names.filter { !$0.hasPrefix(".") }.compactMap { name -> (url: URL, used: Date)? in
            let url = folder.appendingPathComponent(name)
            guard let used = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
                now.timeIntervalSince(used) > Self.recentlyUsed
            else { return nil }
            return (url, used)
        }
        for stale in unused.sorted(by: { $0.used < $1.used }).prefix(names.count - capacity * 9 / 10) {
            let doomed = folder.appendingPathComponent(".removing-\(UUID().uuidString)")
            if rename(stale.url.path, doomed.path) == 0 { try? FileManager.default.removeItem(at: doomed) }
        }
    }

    private func location(of key: Data) -> URL {
        folder.appendingPathComponent("\(prefix)-\(BuildCache.hash(String(decoding: key, as: UTF8.self)))")
    }
}
