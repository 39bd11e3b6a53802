/// The register tiles of the matrix product, one per vector register file.
///
/// Both keep each entry of C in one accumulator lane and add k products to it in order with
/// fused multiply-adds, so every kernel (and every build) gives the same bits for the same
/// product: the tile shape changes only which entries are computed side by side.
protocol MicroKernel {
    /// The accumulators: a tuple of SIMD8, in row order (columns / 8 per row of the tile).
    associatedtype Tile
    /// Rows of the tile (mr): one broadcast of A each per step of k.
    static var rows: Int { get }
    /// Columns of the tile (nr): SIMD8 loads of B per step of k.
    static var columns: Int { get }
    /// The tile with every accumulator zero.
    static var zeroTile: Tile { get }

    /// One step of k: B's row at `b` times A's column at `a` (row r at `a[r * rs]`), into the tile.
    static func step(_ tile: inout Tile, _ a: UnsafePointer<Double>, _ rs: Int, _ b: UnsafeRawPointer)
}

extension MicroKernel {
    /// C[0..<rowsValid, 0..<colsValid] = A panel · B panel, then the tail; A's row r, step kk is at
    /// `pa[r * rowStride + kk * kStride]`, B's row kk at `pb + kk * ldb`.
    @inline(__always)
    static func multiply(
        _ pa: UnsafePointer<Double>, rowStride rs: Int, kStride ks: Int,
        _ pb: UnsafePointer<Double>, ldb: Int, prefetch: PrefetchPlan, k: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int, rowsValid: Int, colsValid: Int, tail: Matrix.Tail
    ) {
        var tile = zeroTile
        var a = pa, b = UnsafeRawPointer(pb)
        let bStep = ldb * MemoryLayout<Double>.stride
        let prefetchingSteps = prefetch.steps(k: k)
        for kk in 0..<prefetchingSteps {
            TileIO.prefetch(prefetch, pb, kk: kk, k: k, ldb: ldb, columns: columns)
            step(&tile, a, rs, b)
            a += ks
            b += bStep
        }
        // Two steps per turn: the loop's own counting and branching then cost half as many
        // instructions per FMA; on AVX2 the core's issue width, not its FMA pipes, was short.
        var kk = prefetchingSteps
        while kk + 2 <= k {
            step(&tile, a, rs, b)
            step(&tile, a + ks, rs, b + bStep)
            a += 2 * ks
            b += 2 * bStep
            kk += 2
        }
        if kk < k { step(&tile, a, rs, b) }
        TileIO.store(tile, of: Self.self, rowsValid: rowsValid, colsValid: colsValid, c: c, ldc: ldc, tail: tail)
    }
}

/// The kernel in use and why: what the CPU supports and what the engine was built for.
public struct MatrixKernel: CustomStringConvertible, Sendable {
    enum Shape: Sendable { case wide, narrow }
    let shape: Shape
    /// The instruction set the kernel's register tile is sized for.
    public let instructionSet: InstructionSet

    /// The kernel for the instruction set of this build (the CPU runs it, or the build would not
    /// have started): a build for AVX2 cannot use AVX-512's registers, whatever the CPU has.
    public static let selected = MatrixKernel(for: .build)

    init(for instructionSet: InstructionSet) {
        self.instructionSet = instructionSet
        shape = instructionSet == .avx512 ? .wide : .narrow
    }

    /// The rows of C the register tile holds (mr).
    public var rows: Int { shape == .wide ? WideKernel.rows : NarrowKernel.rows }
    /// The columns of C the register tile holds (nr).
    public var columns: Int { shape == .wide ? WideKernel.columns : NarrowKernel.columns }

    /// The tile, the instruction set and the registers it takes, as benchmarks print it.
    public var description: String {
        let registers: String
        switch instructionSet {
        case .avx512: registers = "16 of 32 zmm registers"
        case .avx2: registers = "8 of 16 ymm registers"
        case .portable: registers = "no target features: FMA may be a library call"
        }
        return "\(rows)×\(columns) tile of SIMD8<Double> for \(instructionSet) (\(registers))"
    }
}

