import Foundation
import XCTest

/// Headless Chromium driven over the DevTools protocol on `--remote-debugging-pipe` (JSON
/// messages ending in a NUL byte, written to its fd 3 and read from its fd 4), so a test can keep
/// a page open while something changes and ask the page what it shows. `--dump-dom` cannot: it
/// reads a page once. The browser runs in its own process group, killed whole by `quit()`;
/// call it in a `defer` right after creating the pipe.
final class DevToolsPipe {
    private var pid: pid_t = 0
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private var buffer: [UInt8] = []
    private var nextID = 0
    private var session: String?

    init(chromium: String, url: URL) throws {
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw POSIXError(.EMFILE) }
        // Close-on-exec: the browser gets only its fds 3 and 4 (dup2 clears the flag on those).
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 4)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)  // its own group, so close() ends its helpers too
        let arguments = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", url.absoluteString]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, chromium, &actions, &attributes, &argv, environ)
        close(toChild[0])
        close(fromChild[1])
        toBrowser = toChild[1]
        fromBrowser = fromChild[0]
        guard spawned == 0 else { quit(); throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT) }
    }

    /// Kills the browser and its helpers and closes the pipe.
    func quit() {
        if pid > 0 {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            pid = 0
        }
        close(toBrowser)
        close(fromBrowser)
    }

    /// Attaches to the page the browser opened, waiting up to `timeout` for it to exist.
    func attachToPage(timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let targets = try send("Target.getTargets", [:])["targetInfos"] as? [[String: Any]] ?? []
            if let page = targets.first(where: { $0["type"] as? String == "page" }), let id = page["targetId"] as? String {
                session = try send("Target.attachToTarget", ["targetId": id, "flatten": true])["sessionId"] as? String
                return
            }
            usleep(100_000)
        }
        throw CourseErrorForTests("the browser opened no page within \(Int(timeout)) s")
    }

    /// The value of a JavaScript expression in the page (nil while the page is between documents).
    func evaluate(_ expression: String) throws -> Any? {
        let result = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true], inPage: true)
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Waits until `expression` is true in the page; false after `timeout`.
    /// A page that navigates while an expression runs (a live reload) answers with an error for
    /// that one evaluation; that is a "not yet", not a failure.
    func waitUntil(_ expression: String, timeout: TimeInterval) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            do {
                if try evaluate(expression) as? Bool == true { return true }
            } catch let error as CourseErrorForTests where error.isNavigation {
                // The document went away mid-evaluation; ask the next one.
            }
            usleep(100_000)
        }
        return false
    }

    /// Sends one command and returns its result, skipping the events that arrive before it.
    private func send(_ method: String, _ parameters: [String: Any], inPage: Bool = false, timeout: TimeInterval = 30) throws -> [String: Any] {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": parameters]
        if inPage { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message)) + [0]
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeMutableBytes { write(toBrowser, $0.baseAddress! + written, $0.count - written) }
            guard count > 0 else { throw CourseErrorForTests("the browser closed its pipe") }
            written += count
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try readMessage(until: deadline)
            guard reply["id"] as? Int == nextID else { continue }
            if let error = reply["error"] as? [String: Any] { throw CourseErrorForTests("\(method): \(error)") }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    private func readMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let data = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            }
            let wait = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            var descriptor = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard wait > 0, poll(&descriptor, 1, wait) > 0 else { throw CourseErrorForTests("the browser did not answer in time") }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = read(fromBrowser, &chunk, chunk.count)
            guard count > 0 else { throw CourseErrorForTests("the browser closed its pipe") }
            buffer += chunk[..<count]
        }
    }
}

/// A failure of the test's own machinery, with its message.
struct CourseErrorForTests: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }

    /// Chromium's answer to an evaluation whose document navigated away or whose context ended.
    var isNavigation: Bool {
        description.hasPrefix("Runtime.evaluate:")
            && (description.contains("Inspected target navigated or closed") || description.contains("Cannot find context with specified id")
                || description.contains("Execution context was destroyed"))
    }
}
