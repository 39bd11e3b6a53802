import CourseToolchain
import Foundation

/// The grader's end of one bench runner (see `BenchmarkSupportSource.runnerMain`): one side,
/// student or reference, of one benchmark, in a sandbox of its own. The grader sends each
/// repetition's seed, waits until the set-up is done, and times the window from its `go` to the
/// last byte of the output itself, so nothing the process says about time counts.
final class BenchmarkSession {
    /// One timed repetition.
    struct Repetition {
        var nanoseconds: UInt64
        var output: [UInt8]
    }

    private let process: Process
    private let commands: FileHandle
    private let replies: ReplyReader
    private let finished = DispatchSemaphore(value: 0)
    private let staged: URL?
    private var errors: PipeDrain?
    private let timeout: TimeInterval
    /// Seconds the process was given work (start-up, set-up, timed part), for the CPU check.
    private(set) var busySeconds = 0.0
    private(set) var failure: String?

    /// Starts `runner` for benchmark `id`; `nil` (with `problem` set) when it does not come up.
    init(runner: URL, benchmark id: String, sandbox: Sandbox?, timeout: TimeInterval) throws {
        self.timeout = timeout
        var executable = runner
        if let sandbox {
            let copy = try sandbox.stage(runner)
            (executable, staged) = (copy.executable, copy.folder)
        } else {
            staged = nil
        }
        signal(SIGPIPE, SIG_IGN)
        var command = [executable.path, id]
        let environment = TestRunner.lessonCodeEnvironment
        if let sandbox { command = sandbox.wrap(command, runner: executable, results: nil, environment: environment) }
        process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = sandbox == nil ? environment : [:]
        let input = Pipe(), output = Pipe(), errorPipe = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errorPipe
        commands = input.fileHandleForWriting
        replies = ReplyReader(descriptor: output.fileHandleForReading.fileDescriptor)
        let finished = finished
        process.terminationHandler = { _ in finished.signal() }
        let started = DispatchTime.now().uptimeNanoseconds
        try process.run()
        errors = PipeDrain(errorPipe.fileHandleForReading, limit: 16 << 10)
        let hello = replies.line(within: 30)
        busySeconds += Self.seconds(since: started)
        if hello != "hello" { failure = "the benchmark runner did not start" + (hello.map { ": \(SafeText.visible($0))" } ?? "") }
    }

    /// Runs one repetition with `seed`; `nil` (with `failure` set) when the runner fails.
    func run(seed: UInt64) -> Repetition? {
        guard failure == nil else { return nil }
        let given = DispatchTime.now().uptimeNanoseconds
        defer { busySeconds += Self.seconds(since: given) }
        guard send("run \(seed)"), expect("ready", within: timeout) else { return nil }
        let start = DispatchTime.now().uptimeNanoseconds
        guard send("go") else { return nil }
        guard let header = replies.line(within: timeout) else { noReply(within: timeout); return nil }
        let fields = header.split(separator: " ")
        guard fields.count == 2, fields[0] == "output", let size = Int(fields[1]), (0...(256 << 20)).contains(size),
            let output = replies.bytes(size, within: timeout)
        else { fail("the benchmark runner answered out of turn"); return nil }
        let nanoseconds = DispatchTime.now().uptimeNanoseconds - start
        guard expect("end", within: timeout) else { return nil }
        return Repetition(nanoseconds: nanoseconds, output: output)
    }

    /// `body` run with this runner's processes stopped, every thread of them: nothing the
    /// submission started competes for the CPU while the other side is timed. (A runner cannot
    /// start a process, `SyscallFilter.noNewProcessesProgram`, so those stopped are all there are.)
    func paused<T>(_ body: () -> T) -> T {
        let stopped = ProcessTree.processes(under: process.processIdentifier)
        for pid in stopped { kill(pid, SIGSTOP) }
        defer { for pid in stopped { kill(pid, SIGCONT) } }
        // A signal lands when its thread next runs; wait for it (a few milliseconds at most).
        let deadline = DispatchTime.now().uptimeNanoseconds + 500_000_000
        while !stopped.allSatisfy(ProcessTree.isStopped) && DispatchTime.now().uptimeNanoseconds < deadline { usleep(200) }
        return body()
    }

    /// CPU seconds the runner and everything it started have used, from the kernel's accounting.
    var cpuSeconds: Double { ProcessTree.cpuSeconds(of: process.processIdentifier) }

    /// Stops the runner and removes its files.
    func stop() {
        try? commands.close()
        if finished.wait(timeout: .now() + 1) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        if let staged { try? FileManager.default.removeItem(at: staged) }
    }

    private func send(_ line: String) -> Bool {
        do { try commands.write(contentsOf: Data((line + "\n").utf8)) } catch { return fail("the benchmark runner stopped") }
        return true
    }

    private func expect(_ word: String, within seconds: TimeInterval) -> Bool {
        guard let line = replies.line(within: seconds) else { return noReply(within: seconds) }
        return line == word || fail("the benchmark runner answered out of turn")
    }

    /// Why no reply came: a runner still running ran out of time; one that ended stopped (a crash
    /// in a few milliseconds is no timeout). Its end is awaited a moment: the reply pipe closes
    /// as it dies, a little before the process counts as ended.
    @discardableResult
    private func noReply(within seconds: TimeInterval) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + 1_000_000_000
        while process.isRunning && DispatchTime.now().uptimeNanoseconds < deadline { usleep(1000) }
        return fail(process.isRunning ? "the benchmark did not finish within \(Int(seconds)) s" : "the benchmark runner stopped")
    }

    /// Records why the runner failed, with what it wrote to stderr (a crash's message); `false`.
    @discardableResult
    private func fail(_ reason: String) -> Bool {
        // A crashed runner's last words are all read once its stderr ends.
        if !process.isRunning { errors?.waitForEnd(within: 1) }
        let lines = TestRunner.crashLines(errors?.buffer.text ?? "")
        failure = ResultFile.cap([reason] + lines).joined(separator: "\n")
        return false
    }

    private static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
