import Dispatch

/// Runs `parts` pieces of work, on the calling thread and the pool's (Linux) or Dispatch's threads.
func runInParallel(_ parts: Int, _ body: @escaping (Int) -> Void) {
    #if os(Linux)
    WorkerPool.shared.run(parts, body)
    #else
    DispatchQueue.concurrentPerform(iterations: parts, execute: body)
    #endif
}

#if os(Linux)
import Glibc
import Synchronization

/// Runs small parallel jobs (a tenth of a millisecond) on spinning worker threads.
///
/// `DispatchQueue.concurrentPerform` wakes a parked thread per call; on the 2-core machines this
/// project runs on, that wake-up took longer than a whole 64×256×256 product, so two threads ran
/// no faster than one. Workers here spin on an atomic counter between jobs (like OpenMP's active
/// wait policy) and fall asleep only after about a millisecond without work.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool(workers: max(0, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) - 1))

    private(set) var workers: Int
    private let epoch = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private var job: ((Int) -> Void)?
    private var mutex = pthread_mutex_t()
    private var wake = pthread_cond_t()

    init(workers: Int) {
        self.workers = workers
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wake, nil)
        var started = 0
        for index in 0..<workers where Thread(pool: self, index: index + 1).start() { started += 1 }
        self.workers = started  // a thread that could not start (a process limit) is not waited for
    }

    /// Calls `body(0)` on this thread and `body(1…workers)` on the workers, and waits for all.
    /// A call made while another is running (from another thread) runs its parts one by one.
    func run(_ parts: Int, _ body: @escaping (Int) -> Void) {
        let helpers = min(workers, parts - 1)
        guard helpers > 0, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for part in 0..<parts { body(part) }
            return
        }
        // Participant i runs parts i, i + (workers + 1), …: every part runs, however many there are.
        let stride = workers + 1
        job = { index in
            var part = index
            while part < parts { body(part); part += stride }
        }
        finished.store(0, ordering: .relaxed)
        epoch.add(1, ordering: .releasing)
        pthread_mutex_lock(&mutex)
        pthread_cond_broadcast(&wake)
        pthread_mutex_unlock(&mutex)
        job?(0)
        while finished.load(ordering: .acquiring) < workers { spinPause() }
        job = nil
        busy.store(false, ordering: .releasing)
    }

    fileprivate func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            while epoch.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < 200_000 { spinPause(); continue }
                pthread_mutex_lock(&mutex)
                while epoch.load(ordering: .acquiring) == seen { pthread_cond_wait(&wake, &mutex) }
                pthread_mutex_unlock(&mutex)
            }
            seen = epoch.load(ordering: .acquiring)
            job?(index)
            finished.add(1, ordering: .releasing)
        }
    }

    /// A detached pthread that runs one worker loop for the life of the process.
    private final class Thread {
        unowned let pool: WorkerPool
        let index: Int
        init(pool: WorkerPool, index: Int) { self.pool = pool; self.index = index }

        /// Starts the thread; false when the system refused one.
        func start() -> Bool {
            let context = Unmanaged.passRetained(self).toOpaque()
            var handle = pthread_t()
            let created = pthread_create(
                &handle, nil,
                { raw in
                    let thread = Unmanaged<WorkerPool.Thread>.fromOpaque(raw!).takeRetainedValue()
                    thread.pool.workerLoop(index: thread.index)
                    return nil
                }, context)
            guard created == 0 else {
                Unmanaged<WorkerPool.Thread>.fromOpaque(context).release()
                return false
            }
            pthread_detach(handle)
            return true
        }
    }
}

@inline(__always) private func spinPause() {
    #if arch(x86_64)
    _ = 0  // a tight load loop; the atomic load itself is the pause here
    #endif
}
#endif