/// 8×16: sixteen SIMD8 accumulators, two per row. AVX-512 has 32 registers: the tile, two B
/// loads and the A broadcasts fit, and 16 independent FMA chains cover the FMA latency.
enum WideKernel: MicroKernel {
    typealias Tile = (
        SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>,
        SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>
    )
    static let rows = 8
    static let columns = 16

    static var zeroTile: Tile { (.zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero) }

    @inline(__always)
    static func step(_ tile: inout Tile, _ a: UnsafePointer<Double>, _ rs: Int, _ b: UnsafeRawPointer) {
        let b0 = b.loadUnaligned(as: SIMD8<Double>.self)
        let b1 = b.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
        var x = SIMD8<Double>(repeating: a[0]); tile.0.addProduct(x, b0); tile.1.addProduct(x, b1)
        x = SIMD8<Double>(repeating: a[rs]); tile.2.addProduct(x, b0); tile.3.addProduct(x, b1)
        x = SIMD8<Double>(repeating: a[2 * rs]); tile.4.addProduct(x, b0); tile.5.addProduct(x, b1)
        x = SIMD8<Double>(repeating: a[3 * rs]); tile.6.addProduct(x, b0); tile.7.addProduct(x, b1)
        x = SIMD8<Double>(repeating: a[4 * rs]); tile.8.addProduct(x, b0); tile.9.addProduct(x, b1)
        x = SIMD8<Double>(repeating: a[5 * rs]); tile.10.addProduct(x, b0); tile.11.addProduct(x, b1)
        x = SIMD8<Double>(repeating: a[6 * rs]); tile.12.addProduct(x, b0); tile.13.addProduct(x, b1)
        x = SIMD8<Double>(repeating: a[7 * rs]); tile.14.addProduct(x, b0); tile.15.addProduct(x, b1)
    }
}

/// 4×8: four SIMD8 accumulators, one per row. Where SIMD8 is two 256-bit halves (AVX2's sixteen
/// ymm registers) that is 8 registers, with two for B and one for the A broadcast; the 8×16 tile
/// needs 32 there and spills every step. Eight FMA chains cover two FMA pipes of latency 4 (Zen).
/// A 6×8 tile (12 accumulators, BLIS's AVX2 shape) measured no faster on 64×256·256×256 and 2.5×
/// slower on 64×64·64×64: 64 rows leave a ragged 4-row panel that takes the packed, scalar-store
/// path, and every product here has multiples of 8 rows. It is also the portable shape: NEON's
/// 32 128-bit registers hold it (16 accumulators).
enum NarrowKernel: MicroKernel {
    typealias Tile = (SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>)
    static let rows = 4
    static let columns = 8

    static var zeroTile: Tile { (.zero, .zero, .zero, .zero) }

    @inline(__always)
    static func step(_ tile: inout Tile, _ a: UnsafePointer<Double>, _ rs: Int, _ b: UnsafeRawPointer) {
        let row = b.loadUnaligned(as: SIMD8<Double>.self)
        tile.0.addProduct(SIMD8(repeating: a[0]), row)
        tile.1.addProduct(SIMD8(repeating: a[rs]), row)
        tile.2.addProduct(SIMD8(repeating: a[2 * rs]), row)
        tile.3.addProduct(SIMD8(repeating: a[3 * rs]), row)
    }
}

/// What a kernel call asks the memory system for ahead of use (software prefetch: it changes
/// timing only, never a result). A B panel read in place is a wide layer's weights, cold on its
/// first pass; the kernel reads a line of it every step or two, faster than memory delivers. So
/// while a panel meets the A panels one after another, each call asks for a slice of the next
/// panel, a row per step: the next panel is in cache before it is first read, and memory works
/// while the FMAs do. Only a worker's first panel is met cold; it asks for its own rows ahead.
struct PrefetchPlan {
    /// Ask for this panel's row kk + 32 at step kk (the panel is cold: nothing fetched it yet).
    var ownRowsAhead = false
    /// The first row of the next panel's slice (row stride as this panel's), or nil.
    var next: UnsafePointer<Double>?
    /// How many rows of the slice: one is asked for at each of the first `nextRows` steps.
    var nextRows = 0

