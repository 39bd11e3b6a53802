import CourseToolchain
import Foundation

/// Files whose source admission passed before, by their exact content: a resubmission that left a
/// lesson alone, or untouched stubs across a batch, do not start the admission child again.
///
/// Only passing verdicts are kept, and only for the same files (paths and bytes), the same
/// lesson options and the same admitting executable (path, size and time: new rules come with a
/// new binary), in an `ExactKeyStore`.
struct AdmittedSources {
    let folder: URL

    func key(_ files: [String: String], usesEngine: Bool, allows: [String], libraryNames: [String], supportModule: String? = nil) -> Data? {
        guard let executable = IsolatedSourceAdmission.executable,
            let attributes = try? FileManager.default.attributesOfItem(atPath: executable.path)
        else { return nil }
        var parts = [
            executable.path, "\(attributes[.size] ?? "")", "\(attributes[.modificationDate] ?? "")", "\(usesEngine)", allows.sorted().joined(separator: ","),
            libraryNames.sorted().joined(separator: ","), supportModule ?? ""
        ]
        for path in files.keys.sorted() { parts += [path, files[path]!] }
        return ExactKeyStore.key(parts)
    }

    private var store: ExactKeyStore { ExactKeyStore(folder: folder, prefix: "admitted") }

    func contains(_ key: Data) -> Bool { store.entry(for: key) != nil }

    /// Remembers `key` as admitted.
    func insert(_ key: Data) { store.store(key) { _ in } }
}
