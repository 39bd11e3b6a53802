import Foundation

/// Hands out CPUs to workers, each the least used one (a CPU of its own while there are no more
/// workers than CPUs): batch workers take one for a whole submission, a single grading's
/// benchmark timers one per lesson.
final class CPUPool: @unchecked Sendable {
    private let lock = NSLock()
    private var users: [Int: Int]

    init(_ cpus: [Int]) { users = Dictionary(uniqueKeysWithValues: (cpus.isEmpty ? [0] : cpus).map { ($0, 0) }) }

    func acquire() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let cpu = users.min { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }!.key
        users[cpu, default: 0] += 1
        return cpu
    }

    func release(_ cpu: Int) {
        lock.lock()
        defer { lock.unlock() }
        users[cpu, default: 1] -= 1
    }
}
