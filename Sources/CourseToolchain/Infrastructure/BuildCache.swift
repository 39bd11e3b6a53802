import Foundation

/// Folders of build products that do not depend on the submission (the support library, a
/// lesson's reference side, a lesson's figures), kept by the hash of what they are made from.
package enum BuildCache {
    /// The folder `name` under `directory`, built by `build` when it is not there yet.
    ///
    /// The build happens in a folder of its own and is renamed into place, so graders or builds
    /// running side by side never see half a cache; a `ready` file marks a complete one.
    package static func folder(_ name: String, in directory: URL, build: (URL) throws -> Void) throws -> (folder: URL, built: Bool) {
        let target = directory.appendingPathComponent(name)
        let ready = target.appendingPathComponent("ready")
        if FileManager.default.fileExists(atPath: ready.path) { return (target, false) }
        let building = directory.appendingPathComponent(".building-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: building) }
        try FileManager.default.createDirectory(at: building, withIntermediateDirectories: true)
        try build(building)
        _ = FileManager.default.createFile(atPath: building.appendingPathComponent("ready").path, contents: nil)
        try? FileManager.default.removeItem(at: target)  // an incomplete leftover, never a ready one
        if rename(building.path, target.path) != 0 && !FileManager.default.fileExists(atPath: ready.path) {
            throw CourseError.toolFailed("could not store a build in \(target.path)")
        }
        return (target, true)
    }

    /// 64-bit FNV-1a of `text`: a cache key, not a security measure.
    package static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
