// How much memory the program holds, read where the memory really is: the C library's allocator
// for the heap (every Swift object, array, string and raw allocation goes through malloc) and the
// stack pointer for the stack. Lesson 6's activation tape watches both, so a backward pass that
// keeps a copy of every activation shows it whatever it keeps them in: matrices, `[Double]`,
// raw buffers or frames of a recursion. (Fixed-size globals are the third place; the grader
// refuses lesson modules with more than a little writable static data.)

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if os(Linux)
import Synchronization
#endif

/// Memory in use now, for lessons that measure what a computation keeps.
public enum MemoryInUse {
    /// Bytes the program holds on the heap now, in every thread: what the allocator has handed out
    /// and not yet been given back (its own bookkeeping and free space not included).
    public static var heapBytes: Int { allocatorBytesInUse() }

    /// A position on the calling thread's stack that moves down as calls nest: a reading taken
    /// inside a computation, subtracted from one taken before it on the same thread, is the stack
    /// the computation's frames occupy at that moment.
    @inline(never)
    public static func stackPosition() -> Int {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { Int(bitPattern: $0) }
    }

    /// The most memory in use from the moment it was made: heap bytes above those in use then,
    /// plus, on the thread that made it, the stack below where it was made. It reads both when
    /// asked (`sample()`) and, while it is open, each time any matrix is allocated, on any
    /// thread: a computation that keeps memory and frees it again between two readings someone
    /// asked for still allocates matrices while it holds it, and the watch sees that.
    public final class Watch: @unchecked Sendable {
        private let heapAtStart = MemoryInUse.heapBytes
        private let stackAtStart = MemoryInUse.stackPosition()
        private let thread = pthread_self()
        private var peak = 0
        /// Set by `init(readingEvery:)`.
        private var reader: PeriodicReader?

        /// Starts watching from the memory in use now.
        public init() { openWatches.open(self) }

        /// Starts watching from the memory in use now, and also reads it every `microseconds` from
        /// a thread of its own until the watch goes: memory a computation holds without
        /// allocating a matrix (arrays it keeps while it works on plain `[Double]`s, frames of a
        /// recursion) shows too. The heap is read on that thread; the stack of the watch's own
        /// thread through a timer signal (SIGPROF, Linux), whose handler runs on that stack and so
        /// reads how deep it is. One such watch at a time reads the stack.
        // (A red team kept every block's input in arrays between two matrix allocations, which the
        // readings at allocations alone never saw.)
        public convenience init(readingEvery microseconds: Int) {
            self.init()
            #if os(Linux)
            StackSignal.deepest.store(Int.max, ordering: .relaxed)  // nothing another watch's signals found
            #endif
            reader = PeriodicReader(watch: self, microseconds: max(1, microseconds))
        }

        deinit {
            reader?.stop()
            openWatches.close(self)
        }

        /// The most bytes in use, above those in use when the watch was made, at any reading.
        public var peakBytes: Int { openWatches.locked { peak } }

        /// Reads the memory in use now.
        public func sample() {
            let heap = MemoryInUse.heapBytes
            openWatches.locked { record(heap: heap) }
        }

        /// Called with the registry locked, `heap` read before it was taken: the allocator's
        /// statistics walk its free lists, and a thread descheduled while it held the registry's
        /// lock for that stalled every matrix allocation of the watched computation (under load
        /// the lesson 6 test's reference ran past 10 s one time in five).
        fileprivate func record(heap: Int) {
            let stack = pthread_equal(pthread_self(), thread) != 0 ? max(0, stackAtStart - MemoryInUse.stackPosition()) : 0
            peak = max(peak, heap - heapAtStart + stack)
        }

        /// A reading from the timer: the heap now, the stack as deep as `deepestStack` (a
        /// position the signal handler found on the watch's thread; `Int.max` for none). Called
        /// with the registry locked.
        fileprivate func record(heap: Int, deepestStack: Int) {
            let stack = deepestStack == Int.max ? 0 : max(0, stackAtStart - deepestStack)
            peak = max(peak, heap - heapAtStart + stack)
        }

        /// Asks the watch's thread for its stack position (`StackSignal`); false where it cannot.
        fileprivate func signalThread() -> Bool {
            #if os(Linux)
            return StackSignal.installed && pthread_kill(thread, StackSignal.number) == 0
            #else
            return false
            #endif
        }
    }

    /// The thread of a watch made with `init(readingEvery:)`. It holds the watch unretained: the
    /// watch's `deinit` stops and joins it first.
    private final class PeriodicReader {
        private let watch: Unmanaged<Watch>
        private let microseconds: Int
        private var stopped = false  // read and written with the registry locked
        private var handle: pthread_t?

        init(watch: Watch, microseconds: Int) {
            self.watch = Unmanaged.passUnretained(watch)
            self.microseconds = microseconds
            var created = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let result = pthread_create(
                &created, nil,
                { raw in
                    let reader = Unmanaged<PeriodicReader>.fromOpaque(raw!).takeRetainedValue()
                    reader.run()
                    return nil
                }, context)
            if result == 0 { handle = created } else { Unmanaged<PeriodicReader>.fromOpaque(context).release() }
        }

