import Foundation

extension Sandbox {
    /// Starts one sandbox exactly as a test gets it (same user, namespaces, mounts and limits) and
    /// runs `true` in it. Throws a `GradingFault` when that fails: without it every test would
    /// "fail" and the submission would score a zero it did not earn.
    public func probe() throws {
        guard let program = ["/usr/bin/true", "/bin/true"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw GradingFault(reason: "bubblewrap could not be checked: no 'true' program in /usr/bin or /bin")
        }
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("course-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: results) }
        prepareResults(results)
        let command = wrap([program], runner: URL(fileURLWithPath: program), results: results, environment: [:])
        let outcome: ProcessRunner.Outcome
        do {
            outcome = try ProcessRunner.run(command[0], Array(command.dropFirst()), timeout: 30, outputLimit: 16 << 10)
        } catch {
            throw GradingFault(reason: "bubblewrap could not start a sandbox: \(command[0]) did not run (\(error.localizedDescription))")
        }
        guard outcome.status != 0 || outcome.signal != nil || outcome.timedOut else { return }
        let said = outcome.output.split(separator: "\n").suffix(3).joined(separator: " / ")
        let how = outcome.timedOut ? "it did not finish in 30 s" : outcome.signal.map { "it was killed by signal \($0)" } ?? "exit status \(outcome.status)"
        throw GradingFault(reason: "bubblewrap could not start a sandbox (\(bwrap): \(how)\(said.isEmpty ? "" : ": " + said)); "
                           + "grading needs unprivileged user namespaces (or root); use --no-sandbox only for trusted code")
    }
}
