// Matrix products on a register-blocked SIMD micro-kernel.
//
// The kernel (`MicroKernel`, chosen for the instruction set the engine was built for) keeps an
// `mr × nr` tile of C in SIMD registers and streams an `mr`-row panel of A and an `nr`-column
// panel of B through it. Row-major operands are read in place; a transposed operand, and a ragged
// edge panel, is packed first (k-major, zero-padded), so A·B, A·Bᵀ and Aᵀ·B share one kernel.

/// Work fused into a product's store, while the tile is still in registers: C = op(A)·op(B) + bias
/// (per column) + residual (same shape as C), then ReLU if asked.
public struct ProductEpilogue {
    /// Added to every row of the product (one entry per column of C); nil for none.
    public var bias: [Double]?
    /// Added entry by entry (the same shape as C); nil for none.
    public var residual: Matrix?
    /// Whether max(·, 0) is applied last.
    public var relu: Bool

    /// The work to fuse; by default none.
    public init(bias: [Double]? = nil, residual: Matrix? = nil, relu: Bool = false) {
        self.bias = bias
        self.residual = residual
        self.relu = relu
    }
}

extension Matrix {
    /// A·B.
    public static func * (a: Matrix, b: Matrix) -> Matrix { multiply(a, b) }

    /// op(A)·op(B), where op transposes when asked; `threads` > 1 splits the result's column panels.
    public static func multiply(
        _ a: Matrix, transposingA: Bool = false, _ b: Matrix, transposingB: Bool = false,
        threads: Int = 1, epilogue: ProductEpilogue? = nil
    ) -> Matrix {
        multiply(
            a, transposingA: transposingA, b, transposingB: transposingB, threads: threads, epilogue: epilogue,
            kernel: .selected)
    }

