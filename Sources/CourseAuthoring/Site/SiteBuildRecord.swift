import CourseToolchain
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the last successful `course build` into a folder was made from and what it left there,
/// so a build of an unchanged course does no work, as `make` or ninja say "nothing to do".
///
/// The inputs are fingerprinted by content: every file under `lessons/` (pages, templates), the
/// support library and the hand-in rules (both in `exercises.zip`), the tool itself and the
/// edition; the compiler that draws the figures and the KaTeX files by size and time. The outputs
/// are every file in the site folder by size, modification time and inode: a page edited,
/// removed or added by hand, or a folder wiped, makes the next build a full one. A build forgets
/// the record before it writes anything and records only once everything is written and the leak
/// scan passed, so a failed or interrupted build is never taken for a finished one.
package struct SiteBuildRecord: Codable, Equatable {
    /// The fingerprint of everything the build reads.
    package var inputs: String
    /// Each file of the site folder (relative path) with its size, modification time and inode.
    var outputs: [String: String]

    /// Where the record of builds into `site` lives: beside the build's caches, not in the site.
    package static func file(buildFolder: URL, site: URL, instructorEdition: Bool) -> URL {
        buildFolder.appendingPathComponent("site-builds/\(instructorEdition ? "instructor" : "student")-\(BuildCache.hash(site.path)).json")
    }

    /// The record for a build of the course at `root` into `site` as the files are now.
    package static func current(root: URL, site: URL, instructorEdition: Bool) -> SiteBuildRecord {
        var inputs = InputFingerprint()
        inputs.add(ToolIdentity.current)
        inputs.add(instructorEdition ? "instructor" : "student")
        inputs.add(site.path)
        for folder in ["lessons", "Sources/\(EngineModule.name)", Course.handinFolder] {
            for (path, data) in files(in: root.appendingPathComponent(folder)) {
                inputs.add(folder + "/" + path)
                inputs.add(data)
            }
        }
        // The compiler that draws the figures: a toolchain replaced in place may draw them differently.
        inputs.add(FigureRenderer.compilerKey)
        inputs.add(ProcessRunner.which("swiftc").flatMap { stamp(URL(fileURLWithPath: $0).resolvingSymlinksInPath().path) } ?? "no swiftc")
        let katex = SiteAssets.katexFolder
        inputs.add(katex.path)
        for path in ["katex.min.css", "katex.min.js", "fonts"] {
            let resolved = katex.appendingPathComponent(path).resolvingSymlinksInPath()
            inputs.add(stamp(resolved.path) ?? "missing")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: resolved.path))?.sorted() ?? [] {
                inputs.add(name + "\u{0}" + (stamp(resolved.appendingPathComponent(name).path) ?? "missing"))
            }
        }
        return SiteBuildRecord(inputs: inputs.value, outputs: stamps(in: site))
    }

    /// An exclusive lock beside the record (`flock`), held by one build into that folder at a time.
    package struct Turn {
        let descriptor: Int32
        package func end() {
            _ = flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    /// Waits until no other build holds the turn for `file`'s folder, then holds it.
    package static func takeTurn(for file: URL) throws -> Turn {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(file.path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CourseError.toolFailed("could not open \(file.path).lock") }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        return Turn(descriptor: descriptor)
    }

    /// This record's inputs with the files `site` holds now: what a finished build records.
    package func withOutputs(of site: URL) -> SiteBuildRecord {
        SiteBuildRecord(inputs: inputs, outputs: Self.stamps(in: site))
    }

    /// The record kept for the last build into `site`, if there is one.
    package static func load(from file: URL) -> SiteBuildRecord? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return try? JSONDecoder().decode(SiteBuildRecord.self, from: data)
    }

    /// Keeps the record (written under a temporary name and renamed: never half a record).
    package func save(to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(self).write(to: file, options: .atomic)
    }

    /// Every regular file under `folder` (`FileTree.listFiles`) with its bytes, sorted by path.
    static func files(in folder: URL) -> [(String, Data)] {
        FileTree.listFiles(in: folder).sorted().compactMap { path in
            FileManager.default.contents(atPath: folder.appendingPathComponent(path).path).map { (path, $0) }
        }
    }

    /// Every regular file under `folder` (`FileTree.listFiles`) with its stamp.
    static func stamps(in folder: URL) -> [String: String] {
        var found: [String: String] = [:]
        for path in FileTree.listFiles(in: folder) {
            if let stamp = stamp(folder.appendingPathComponent(path).path, filesOnly: true) { found[path] = stamp }
        }
        return found
    }

    /// Size, modification time (nanoseconds) and inode of a file: what `make` and git's index trust.
    static func stamp(_ path: String, filesOnly: Bool = false) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        if filesOnly && (status.st_mode & S_IFMT) != S_IFREG { return nil }
        #if canImport(Darwin)
        let modified = status.st_mtimespec
        #else
        let modified = status.st_mtim
        #endif
        return "\(status.st_size):\(modified.tv_sec).\(modified.tv_nsec):\(status.st_ino)"
    }
}

/// Two 64-bit FNV-1a hashes (different starting values) over length-prefixed parts: a change
/// detector for the build's inputs, not a security measure.
private struct InputFingerprint {
    private var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private var second: UInt64 = 0x6c62_272e_07bb_0142

    var value: String { String(first, radix: 16) + "-" + String(second, radix: 16) }

    mutating func add(_ text: String) { add(Data(text.utf8)) }

    mutating func add(_ data: Data) {
        mix(UInt64(data.count))
        data.withUnsafeBytes { bytes in
            for byte in bytes {
                first = (first ^ UInt64(byte)) &* 0x0100_0000_01b3
                second = (second ^ UInt64(byte)) &* 0x0100_0000_01b3
            }
        }
    }

    private mutating func mix(_ count: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            first = (first ^ ((count >> UInt64(shift)) & 0xff)) &* 0x0100_0000_01b3
            second = (second ^ ((count >> UInt64(shift)) & 0xff)) &* 0x0100_0000_01b3
        }
    }
}
