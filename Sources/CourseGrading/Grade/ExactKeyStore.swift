import CourseToolchain
import Foundation

/// A cache for what was made from a submission's content: an entry is found by the hash of its
/// key but used only when the key stored in it equals the asked key byte for byte, so a
/// submission crafted to collide with another's hash finds nothing of the other's. An entry is
/// made in a folder of its own and renamed into place, so a grader running beside this one never
/// reads half of one. (`BuildCache` is for trusted inputs, where the hash alone will do.)
struct ExactKeyStore {
    let folder: URL
    /// Names the entries: `PREFIX-HASH`.
    let prefix: String

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
        return (try? Data(contentsOf: entry.appendingPathComponent("key"))) == key ? entry : nil
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
    }

    private func location(of key: Data) -> URL {
        folder.appendingPathComponent("\(prefix)-\(BuildCache.hash(String(decoding: key, as: UTF8.self)))")
    }
}
