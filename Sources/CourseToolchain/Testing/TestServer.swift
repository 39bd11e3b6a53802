import Foundation

/// The grader's end of a test server: one sandbox in which the runner (started with `--serve`,
/// see `HarnessSource.testServer`) runs tests one after another, each in a fresh process forked
/// from it. Starting a Swift process with Foundation and XCTest costs about 12 ms and a fork
/// about 3 ms, which is most of what grading a lesson's tests costs.
///
/// Each test gets its own transcript and output files; the server kills whatever
/// the test left running and empties the scratch folders before it answers. When a test kills
/// or stops the server, that test scores nothing and the caller starts a new server.
final class TestServer {
    private let process: Process
    private let commands: FileHandle
    private let replies: ReplyReader
    private let finished = DispatchSemaphore(value: 0)
    private let staged: URL
    private let timeout: TimeInterval
    private var next = 0
    /// Whether the server can take another test.
    private(set) var usable = true

    /// Starts a server for `runner` (not yet staged); `nil` when it does not come up.
    init?(runner: URL, sandbox: Sandbox, timeout: TimeInterval) {
        guard let staged = try? sandbox.stage(runner) else { return nil }
        // A server a test has killed must cost a failed write, not the grader (SIGPIPE).
        signal(SIGPIPE, SIG_IGN)
        self.staged = staged.folder
        self.timeout = timeout
        // No results folder: what a test prints and records comes back through the server's pipe,
        // so nothing in the sandbox can write to the grader's disk.
        let command = sandbox.wrap(
            [staged.executable.path, "--serve", String(Int(timeout.rounded(.up)))],
            runner: staged.executable, results: nil,
            // Binding every symbol once here spares each forked test the lazy lookups.
            environment: TestRunner.lessonCodeEnvironment.merging(["LD_BIND_NOW": "1"]) { $1 })
        process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = [:]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        commands = input.fileHandleForWriting
        replies = ReplyReader(descriptor: output.fileHandleForReading.fileDescriptor)
        let finished = finished
        process.terminationHandler = { _ in finished.signal() }
        do { try process.run() } catch {
            try? FileManager.default.removeItem(at: staged.folder)
            return nil
        }
        guard replies.line(within: 10) == "ready" else {
            stop()
            return nil
        }
    }

    /// Runs `test` (as XCTest names it, `Module.Class/testName`); `nil` when the server died or
    /// hung instead of answering (the test then gets no verdict).
    func run(_ test: String) -> (outcome: ProcessRunner.Outcome, transcript: String)? {
        guard usable else { return nil }
        let index = next
        next += 1
        do { try commands.write(contentsOf: Data("run \(index) \(test)\n".utf8)) } catch { usable = false; return nil }
        // The server enforces the test's time limit itself; the margin covers its clean-up.
        guard let reply = replies.line(within: timeout + 5) else { usable = false; return nil }
        let fields = reply.split(separator: " ").map(String.init)
        // `done INDEX STATUS SIGNAL TIMEDOUT CLEAN OUTPUT-BYTES TRANSCRIPT-BYTES`, then those bytes.
        guard fields.count == 8, fields[0] == "done", fields[1] == String(index),
            let status = Int32(fields[2]), let signal = Int32(fields[3]),
            let printedCount = Int(fields[6]), (0...(80 << 10)).contains(printedCount),
            let recordedCount = Int(fields[7]), (0...ResultFile.transcriptLimit).contains(recordedCount),
            let printed = replies.bytes(printedCount, within: 10), let recorded = replies.bytes(recordedCount, within: 30)
        else { usable = false; return nil }
        // A server that could not clean up after the test has exited.
        if fields[5] != "1" { usable = false }
        let outcome = ProcessRunner.Outcome(
            status: status, signal: signal == 0 ? nil : signal, timedOut: fields[4] == "1",
            output: String(decoding: printed, as: UTF8.self))
        return (outcome, String(decoding: recorded, as: UTF8.self))
    }

    /// Stops the server and removes its files.
    func stop() {
        usable = false
        try? commands.close()
        if finished.wait(timeout: .now() + 1) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        try? FileManager.default.removeItem(at: staged)
    }
}
