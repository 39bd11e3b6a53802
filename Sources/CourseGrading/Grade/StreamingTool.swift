import CourseToolchain
import Foundation

/// Runs a tool and hands its standard output to a consumer as it arrives, so the caller can stop
/// reading (and the tool is killed) at a limit. `ProcessRunner`'s output limit is no such bound:
/// it drops what is over the limit but lets the tool run, and work, to its end.
enum StreamingTool {
    /// How a run ended.
    struct Outcome {
        var status: Int32
        var timedOut: Bool
        /// The start of what the tool wrote to standard error.
        var errors: String
    }

    /// Runs `executable`, calling `consume` with each chunk of its standard output until it
    /// returns false or throws; then the tool is killed (a throw is rethrown after it is gone).
    static func run(
        _ executable: String, _ arguments: [String], timeout: TimeInterval,
        consume: (Data) throws -> Bool
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // The C locale keeps listings in the format the parser reads (UTF-8, so tar lists non-ASCII
        // names as they are); tar finds gzip on PATH.
        process.environment = ["LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        let watch = Watch()
        process.terminationHandler = { _ in
            watch.exited(); finished.signal()
        }

        let errorText = OutputBuffer(limit: 4096)
        let errorsDone = DispatchSemaphore(value: 0)
        try process.run()
        watch.started(process.processIdentifier)
        let errorsFD = errors.fileHandleForReading.fileDescriptor
        DispatchQueue.global().async {
            drain(errorsFD) {
                errorText.append($0); return true
            }
            errorsDone.signal()
        }
        let timer = DispatchWorkItem { watch.stop(timedOut: true) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)

        var failure: Error?
        drain(output.fileHandleForReading.fileDescriptor) { chunk in
            do {
                if try consume(chunk) { return true }
            } catch { failure = error }
            watch.stop(timedOut: false)
            return false
        }
        finished.wait()
        timer.cancel()
        // A grandchild (tar's gzip) may hold standard error a moment longer; do not wait for it long.
        _ = errorsDone.wait(timeout: .now() + 1)
        if let failure { throw failure }
        return Outcome(status: process.terminationStatus, timedOut: watch.timedOut, errors: errorText.text)
    }

    /// Reads `fd` in chunks until end of file or until `handle` returns false.
    private static func drain(_ fd: Int32, _ handle: (Data) -> Bool) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            guard handle(Data(buffer[0..<count])) else { return }
        }
    }

    /// Kills the tool at most while it runs (never a reaped pid that may be reused) and
    /// remembers whether its time ran out.
    private final class Watch: @unchecked Sendable {
        private let lock = NSLock()
        private var pid: pid_t = 0
        private var hasExited = false
        private var killedForTime = false

        func started(_ pid: pid_t) { lock.withLock { self.pid = pid } }
        func exited() { lock.withLock { hasExited = true } }
        var timedOut: Bool { lock.withLock { killedForTime } }

        /// Sends SIGKILL unless the tool is gone (or has no pid yet: `kill(0)` would hit our own group).
        func stop(timedOut: Bool) {
            lock.withLock {
                guard pid > 0, !hasExited else { return }
                if timedOut { killedForTime = true }
                kill(pid, SIGKILL)
            }
        }
    }
}
