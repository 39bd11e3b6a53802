/// Matrix products on a register-blocked SIMD micro-kernel.
///
/// The kernel keeps an `mr × nr` tile of C in SIMD registers and streams an `mr`-row panel of A
/// and an `nr`-column panel of B through it. Row-major operands are read in place; a transposed
/// operand, and a ragged edge panel, is packed first (k-major, zero-padded), so A·B, A·Bᵀ and Aᵀ·B
/// share one kernel.
/// Work fused into a product's store, while the tile is still in registers: C = op(A)·op(B) + bias
/// (per column) + residual (same shape as C), then ReLU if asked.
public struct ProductEpilogue {
    public var bias: [Double]?
    public var residual: Matrix?
    public var relu: Bool

    public init(bias: [Double]? = nil, residual: Matrix? = nil, relu: Bool = false) {
        self.bias = bias
        self.residual = residual
        self.relu = relu
    }
}

extension Matrix {
    static let mr = 8
    static let nr = 16

    /// A·B.
    public static func * (a: Matrix, b: Matrix) -> Matrix { multiply(a, b) }

    /// op(A)·op(B), where op transposes when asked; `threads` > 1 splits the result's column panels.
    public static func multiply(_ a: Matrix, transposingA: Bool = false, _ b: Matrix, transposingB: Bool = false,
                                threads: Int = 1, epilogue: ProductEpilogue? = nil) -> Matrix {
        let m = transposingA ? a.cols : a.rows
        let k = transposingA ? a.rows : a.cols
        let kb = transposingB ? b.cols : b.rows
        let n = transposingB ? b.rows : b.cols
        precondition(k == kb, "shape mismatch in matrix product: \(a.shape)\(transposingA ? "ᵀ" : "") · \(b.shape)\(transposingB ? "ᵀ" : "")")
        if let bias = epilogue?.bias { precondition(bias.count == n, "shape mismatch: a bias of \(bias.count) for a product with \(n) columns") }
        if let residual = epilogue?.residual {
            precondition(residual.rows == m && residual.cols == n, "shape mismatch: residual \(residual.shape) for a product of (\(m)×\(n))")
        }
        guard m > 0, n > 0, k > 0 else {
            var empty = Matrix(rows: m, cols: n)
            if let e = epilogue { empty.applyEpilogueSlowly(e) }
            return empty
        }
        // Every entry of C is written by exactly one kernel call, so C needs no zeroing first.
        var c = Matrix(uninitializedRows: m, cols: n)
        let bias = epilogue?.bias ?? []
        let residual = epilogue?.residual
        bias.withUnsafeBufferPointer { biasBuffer in
            let tail = Tail(bias: epilogue?.bias == nil ? nil : biasBuffer.baseAddress, residual: residual?.storage.pointer,
                            relu: epilogue?.relu ?? false)
            multiplyAccumulate(a, transposingA, b, transposingB, into: &c, m: m, n: n, k: k, threads: threads, tail: tail)
        }
        withExtendedLifetime(residual) {}
        return c
    }

    /// A·Bᵀ (a dense layer's forward pass with PyTorch-style (out, in) weights).
    public func multiplied(byTransposeOf b: Matrix, threads: Int = 1) -> Matrix {
        Matrix.multiply(self, b, transposingB: true, threads: threads)
    }

    /// Aᵀ·B (a weight gradient).
    public func transposeMultiplied(by b: Matrix, threads: Int = 1) -> Matrix {
        Matrix.multiply(self, transposingA: true, b, threads: threads)
    }

    /// The epilogue as raw pointers for the kernel.
    struct Tail {
        var bias: UnsafePointer<Double>?
        var residual: UnsafePointer<Double>?
        var relu: Bool
    }

