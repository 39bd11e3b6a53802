import Foundation

extension ProcessRunner {
    /// Runs like `run`, with `TMPDIR` set to a folder of the run's own, removed when it ends.
    /// The Swift driver leaves a `TemporaryDirectory.*` folder behind in `TMPDIR` for some jobs
    /// (`swiftc -c`, `swiftc -###`): about five per graded submission, thousands a day on a
    /// grading machine's system temporary folder.
    public static func runWithOwnTemporaryFolder(
        _ executable: String, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String] = [:], timeout: TimeInterval = 600
    ) throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("course-tmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = environment
        environment["TMPDIR"] = folder.path
        return try run(executable, arguments, in: directory, environment: environment, timeout: timeout)
    }
}
