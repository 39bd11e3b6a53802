/// A software prefetch: asks the CPU to bring a cache line in, without waiting for it.
///
/// Swift has no prefetch API; this binds LLVM's `llvm.prefetch` intrinsic by its symbol name, which
/// the compiler lowers to the CPU's prefetch instruction (or to nothing where there is none).
enum Prefetch {
    @inline(__always)
    static func read(_ address: UnsafePointer<Double>) {
        llvmPrefetch(UnsafeRawPointer(address), 0, 3, 1)  // read, keep in all cache levels, data
    }

    /// A prefetch into L2 and beyond, not L1: for data needed later than the next few hundred
    /// cycles, which in L1 would only push out what the current work reads.
    @inline(__always)
    static func readIntoL2(_ address: UnsafePointer<Double>) {
        llvmPrefetch(UnsafeRawPointer(address), 0, 2, 1)
    }
}

@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cacheType: Int32)