    private static func multiplyAccumulate(_ a: Matrix, _ ta: Bool, _ b: Matrix, _ tb: Bool, into c: inout Matrix,
                                           m: Int, n: Int, k: Int, threads: Int, tail: Tail) {
        let bPanels = (n + nr - 1) / nr
        let aPanels = (m + mr - 1) / mr
        // All of op(A) is packed once (for batch 64 and width 256: 128 KB, in L2). Each panel of
        // op(B) (32 KB) then meets every A panel in turn while it is hot in L1: the kernel reads
        // twice as many bytes of B as of A, so B is the operand to keep close.
        // A row-major A is read in place too (the kernel broadcasts single values either way);
        // only a transposed A and a ragged last panel are packed.
        let packedA = UnsafeMutablePointer<Double>.allocate(capacity: aPanels * k * mr)
        defer { packedA.deallocate() }
        for panel in 0..<aPanels where ta || panel * mr + mr > m {
            let row0 = panel * mr
            packA(a, transposed: ta, row0: row0, rowsValid: min(mr, m - row0), k: k, into: packedA + panel * k * mr)
        }
        let cp = c.storage.pointer
        let ldc = n
        let workers = max(1, min(threads, bPanels))
        let panelsPerWorker = (bPanels + workers - 1) / workers
        let run = { (worker: Int) in
            let first = worker * panelsPerWorker
            let last = min(bPanels, first + panelsPerWorker)
            guard first < last else { return }
            // This worker's B panels are packed in one streaming pass first: packing each panel
            // just before use stalled on memory whenever the weights were not in cache. A
            // row-major B is read in place (rows of it are the panel's rows), except a ragged edge.
            let packedB = UnsafeMutablePointer<Double>.allocate(capacity: (last - first) * k * nr)
            defer { packedB.deallocate() }
            for bp in first..<last where tb || bp * nr + nr > n {
                let col0 = bp * nr
                packBPanel(b, transposed: tb, k: k, col0: col0, valid: min(nr, n - col0), into: packedB + (bp - first) * k * nr)
            }
            for bp in first..<last {
                let col0 = bp * nr
                let colsValid = min(nr, n - col0)
                let inPlace = !tb && colsValid == nr
                // Only a large B (256 KB and up: a wide layer's weights) arrives cold enough to gain.
                let prefetch = inPlace && k * n >= 1 << 15
                let panelB = inPlace ? UnsafeMutablePointer(mutating: b.storage.pointer + col0) : packedB + (bp - first) * k * nr
                let ldb = inPlace ? n : nr
                for panel in 0..<aPanels {
                    let row0 = panel * mr
                    let offset = row0 * ldc + col0
                    let tileTail = Tail(bias: tail.bias.map { $0 + col0 }, residual: tail.residual.map { $0 + offset }, relu: tail.relu)
                    let aInPlace = !ta && row0 + mr <= m
                    let panelA = aInPlace ? UnsafePointer(a.storage.pointer + row0 * k) : UnsafePointer(packedA + panel * k * mr)
                    kernel(panelA, rowStride: aInPlace ? k : 1, kStride: aInPlace ? 1 : mr, panelB, ldb: ldb,
                           prefetchB: prefetch && panel == 0, k: k, c: cp + offset, ldc: ldc,
                           rowsValid: min(mr, m - row0), colsValid: colsValid, tail: tileTail)
                }
            }
        }
        if workers == 1 {
            run(0)
        } else {
            runInParallel(workers, run)
        }
    }

    /// Packs mr rows of op(A), k-major: out[k * mr + r] = op(A)[row0 + r, k], zero beyond the edge.
    private static func packA(_ a: Matrix, transposed: Bool, row0: Int, rowsValid: Int, k: Int,
                              into out: UnsafeMutablePointer<Double>) {
        let ap = a.storage.pointer
        if rowsValid < mr { out.initialize(repeating: 0, count: k * mr) }
        if transposed {
            // op(A)[i, kk] = A[kk, i]: rows of A are contiguous runs of i.
            for kk in 0..<k {
                let source = ap + kk * a.cols + row0
                for r in 0..<rowsValid { out[kk * mr + r] = source[r] }
            }
        } else {
            for r in 0..<rowsValid {
                let source = ap + (row0 + r) * a.cols
                for kk in 0..<k { out[kk * mr + r] = source[kk] }
            }
        }
    }

    /// Packs nr columns of op(B) from `col0`, k-major: out[kk * nr + j] = op(B)[kk, col0 + j], zero beyond the edge.
    private static func packBPanel(_ b: Matrix, transposed: Bool, k: Int, col0: Int, valid: Int,
                                   into panel: UnsafeMutablePointer<Double>) {
        let bp = b.storage.pointer
        if valid < nr { panel.initialize(repeating: 0, count: k * nr) }
        if transposed {
            // op(B)[kk, j] = B[j, kk]: read sixteen rows side by side, write the panel in order.
            let base = bp + col0 * b.cols
            let stride = b.cols
            for kk in 0..<k {
                let target = panel + kk * nr
                for j in 0..<valid { target[j] = base[j * stride + kk] }
            }
        } else {
            for kk in 0..<k {
                (panel + kk * nr).update(from: bp + kk * b.cols + col0, count: valid)
            }
        }
    }

