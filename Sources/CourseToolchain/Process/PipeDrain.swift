import Foundation

/// Reads a child's pipe to its end on a thread of its own, into an `OutputBuffer`.
///
/// `FileHandle.readabilityHandler` delivers on a queue of its own: a chunk read just before the
/// child exits can be appended after the caller has taken the text, and be lost (a test once saw
/// `sqlite3`'s one-line answer vanish). Waiting for this reader's end of file cannot lose a byte.
package final class PipeDrain: @unchecked Sendable {
    package let buffer: OutputBuffer
    private let ended = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var finished = false

    /// Starts reading `handle` (the read end; the child holds the write end).
    package init(_ handle: FileHandle, limit: Int) {
        buffer = OutputBuffer(limit: limit)
        let buffer = buffer, ended = ended
        let thread = Thread {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
            }
            ended.signal()
        }
        thread.name = "pipe drain"
        thread.start()
    }

    /// Waits up to `seconds` for the end of file: everything the child wrote is then in `buffer`.
    /// `false` when something still holds the pipe open (a process the child left behind).
    @discardableResult
    package func waitForEnd(within seconds: TimeInterval) -> Bool {
        lock.lock(); defer { lock.unlock() }
        if finished { return true }
        finished = ended.wait(timeout: .now() + seconds) == .success
        return finished
    }
}
