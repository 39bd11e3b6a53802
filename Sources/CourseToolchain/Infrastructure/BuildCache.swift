import Foundation

/// Folders of build products that do not depend on the submission (the support library, a
/// lesson's reference side, a lesson's figures), kept by the hash of what they are made from.
package enum BuildCache {
    /// The folder `name` under `directory`, built by `build` when it is not there yet.
    ///
    /// The build happens in a folder of its own and is renamed into place, so graders or builds
    /// running side by side never see half a cache; a `ready` file marks a complete one. A ready
    /// folder is never replaced: a grader beside this one may be reading it (two workers of a batch
    /// build the same lesson's artifacts at once; the one that finishes second uses the first's).
    package static func folder(_ name: String, in directory: URL, build: (URL) throws -> Void) throws -> (folder: URL, built: Bool) {
        let target = directory.appendingPathComponent(name)
        let ready = target.appendingPathComponent("ready")
        if FileManager.default.fileExists(atPath: ready.path) { return (target, false) }
        let building = directory.appendingPathComponent(".building-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: building) }
        try FileManager.default.createDirectory(at: building, withIntermediateDirectories: true)
        try build(building)
        _ = FileManager.default.createFile(atPath: building.appendingPathComponent("ready").path, contents: nil)
        // rename(2) does not replace a directory that holds files: this fails when another build
        // of the same content got there first, and then that one is used.
        if rename(building.path, target.path) == 0 { return (target, true) }
        if FileManager.default.fileExists(atPath: ready.path) { return (target, false) }
        // A leftover without `ready` (an interrupted older layout) is moved aside in one step, not
        // removed in place, and only while it is still not ready.
        let stale = directory.appendingPathComponent(".stale-\(UUID().uuidString)")
        if !FileManager.default.fileExists(atPath: ready.path), rename(target.path, stale.path) == 0 {
            try? FileManager.default.removeItem(at: stale)
        }
        if rename(building.path, target.path) == 0 || FileManager.default.fileExists(atPath: ready.path) { return (target, true) }
        throw CourseError.toolFailed("could not store a build in \(target.path)")
    }

    /// 64-bit FNV-1a of `text`: a cache key, not a security measure.
    package static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