    /// C[0..<8, 0..<16] = packedA (k×8) · packedB (k×16), the tile held in sixteen SIMD8 registers
    /// (AVX-512 has 32; two per row leave room for the B loads and the A broadcasts).
    @inline(__always)
    private static func kernel(_ pa: UnsafePointer<Double>, rowStride rs: Int, kStride ks: Int,
                               _ pb: UnsafePointer<Double>, ldb: Int, prefetchB: Bool, k: Int,
                               c: UnsafeMutablePointer<Double>, ldc: Int, rowsValid: Int, colsValid: Int, tail: Tail) {
        var c00 = SIMD8<Double>.zero, c01 = SIMD8<Double>.zero, c10 = SIMD8<Double>.zero, c11 = SIMD8<Double>.zero
        var c20 = SIMD8<Double>.zero, c21 = SIMD8<Double>.zero, c30 = SIMD8<Double>.zero, c31 = SIMD8<Double>.zero
        var c40 = SIMD8<Double>.zero, c41 = SIMD8<Double>.zero, c50 = SIMD8<Double>.zero, c51 = SIMD8<Double>.zero
        var c60 = SIMD8<Double>.zero, c61 = SIMD8<Double>.zero, c70 = SIMD8<Double>.zero, c71 = SIMD8<Double>.zero
        let rawB = UnsafeRawPointer(pb)
        var a = pa
        for kk in 0..<k {
            // The first pass over a panel read in place meets B cold (weights): ask for rows well
            // ahead, so many lines are in flight instead of the few the core's window allows.
            if prefetchB {
                if kk + 32 < k {
                    Prefetch.read(pb + (kk + 32) * ldb)
                    Prefetch.read(pb + (kk + 32) * ldb + 8)
                }
                if kk < 32 && ldb >= 32 && kk + 1 < k {
                    Prefetch.read(pb + kk * ldb + 16)   // the next panel's first rows
                    Prefetch.read(pb + kk * ldb + 24)
                }
            }
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
        if rowsValid == 8 && colsValid == 16 {
            store(c, c00, c01, tail, 0, ldc); store(c + ldc, c10, c11, tail, 1, ldc)
            store(c + 2 * ldc, c20, c21, tail, 2, ldc); store(c + 3 * ldc, c30, c31, tail, 3, ldc)
            store(c + 4 * ldc, c40, c41, tail, 4, ldc); store(c + 5 * ldc, c50, c51, tail, 5, ldc)
            store(c + 6 * ldc, c60, c61, tail, 6, ldc); store(c + 7 * ldc, c70, c71, tail, 7, ldc)
            return
        }
        let tile = [(c00, c01), (c10, c11), (c20, c21), (c30, c31), (c40, c41), (c50, c51), (c60, c61), (c70, c71)]
        for r in 0..<rowsValid {
            for j in 0..<colsValid {
                var v = j < 8 ? tile[r].0[j] : tile[r].1[j - 8]
                if let bias = tail.bias { v += bias[j] }
                if let residual = tail.residual { v += residual[r * ldc + j] }
                if tail.relu && v < 0 { v = 0 }
                c[r * ldc + j] = v
            }
        }
    }

    @inline(__always)
    private static func store(_ c: UnsafeMutablePointer<Double>, _ low: SIMD8<Double>, _ high: SIMD8<Double>,
                              _ tail: Tail, _ row: Int, _ ldc: Int) {
        var low = low, high = high
        if let bias = tail.bias {
            low += UnsafeRawPointer(bias).loadUnaligned(as: SIMD8<Double>.self)
            high += UnsafeRawPointer(bias).loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
        }
        if let residual = tail.residual {
            let r = UnsafeRawPointer(residual + row * ldc)
            low += r.loadUnaligned(as: SIMD8<Double>.self)
            high += r.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
        }
        if tail.relu {
            low = SIMDBits.relu(low)
            high = SIMDBits.relu(high)
        }
        let raw = UnsafeMutableRawPointer(c)
        raw.storeBytes(of: low, as: SIMD8<Double>.self)
        raw.storeBytes(of: high, toByteOffset: 64, as: SIMD8<Double>.self)
    }
}

extension Matrix {
    /// The epilogue applied in plain loops (for empty products).
    mutating func applyEpilogueSlowly(_ e: ProductEpilogue) {
        for r in 0..<rows {
            for c in 0..<cols {
                var v = self[r, c]
                if let bias = e.bias { v += bias[c] }
                if let residual = e.residual { v += residual[r, c] }
                if e.relu && v < 0 { v = 0 }
                self[r, c] = v
            }
        }
    }
}