        private func run() {
            var signalled = false
            while true {
                usleep(useconds_t(microseconds))
                // Read outside the registry's lock, held only to keep the peak (see `record(heap:)`).
                let heap = MemoryInUse.heapBytes
                #if os(Linux)
                // The position the last tick's signal found (the handler ran since, or finds it next time).
                let deepest = signalled ? StackSignal.deepest.exchange(Int.max, ordering: .relaxed) : Int.max
                #else
                let deepest = Int.max
                #endif
                let goOn = openWatches.locked { () -> Bool in
                    guard !stopped else { return false }
                    watch.takeUnretainedValue().record(heap: heap, deepestStack: deepest)
                    return true
                }
                if !goOn { return }
                // The watch lives until `stop()` has joined this thread.
                signalled = watch.takeUnretainedValue().signalThread()
            }
        }

        func stop() {
            openWatches.locked { stopped = true }
            if let handle { pthread_join(handle, nil) }
        }
    }

    /// Every matrix allocation calls this: one relaxed atomic load while no watch is open.
    static func matrixAllocated() {
        guard openWatches.anyOpen else { return }
        let heap = MemoryInUse.heapBytes
        openWatches.locked { openWatches.recordAll(heap: heap) }
    }
}

#if os(Linux)
/// The timer signal that reads a watched thread's stack (`Watch(readingEvery:)`): its handler runs
/// on the interrupted thread's stack, so the address of its own frame is how deep that stack is
/// at that moment (a few kilobytes deeper: the signal frame). It keeps the deepest it saw.
private enum StackSignal {
    static let number = SIGPROF
    static let deepest = Atomic<Int>(Int.max)

    /// Installed once, for the life of the process (a late signal finds it still there).
    static let installed: Bool = {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let position = MemoryInUse.stackPosition()
            var current = StackSignal.deepest.load(ordering: .relaxed)
            while position < current {
                let (exchanged, found) = StackSignal.deepest.compareExchange(expected: current, desired: position, ordering: .relaxed)
                if exchanged { break }
                current = found
            }
        }
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        return sigaction(number, &action, nil) == 0
    }()
}
#endif

/// The watches open now, behind one lock (they are few, and read only while someone watches).
private final class WatchRegistry: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var watches: [ObjectIdentifier: Unmanaged<MemoryInUse.Watch>] = [:]
    #if os(Linux)
    private let count = Atomic<Int>(0)
    var anyOpen: Bool { count.load(ordering: .relaxed) > 0 }
    #else
    var anyOpen: Bool { locked { !watches.isEmpty } }
    #endif

    init() { pthread_mutex_init(&mutex, nil) }

    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }

    func open(_ watch: MemoryInUse.Watch) {
        locked { watches[ObjectIdentifier(watch)] = Unmanaged.passUnretained(watch) }
        #if os(Linux)
        count.add(1, ordering: .relaxed)
        #endif
    }

    func close(_ watch: MemoryInUse.Watch) {
        #if os(Linux)
        count.subtract(1, ordering: .relaxed)
        #endif
        locked { watches[ObjectIdentifier(watch)] = nil }
    }

    /// Called with the lock held.
    func recordAll(heap: Int) {
        for watch in watches.values { watch.takeUnretainedValue().record(heap: heap) }
    }
}

private let openWatches = WatchRegistry()

#if canImport(Glibc)
// glibc's `mallinfo2()` (2.33 and later; `mallinfo()` before) is declared in <malloc.h>, which the
// Glibc module does not include, and returns a struct Swift cannot name. Both return structs of
// more than 16 bytes, which every ABI the package builds for returns through memory the caller
// provides, so any larger all-integer C struct can stand in for the return type: `rusage` (144
// bytes) does, and the fields are read from its bytes by their position in glibc's struct.
private typealias AllocatorStatistics = @convention(c) () -> rusage

private let allocatorStatistics: (function: AllocatorStatistics, fieldBytes: Int)? = {
    let everything = UnsafeMutableRawPointer(bitPattern: 0)  // RTLD_DEFAULT
    if let symbol = dlsym(everything, "mallinfo2") { return (unsafeBitCast(symbol, to: AllocatorStatistics.self), 8) }
    if let symbol = dlsym(everything, "mallinfo") { return (unsafeBitCast(symbol, to: AllocatorStatistics.self), 4) }
    return nil
}()

private func allocatorBytesInUse() -> Int {
    guard let (statistics, fieldBytes) = allocatorStatistics else { return 0 }
    var info = statistics()
    return withUnsafeBytes(of: &info) { raw in
        // struct mallinfo2 { arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, … }:
        // hblkhd is the bytes in blocks mapped on their own (large ones), uordblks those in use in arenas.
        func field(_ index: Int) -> Int {
            fieldBytes == 8
                ? raw.load(fromByteOffset: index * 8, as: Int.self)
                : Int(raw.load(fromByteOffset: index * 4, as: UInt32.self))
        }
        return field(4) + field(7)
    }
}
#elseif canImport(Darwin)
private func allocatorBytesInUse() -> Int {
    var statistics = malloc_statistics_t()
    malloc_zone_statistics(nil, &statistics)
    return Int(statistics.size_in_use)
}
#else
private func allocatorBytesInUse() -> Int { 0 }
#endif