    static let none = PrefetchPlan()

    /// How many of a panel's k steps prefetch anything (they come first).
    @inline(__always)
    func steps(k: Int) -> Int {
        max(ownRowsAhead ? k - 32 : 0, next == nil ? 0 : min(nextRows, k))
    }
}

/// What the kernels share: prefetching B, and storing a tile through the epilogue.
enum TileIO {
    /// The prefetches of step `kk`: a cold panel's own row 32 steps ahead, and one row of the
    /// slice of the next panel this call is to bring in.
    @inline(__always)
    static func prefetch(_ plan: PrefetchPlan, _ pb: UnsafePointer<Double>, kk: Int, k: Int, ldb: Int, columns: Int) {
        if plan.ownRowsAhead && kk + 32 < k {
            for line in stride(from: 0, to: columns, by: 8) { Prefetch.read(pb + (kk + 32) * ldb + line) }
        }
        if kk < plan.nextRows, let next = plan.next {
            for line in stride(from: 0, to: columns, by: 8) { Prefetch.readIntoL2(next + kk * ldb + line) }
        }
    }

    /// Stores a kernel's tile, held as a tuple of SIMD8 accumulators in row order (columns / 8
    /// per row of C), through the epilogue: whole rows of SIMD8 where the tile is full.
    @inline(__always)
    static func store<Tile, Kernel: MicroKernel>(
        _ tile: Tile, of _: Kernel.Type, rowsValid: Int, colsValid: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int, tail: Matrix.Tail
    ) {
        let rows = Kernel.rows, segmentsPerRow = Kernel.columns / 8
        guard rowsValid == rows && colsValid == Kernel.columns else {
            storeEdge(tile, segmentsPerRow: segmentsPerRow, rowsValid: rowsValid, colsValid: colsValid, c: c, ldc: ldc, tail: tail)
            return
        }
        withUnsafeBytes(of: tile) { raw in
            for r in 0..<rows {
                for s in 0..<segmentsPerRow {
                    let v = raw.loadUnaligned(fromByteOffset: (r * segmentsPerRow + s) * 64, as: SIMD8<Double>.self)
                    storeSegment(v, c + r * ldc + 8 * s, tail, row: r, column: 8 * s, ldc: ldc)
                }
            }
        }
    }

    /// Stores eight entries of row `row` through the epilogue.
    @inline(__always)
    static func storeSegment(
        _ v: SIMD8<Double>, _ c: UnsafeMutablePointer<Double>, _ tail: Matrix.Tail,
        row: Int, column: Int, ldc: Int
    ) {
        var v = v
        if let bias = tail.bias { v += UnsafeRawPointer(bias + column).loadUnaligned(as: SIMD8<Double>.self) }
        if let residual = tail.residual { v += UnsafeRawPointer(residual + row * ldc + column).loadUnaligned(as: SIMD8<Double>.self) }
        if tail.relu { v = SIMDBits.relu(v) }
        UnsafeMutableRawPointer(c).storeBytes(of: v, as: SIMD8<Double>.self)
    }

    /// Stores the valid part of an edge tile, entry by entry.
    static func storeEdge<Tile>(
        _ tile: Tile, segmentsPerRow: Int, rowsValid: Int, colsValid: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int, tail: Matrix.Tail
    ) {
        withUnsafeBytes(of: tile) { raw in
            let values = raw.bindMemory(to: Double.self)
            for r in 0..<rowsValid {
                for j in 0..<colsValid {
                    var v = values[r * segmentsPerRow * 8 + j]
                    if let bias = tail.bias { v += bias[j] }
                    if let residual = tail.residual { v += residual[r * ldc + j] }
                    // As SIMDBits.relu: −0 becomes +0 too, so an entry's bits do not depend on
                    // whether the kernel's tile shape put it on an edge.
                    if tail.relu && v.sign == .minus && !v.isNaN { v = 0 }
                    c[r * ldc + j] = v
                }
            }
        }
    }
}
