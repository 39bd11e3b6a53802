import Foundation

extension Sandbox {
    /// A new folder, named `prefix-UUID`, that the sandbox user can reach: tests run as `nobody`
    /// when the grader is root, and `nobody` cannot enter a folder below a private `TMPDIR`
    /// (mode 0700, as `mktemp -d` makes one), where bubblewrap would fail to mount it with only
    /// "Permission denied" to say why. The caller removes it.
    public static func makeReachableFolder(_ prefix: String) throws -> URL {
        let folder = reachableTemporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The system's temporary folder when everyone may enter it, else `/tmp` when everyone may
    /// enter that, else the system's (the sandbox probe then says what failed). Found once.
    static let reachableTemporaryDirectory: URL =
        firstReachable(
            [FileManager.default.temporaryDirectory, URL(fileURLWithPath: "/tmp")]) ?? FileManager.default.temporaryDirectory

    /// The first of `candidates` that every user may enter: it and every folder above it have the
    /// search bit for others.
    static func firstReachable(_ candidates: [URL]) -> URL? {
        candidates.first { candidate in
            var path = candidate.resolvingSymlinksInPath().standardizedFileURL.path
            while true {
                var status = stat()
                guard stat(path, &status) == 0, status.st_mode & S_IXOTH != 0 else { return false }
                if path == "/" || path.isEmpty { return true }
                path = (path as NSString).deletingLastPathComponent
            }
        }
    }
}
