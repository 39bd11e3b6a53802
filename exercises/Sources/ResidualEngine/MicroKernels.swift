/// The register tiles of the matrix product, one per vector register file.
///
/// Both keep each entry of C in one accumulator lane and add k products to it in order with
/// fused multiply-adds, so every kernel (and every build) gives the same bits for the same
/// product: the tile shape changes only which entries are computed side by side.
protocol MicroKernel {
    /// Rows of the tile (mr): one broadcast of A each per step of k.
    static var rows: Int { get }
    /// Columns of the tile (nr): SIMD8 loads of B per step of k.
    static var columns: Int { get }

    /// C[0..<rowsValid, 0..<colsValid] = A panel · B panel, then the tail; A's row r, step kk is at
    /// `pa[r * rowStride + kk * kStride]`, B's row kk at `pb + kk * ldb`.
    static func multiply(
        _ pa: UnsafePointer<Double>, rowStride rs: Int, kStride ks: Int,
        _ pb: UnsafePointer<Double>, ldb: Int, prefetchB: Bool, k: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int, rowsValid: Int, colsValid: Int, tail: Matrix.Tail)
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
    static let rows = 8
    static let columns = 16

    @inline(__always)
    static func multiply(
        _ pa: UnsafePointer<Double>, rowStride rs: Int, kStride ks: Int,
        _ pb: UnsafePointer<Double>, ldb: Int, prefetchB: Bool, k: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int, rowsValid: Int, colsValid: Int, tail: Matrix.Tail
    ) {
        var c00 = SIMD8<Double>.zero, c01 = SIMD8<Double>.zero, c10 = SIMD8<Double>.zero, c11 = SIMD8<Double>.zero
        var c20 = SIMD8<Double>.zero, c21 = SIMD8<Double>.zero, c30 = SIMD8<Double>.zero, c31 = SIMD8<Double>.zero
        var c40 = SIMD8<Double>.zero, c41 = SIMD8<Double>.zero, c50 = SIMD8<Double>.zero, c51 = SIMD8<Double>.zero
        var c60 = SIMD8<Double>.zero, c61 = SIMD8<Double>.zero, c70 = SIMD8<Double>.zero, c71 = SIMD8<Double>.zero
        let rawB = UnsafeRawPointer(pb)
        var a = pa
        for kk in 0..<k {
            if prefetchB { TileIO.prefetchAhead(pb, kk: kk, k: k, ldb: ldb, columns: columns) }
            let b0 = rawB.loadUnaligned(fromByteOffset: kk * ldb * 8, as: SIMD8<Double>.self)
            let b1 = rawB.loadUnaligned(fromByteOffset: kk * ldb * 8 + 64, as: SIMD8<Double>.self)
            var x = SIMD8<Double>(repeating: a[0]); c00.addProduct(x, b0); c01.addProduct(x, b1)
            x = SIMD8<Double>(repeating: a[rs]); c10.addProduct(x, b0); c11.addProduct(x, b1)
            x = SIMD8<Double>(repeating: a[2 * rs]); c20.addProduct(x, b0); c21.addProduct(x, b1)
            x = SIMD8<Double>(repeating: a[3 * rs]); c30.addProduct(x, b0); c31.addProduct(x, b1)
            x = SIMD8<Double>(repeating: a[4 * rs]); c40.addProduct(x, b0); c41.addProduct(x, b1)
            x = SIMD8<Double>(repeating: a[5 * rs]); c50.addProduct(x, b0); c51.addProduct(x, b1)
            x = SIMD8<Double>(repeating: a[6 * rs]); c60.addProduct(x, b0); c61.addProduct(x, b1)
            x = SIMD8<Double>(repeating: a[7 * rs]); c70.addProduct(x, b0); c71.addProduct(x, b1)
            a += ks
        }
        TileIO.store(
            (c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71), of: Self.self, rowsValid: rowsValid, colsValid: colsValid,
            c: c, ldc: ldc, tail: tail)
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
    static let rows = 4
    static let columns = 8

    @inline(__always)
    static func multiply(
        _ pa: UnsafePointer<Double>, rowStride rs: Int, kStride ks: Int,
        _ pb: UnsafePointer<Double>, ldb: Int, prefetchB: Bool, k: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int, rowsValid: Int, colsValid: Int, tail: Matrix.Tail
    ) {
        var c0 = SIMD8<Double>.zero, c1 = SIMD8<Double>.zero, c2 = SIMD8<Double>.zero, c3 = SIMD8<Double>.zero
        let rawB = UnsafeRawPointer(pb)
        var a = pa
        for kk in 0..<k {
            if prefetchB { TileIO.prefetchAhead(pb, kk: kk, k: k, ldb: ldb, columns: columns) }
            let b = rawB.loadUnaligned(fromByteOffset: kk * ldb * 8, as: SIMD8<Double>.self)
            c0.addProduct(SIMD8(repeating: a[0]), b)
            c1.addProduct(SIMD8(repeating: a[rs]), b)
            c2.addProduct(SIMD8(repeating: a[2 * rs]), b)
            c3.addProduct(SIMD8(repeating: a[3 * rs]), b)
            a += ks
        }
        TileIO.store(
            (c0, c1, c2, c3), of: Self.self, rowsValid: rowsValid, colsValid: colsValid,
            c: c, ldc: ldc, tail: tail)
    }
}

/// What the kernels share: prefetching B, and storing a tile through the epilogue.
enum TileIO {
    /// The first pass over a B panel read in place meets it cold (weights): ask for rows well
    /// ahead, so many lines are in flight instead of the few the core's window allows, and for
    /// the next panel's first rows.
    @inline(__always)
    static func prefetchAhead(_ pb: UnsafePointer<Double>, kk: Int, k: Int, ldb: Int, columns: Int) {
        if kk + 32 < k {
            for line in stride(from: 0, to: columns, by: 8) { Prefetch.read(pb + (kk + 32) * ldb + line) }
        }
        if kk < 32 && ldb >= 2 * columns && kk + 1 < k {
            for line in stride(from: columns, to: 2 * columns, by: 8) { Prefetch.read(pb + kk * ldb + line) }
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
