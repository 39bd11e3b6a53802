import Foundation

/// Runs a child process with a wall-clock limit and captures what it prints.
public enum ProcessRunner {
    /// The outcome of one run.
    public struct Outcome: Sendable {
        public var status: Int32
        /// Set when the process died from a signal (a crash such as `fatalError`, or a kill).
        public var signal: Int32?
        public var timedOut: Bool
        public var output: String
    }

    /// Runs `executable` with `arguments`; stdout and stderr are merged and kept up to `outputLimit` bytes.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String] = [:], timeout: TimeInterval = 600,
        outputLimit: Int = 1 << 20
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice

        // A termination handler, not `waitUntilExit()`: on Linux that polls its run loop every
        // 50 ms, which was most of the time of a short test process.
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let drain = PipeDrain(pipe.fileHandleForReading, limit: outputLimit)
        let deadline = DispatchTime.now() + timeout
        var timedOut = false
        if finished.wait(timeout: deadline) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        // A process the child left running may hold the pipe open: its output is not waited for.
        drain.waitForEnd(within: timedOut ? 1 : 5)
        let signaled = process.terminationReason == .uncaughtSignal
        return Outcome(
            status: process.terminationStatus, signal: signaled ? process.terminationStatus : nil,
            timedOut: timedOut, output: drain.buffer.text)
    }

    /// Finds a program on `PATH`.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Thread-safe capped byte buffer for a child's output.
package final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let limit: Int
    private var dropped = 0

    package init(limit: Int) { self.limit = limit }

    package func append(_ chunk: Data) {
        lock.lock(); defer { lock.unlock() }
        let room = max(0, limit - data.count)
        data.append(chunk.prefix(room))
        dropped += max(0, chunk.count - room)
    }

    package var text: String {
        lock.lock(); defer { lock.unlock() }
        let body = String(decoding: data, as: UTF8.self)
        return dropped > 0 ? body + "\n[… \(dropped) \(Self.droppedMarker)]\n" : body
    }

    /// How `text` ends when output was dropped (after the number of bytes).
    package static let droppedMarker = "more bytes of output not kept"
}
