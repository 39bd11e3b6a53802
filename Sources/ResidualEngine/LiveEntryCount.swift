// Counts the entries of every matrix alive, so that a lesson can observe memory a computation
// keeps, wherever it keeps it: lesson 6's activation tape reads it to tell a backward pass that
// stores O(1) activations from one that stores the whole stack off the tape. One relaxed atomic
// add per allocation and per release costs nothing next to the allocation itself.

#if os(Linux)
import Synchronization

private let liveEntries = Atomic<Int>(0)

func recordAllocation(entries: Int) { liveEntries.add(entries, ordering: .relaxed) }
func recordRelease(entries: Int) { liveEntries.subtract(entries, ordering: .relaxed) }
private func currentLiveEntries() -> Int { liveEntries.load(ordering: .relaxed) }
#else
#if canImport(Darwin)
import Darwin
#endif

// Synchronization's Atomic needs macOS 15; a mutex works on every platform the package builds on.
private final class LiveEntryCounter: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var count = 0
    init() { pthread_mutex_init(&mutex, nil) }
    func add(_ delta: Int) { pthread_mutex_lock(&mutex); count += delta; pthread_mutex_unlock(&mutex) }
    var value: Int { pthread_mutex_lock(&mutex); defer { pthread_mutex_unlock(&mutex) }; return count }
}

private let liveEntries = LiveEntryCounter()

func recordAllocation(entries: Int) { liveEntries.add(entries) }
func recordRelease(entries: Int) { liveEntries.add(-entries) }
private func currentLiveEntries() -> Int { liveEntries.value }
#endif

extension Matrix {
    /// The number of entries held by all matrices alive now, in every thread (copies that share
    /// storage count once). Read before and during a computation, it shows what the computation keeps.
    public static var liveEntryCount: Int { currentLiveEntries() }
}