    /// The product on a given kernel (tests run every kernel, whatever this build selects).
    static func multiply(
        _ a: Matrix, transposingA: Bool, _ b: Matrix, transposingB: Bool, threads: Int,
        epilogue: ProductEpilogue?, kernel: MatrixKernel
    ) -> Matrix {
        let m = transposingA ? a.cols : a.rows
        let k = transposingA ? a.rows : a.cols
        let kb = transposingB ? b.cols : b.rows
        let n = transposingB ? b.rows : b.cols
        require(k == kb, "shape mismatch in matrix product: \(a.shape)\(transposingA ? "ᵀ" : "") · \(b.shape)\(transposingB ? "ᵀ" : "")")
        if let bias = epilogue?.bias { require(bias.count == n, "shape mismatch: a bias of \(bias.count) for a product with \(n) columns") }
        if let residual = epilogue?.residual {
            require(residual.rows == m && residual.cols == n, "shape mismatch: residual \(residual.shape) for a product of (\(m)×\(n))")
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
            let tail = Tail(
                bias: epilogue?.bias == nil ? nil : biasBuffer.baseAddress, residual: residual?.storage.pointer,
                relu: epilogue?.relu ?? false)
            switch kernel.shape {
            case .wide:
                multiplyAccumulate(WideKernel.self, a, transposingA, b, transposingB, into: &c, m: m, n: n, k: k, threads: threads, tail: tail)
            case .narrow:
                multiplyAccumulate(NarrowKernel.self, a, transposingA, b, transposingB, into: &c, m: m, n: n, k: k, threads: threads, tail: tail)
            }
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

    private static func multiplyAccumulate<Kernel: MicroKernel>(
        _: Kernel.Type, _ a: Matrix, _ ta: Bool, _ b: Matrix, _ tb: Bool,
        into c: inout Matrix, m: Int, n: Int, k: Int, threads: Int, tail: Tail
    ) {
        let mr = Kernel.rows, nr = Kernel.columns
        let bPanels = (n + nr - 1) / nr
        let aPanels = (m + mr - 1) / mr
        // All of op(A) is packed once (for batch 64 and width 256: 128 KB, in L2). Each panel of
        // op(B) (k × nr: 32 KB for the wide kernel) then meets every A panel in turn while it is
        // hot in L1: the kernel reads more bytes of B than of A, so B is the operand to keep close.
        // A row-major A is read in place too (the kernel broadcasts single values either way);
        // only a transposed A and a ragged last panel are packed.
        let packedA = UnsafeMutablePointer<Double>.allocate(capacity: aPanels * k * mr)
        defer { packedA.deallocate() }
        for panel in 0..<aPanels where ta || panel * mr + mr > m {
            let row0 = panel * mr
            packA(a, transposed: ta, row0: row0, rowsValid: min(mr, m - row0), mr: mr, k: k, into: packedA + panel * k * mr)
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
                packBPanel(b, transposed: tb, k: k, col0: col0, valid: min(nr, n - col0), nr: nr, into: packedB + (bp - first) * k * nr)
            }
            // Each call also asks for a slice of the next panel (PrefetchPlan), so only the
            // worker's first panel meets memory cold. Only a large B read in place (256 KB and up: a
            // wide layer's weights) arrives cold enough to gain; packed panels were just written.
            let prefetching = !tb && k * n >= 1 << 15
            let rowsPerSlice = (k + aPanels - 1) / aPanels
            for bp in first..<last {
                let col0 = bp * nr
                let colsValid = min(nr, n - col0)
                let inPlace = !tb && colsValid == nr
                let panelB = inPlace ? UnsafeMutablePointer(mutating: b.storage.pointer + col0) : packedB + (bp - first) * k * nr
                let ldb = inPlace ? n : nr
                let nextInPlace = prefetching && bp + 1 < last && (bp + 1) * nr + nr <= n
                for panel in 0..<aPanels {
                    let row0 = panel * mr
                    let offset = row0 * ldc + col0
                    let tileTail = Tail(bias: tail.bias.map { $0 + col0 }, residual: tail.residual.map { $0 + offset }, relu: tail.relu)
                    let aInPlace = !ta && row0 + mr <= m
                    let panelA = aInPlace ? UnsafePointer(a.storage.pointer + row0 * k) : UnsafePointer(packedA + panel * k * mr)
                    var plan = PrefetchPlan.none
                    plan.ownRowsAhead = prefetching && inPlace && bp == first && panel == 0
                    let sliceRow = panel * rowsPerSlice
                    if nextInPlace && sliceRow < k {
                        plan.next = UnsafePointer(b.storage.pointer + sliceRow * n + col0 + nr)
                        plan.nextRows = min(rowsPerSlice, k - sliceRow)
                    }
                    Kernel.multiply(
                        panelA, rowStride: aInPlace ? k : 1, kStride: aInPlace ? 1 : mr, panelB, ldb: ldb,
                        prefetch: plan, k: k, c: cp + offset, ldc: ldc,
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
    private static func packA(
        _ a: Matrix, transposed: Bool, row0: Int, rowsValid: Int, mr: Int, k: Int,
        into out: UnsafeMutablePointer<Double>
    ) {
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
    private static func packBPanel(
        _ b: Matrix, transposed: Bool, k: Int, col0: Int, valid: Int, nr: Int,
        into panel: UnsafeMutablePointer<Double>
    ) {
        let bp = b.storage.pointer
        if valid < nr { panel.initialize(repeating: 0, count: k * nr) }
        if transposed {
            // op(B)[kk, j] = B[j, kk]: read nr rows side by side, write the panel in order. Full
            // panels go in 4×4 blocks (four runs of a row in, four of the panel out, transposed in
            // registers); entry by entry, this pass took a third of a backward product's time.
            let base = bp + col0 * b.cols
            let stride = b.cols
            var kk = 0
            if valid == nr && nr % 4 == 0 {
                while kk + 4 <= k {
                    for j in Swift.stride(from: 0, to: nr, by: 4) {
                        let row = base + j * stride + kk
                        let r0 = UnsafeRawPointer(row).loadUnaligned(as: SIMD4<Double>.self)
                        let r1 = UnsafeRawPointer(row + stride).loadUnaligned(as: SIMD4<Double>.self)
                        let r2 = UnsafeRawPointer(row + 2 * stride).loadUnaligned(as: SIMD4<Double>.self)
                        let r3 = UnsafeRawPointer(row + 3 * stride).loadUnaligned(as: SIMD4<Double>.self)
                        let target = UnsafeMutableRawPointer(panel + kk * nr + j)
                        target.storeBytes(of: SIMD4(r0[0], r1[0], r2[0], r3[0]), as: SIMD4<Double>.self)
                        target.storeBytes(of: SIMD4(r0[1], r1[1], r2[1], r3[1]), toByteOffset: nr * 8, as: SIMD4<Double>.self)
                        target.storeBytes(of: SIMD4(r0[2], r1[2], r2[2], r3[2]), toByteOffset: 2 * nr * 8, as: SIMD4<Double>.self)
                        target.storeBytes(of: SIMD4(r0[3], r1[3], r2[3], r3[3]), toByteOffset: 3 * nr * 8, as: SIMD4<Double>.self)
                    }
                    kk += 4
                }
            }
            for kk in kk..<k {
                let target = panel + kk * nr
                for j in 0..<valid { target[j] = base[j * stride + kk] }
            }
        } else {
            for kk in 0..<k {
                (panel + kk * nr).update(from: bp + kk * b.cols + col0, count: valid)
            }
        }
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
