import Foundation

/// Values computed once per process for the same content (a lesson's code, a test class): several
/// steps of one command ask for the same analysis. Entries are dropped all at once past `limit`,
/// so that a long `course serve` does not keep every edit's.
package final class ContentMemo<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private let limit: Int

    package init(limit: Int = 256) { self.limit = limit }

    /// The value for `key`, made by `make` when there is none yet (outside the lock: two threads
    /// may both make it, and the values are the same).
    package func value(for key: Key, _ make: () -> Value) -> Value {
        if let known = lock.withLock({ entries[key] }) { return known }
        let value = make()
        lock.withLock {
            if entries.count >= limit { entries.removeAll() }
            entries[key] = value
        }
        return value
    }
}
