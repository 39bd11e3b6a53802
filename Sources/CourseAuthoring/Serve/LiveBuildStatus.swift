import Foundation

/// The outcome of `course serve`'s latest build, shared between the build loop and the server's
/// request handlers (which run on other threads).
package final class LiveBuildStatus: @unchecked Sendable {
    /// One finished build: its number (1 for the first), whether it succeeded, and when it failed,
    /// the diagnostics as printed in the terminal.
    package struct Snapshot: Sendable, Equatable {
        package var build = 0
        package var succeeded = true
        package var diagnostics = ""
    }

    /// Differs between runs of `course serve`, so a page left open across a restart (whose build
    /// numbers start again at 1) knows to reload.
    let serverID = UUID().uuidString

    private let lock = NSLock()
    private var current = Snapshot()

    package init() {}

    package var snapshot: Snapshot {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    package func finish(succeeded: Bool, diagnostics: String) {
        lock.lock(); defer { lock.unlock() }
        current = Snapshot(build: current.build + 1, succeeded: succeeded, diagnostics: diagnostics)
    }
}

/// A flag set from a signal handler and read by the watch loop.
package final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    package init() {}

    package var isSet: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopped
    }

    package func set() {
        lock.lock(); defer { lock.unlock() }
        stopped = true
    }
}
