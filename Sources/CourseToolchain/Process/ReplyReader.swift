import Foundation

/// Reads a sandboxed helper's replies (the test server's, a bench runner's) from a pipe: lines
/// and counted bytes, each within a deadline, so a process that hangs or floods costs a time-out,
/// not the grader.
package final class ReplyReader {
    private let descriptor: Int32
    private var pending: [UInt8] = []

    package init(descriptor: Int32) { self.descriptor = descriptor }

    /// The next line, waiting at most `seconds`; `nil` on time-out or end of output.
    package func line(within seconds: TimeInterval) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let end = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                return line
            }
            // A line longer than any reply is a process writing garbage.
            guard pending.count < 4096, fill(until: deadline, allowImmediate: seconds == 0) else { return nil }
        }
    }

    /// Exactly `count` bytes, waiting at most `seconds`; `nil` when they do not come.
    package func bytes(_ count: Int, within seconds: TimeInterval) -> [UInt8]? {
        let deadline = Date().addingTimeInterval(seconds)
        while pending.count < count {
            guard fill(until: deadline, allowImmediate: false) else { return nil }
        }
        let bytes = Array(pending[..<count])
        pending.removeSubrange(..<count)
        return bytes
    }

    /// Reads what is there (waiting until `deadline`); `false` on time-out or end of output.
    private func fill(until deadline: Date, allowImmediate: Bool) -> Bool {
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 || allowImmediate else { return false }
            var probe = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&probe, 1, Int32(max(0, left) * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return false }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let got = read(descriptor, &buffer, buffer.count)
            guard got > 0 else { return false }
            pending += buffer[..<got]
            return true
        }
    }
}
