import CourseToolchain
import Foundation

/// Files whose source admission passed before, by their exact content: a resubmission that left a
/// lesson alone, or untouched stubs across a batch, do not start the admission child again.
///
/// Only passing verdicts are kept, and only for the same files (paths and bytes), the same
/// lesson options and the same admitting executable (path, size and time: new rules come with a
/// new binary). An entry holds its whole key, compared byte for byte; the file name's hash only
/// finds it, as in `StudentModule`'s cache.
struct AdmittedSources {
    let folder: URL

    func key(_ files: [String: String], usesEngine: Bool, allowsThreads: Bool) -> Data? {
        guard let executable = IsolatedSourceAdmission.executable,
            let attributes = try? FileManager.default.attributesOfItem(atPath: executable.path)
        else { return nil }
        var parts = [executable.path, "\(attributes[.size] ?? "")", "\(attributes[.modificationDate] ?? "")", "\(usesEngine)", "\(allowsThreads)"]
        for path in files.keys.sorted() { parts += [path, files[path]!] }
        return Data(parts.joined(separator: "\u{0}").utf8)
    }

    private func entry(_ key: Data) -> URL {
        folder.appendingPathComponent("admitted-\(BuildCache.hash(String(decoding: key, as: UTF8.self)))")
    }

    func contains(_ key: Data) -> Bool {
        (try? Data(contentsOf: entry(key))) == key
    }

    /// Remembers `key` as admitted (written aside and renamed, so a reader never sees half).
    func insert(_ key: Data) {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let building = folder.appendingPathComponent(".building-\(UUID().uuidString)")
        if (try? key.write(to: building)) != nil { rename(building.path, entry(key).path) }
        try? FileManager.default.removeItem(at: building)
    }
}
