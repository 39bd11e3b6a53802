import Foundation

extension Sandbox {
    /// Starts `true` in a sandbox like a test's; `nil` when that works, else what went wrong
    /// (bubblewrap's own message). Asked when every test of a lesson failed to start, so that a
    /// sandbox that cannot run is reported as a grader fault instead of scoring zero.
    func probe() -> String? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("course-probe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let program = ProcessRunner.which("true"),
              (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else {
            return "cannot prepare the probe"
        }
        prepareResults(folder)
        let command = wrap([program], runner: URL(fileURLWithPath: program), results: folder, environment: [:])
        guard let outcome = try? ProcessRunner.run(command[0], Array(command.dropFirst()), timeout: 30, outputLimit: 8 << 10) else {
            return "\(bwrap) could not be started"
        }
        if outcome.status == 0 && outcome.signal == nil && !outcome.timedOut { return nil }
        let said = outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return said.isEmpty ? "\(bwrap) exited with status \(outcome.status)" : said
    }
}
