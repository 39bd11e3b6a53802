import Foundation

extension Sandbox {
    /// Starts one sandbox exactly as a test gets it (same user, namespaces, mounts and limits) and
    /// runs `true` in it. Throws a `GradingFault` when that fails: without it every test would
    /// "fail" and the submission would score a zero it did not earn.
    public func probe() throws {
        guard let program = ["/usr/bin/true", "/bin/true"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw GradingFault(reason: "bubblewrap could not be checked: no 'true' program in /usr/bin or /bin")
        }
        let folder = try Self.makeReachableFolder("course-probe")
        let results = folder.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        prepareResults(results)
        let command = wrap([program], runner: URL(fileURLWithPath: program), results: results, environment: [:])

        // What bwrap says goes to a file, not a pipe: it is the reason, and a pipe read races the exit.
        let log = folder.appendingPathComponent("bwrap.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw GradingFault(reason: "bubblewrap could not be checked: cannot create \(log.path)")
        }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw GradingFault(reason: "bubblewrap could not start a sandbox: \(command[0]) did not run (\(error.localizedDescription))")
        }
        var how: String?
        if finished.wait(timeout: .now() + 30) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
            how = "it did not finish in 30 s"
        } else if process.terminationReason == .uncaughtSignal {
            how = "it was killed by signal \(process.terminationStatus)"
        } else if process.terminationStatus != 0 {
            how = "exit status \(process.terminationStatus)"
        }
        guard let how else { return }
        let said = String(decoding: (try? Data(contentsOf: log).prefix(16 << 10)) ?? Data(), as: UTF8.self)
            .split(separator: "\n").suffix(3).joined(separator: " / ")
        // An option this bubblewrap does not know (`--size` came in 0.8): not a namespace problem.
        let need =
            said.contains("Unknown option") || said.contains("unrecognized option")
            ? "grading needs bubblewrap 0.8 or later (for `--size`); install a newer one"
            : "grading needs unprivileged user namespaces (or root)"
        throw GradingFault(
            reason: "bubblewrap could not start a sandbox (\(bwrap): \(how)\(said.isEmpty ? "" : ": " + said)); "
                + need + "; use --no-sandbox only for trusted code")
    }
}
