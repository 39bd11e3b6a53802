import Foundation

/// One run of a test or benchmark runner that reports through a result file tagged with a fresh
/// token (never through what it prints), inside the sandbox when there is one.
struct ResultChannel {
    var outcome: ProcessRunner.Outcome
    /// The token that authentic result lines carry.
    var token: String
    /// The result file's lines, read without trusting what the process left there.
    var lines: [Substring]

    /// Runs `executable` (staged for the sandbox already, when there is one) with `arguments`.
    static func run(_ executable: URL, _ arguments: [String], sandbox: Sandbox?, timeout: TimeInterval) throws -> ResultChannel {
        let folder = try Sandbox.makeReachableFolder("course-result")
        let file = folder.appendingPathComponent("results.jsonl")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = UUID().uuidString + UUID().uuidString
        var command = [executable.path] + arguments
        var environment = ["COURSE_RESULT_PATH": file.path, "COURSE_RESULT_TOKEN": token, "SWIFT_BACKTRACE": "enable=no"]
        if let sandbox {
            sandbox.prepareResults(folder)
            chmod(file.path, 0o666)
            environment["COURSE_RESULT_PATH"] = Sandbox.resultsMount + "/results.jsonl"
            command = sandbox.wrap(command, runner: executable, results: folder, environment: environment)
            environment = [:]
        }
        let outcome = try ProcessRunner.run(
            command[0], Array(command.dropFirst()), environment: environment,
            timeout: timeout, outputLimit: 64 * 1024)
        let lines = (ResultFile.contents(file.path) ?? "").split(separator: "\n")
        return ResultChannel(outcome: outcome, token: token, lines: lines)
    }

    /// The authentic records: JSON objects carrying this run's token.
    var records: [[String: Any]] {
        lines.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["token"] as? String == token
            else { return nil }
            return object
        }
    }
}
