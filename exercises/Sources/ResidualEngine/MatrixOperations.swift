/// Elementwise arithmetic, maps, reductions and norms of matrices.
extension Matrix {
    static func requireSameShape(_ a: Matrix, _ b: Matrix, _ operation: String) {
        require(a.rows == b.rows && a.cols == b.cols, "shape mismatch in \(operation): \(a.shape) and \(b.shape)")
    }

    /// Applies `transform` to every entry.
    public func map(_ transform: (Double) -> Double) -> Matrix {
        let out = Matrix(rows: rows, cols: cols)
        let source = storage.pointer, target = out.storage.pointer
        for i in 0..<count { target[i] = transform(source[i]) }
        return out
    }

    /// Combines two matrices of one shape entry by entry.
    public func zipMap(_ other: Matrix, _ combine: (Double, Double) -> Double) -> Matrix {
        Matrix.requireSameShape(self, other, "zipMap")
        let out = Matrix(rows: rows, cols: cols)
        let a = storage.pointer, b = other.storage.pointer, target = out.storage.pointer
        for i in 0..<count { target[i] = combine(a[i], b[i]) }
        return out
    }

    /// The entrywise sum; the shapes must match.
    public static func + (a: Matrix, b: Matrix) -> Matrix {
        requireSameShape(a, b, "+")
        var out = a
        out.add(b)
        return out
    }

    /// The entrywise difference; the shapes must match.
    public static func - (a: Matrix, b: Matrix) -> Matrix {
        requireSameShape(a, b, "-")
        var out = a
        out.add(b, scaledBy: -1)
        return out
    }

    /// Every entry multiplied by `s`.
    public static func * (s: Double, a: Matrix) -> Matrix { a.map { s * $0 } }

    /// Entries kept where `mask` is positive, zero elsewhere (ReLU's backward pass).
    public func masked(where mask: Matrix) -> Matrix {
        Matrix.requireSameShape(self, mask, "masked")
        let out = Matrix(uninitializedRows: rows, cols: cols)
        let g = storage.pointer, m = mask.storage.pointer, target = out.storage.pointer
        var i = 0
        while i + 8 <= count {
            let gv = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Double>.self)
            let mv = UnsafeRawPointer(m + i).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(target + i).storeBytes(of: SIMDBits.keep(gv, wherePositive: mv), as: SIMD8<Double>.self)
            i += 8
        }
        while i < count { target[i] = m[i] > 0 ? g[i] : 0; i += 1 }
        return out
    }

    /// The entrywise (Hadamard) product.
    public func hadamard(_ other: Matrix) -> Matrix { zipMap(other, *) }

    /// self += scale · other, in place.
    public mutating func add(_ other: Matrix, scaledBy scale: Double = 1) {
        Matrix.requireSameShape(self, other, "add")
        makeUnique()
        let a = storage.pointer, b = other.storage.pointer
        var i = 0
        let s = SIMD8<Double>(repeating: scale)
        while i + 8 <= count {
            let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Double>.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(a + i).storeBytes(of: x + s * y, as: SIMD8<Double>.self)
            i += 8
        }
        while i < count { a[i] += scale * b[i]; i += 1 }
    }

    /// Adds `vector` to every row (a bias).
    public mutating func addToEachRow(_ vector: [Double]) {
        require(vector.count == cols, "shape mismatch adding a vector of \(vector.count) to the rows of \(shape)")
        makeUnique()
        for r in 0..<rows {
            let row = storage.pointer + r * cols
            for c in 0..<cols { row[c] += vector[c] }
        }
    }

    /// The transpose.
    public var transposed: Matrix {
        let out = Matrix(rows: cols, cols: rows)
        let source = storage.pointer, target = out.storage.pointer
        // In 16×16 tiles: row by row, every write of a 256-wide matrix lands on a new cache line
        // and the lines are evicted before their neighbours are written (4.3× slower at 256×256,
        // enough for a backward pass that reads `DenseLayer.weight` per layer to fail a benchmark).
        let tile = 16
        for r0 in stride(from: 0, to: rows, by: tile) {
            let r1 = Swift.min(r0 + tile, rows)
            for c0 in stride(from: 0, to: cols, by: tile) {
                let c1 = Swift.min(c0 + tile, cols)
                for r in r0..<r1 { for c in c0..<c1 { target[c * rows + r] = source[r * cols + c] } }
            }
        }
        return out
    }

    /// The sum of every entry.
    public func sum() -> Double {
        var total = 0.0
        for i in 0..<count { total += storage.pointer[i] }
        return total
    }

    /// Sums over the rows: one value per column (the gradient of a bias).
    public func columnSums() -> [Double] {
        var sums = [Double](repeating: 0, count: cols)
        for r in 0..<rows {
            let row = storage.pointer + r * cols
            for c in 0..<cols { sums[c] += row[c] }
        }
        return sums
    }

    /// The Frobenius norm, sqrt(Σ a²).
    public func frobeniusNorm() -> Double {
        var total = 0.0
        for i in 0..<count { total += storage.pointer[i] * storage.pointer[i] }
        return total.squareRoot()
    }

    /// The largest absolute entry (0 for no entries); NaN if any entry is NaN, else +∞ if any is
    /// infinite, so that `XCTAssertLessThan(error.maxAbs(), tolerance)` fails on either.
    public func maxAbs() -> Double {
        withUnsafeBufferPointer { Vector.maxAbs($0) }
    }

    /// Matrix–vector product A·x.
    public func multiplied(by x: [Double]) -> [Double] {
        require(x.count == cols, "shape mismatch in matrix–vector product: \(shape) and a vector of \(x.count)")
        var y = [Double](repeating: 0, count: rows)
        x.withUnsafeBufferPointer { xp in
            for r in 0..<rows { y[r] = Vector.dot(UnsafeBufferPointer(start: storage.pointer + r * cols, count: cols), xp) }
        }
        return y
    }

    /// Transposed matrix–vector product Aᵀ·x.
    public func transposeMultiplied(by x: [Double]) -> [Double] {
        require(x.count == rows, "shape mismatch in transposed matrix–vector product: \(shape)ᵀ and a vector of \(x.count)")
        var y = [Double](repeating: 0, count: cols)
        for r in 0..<rows {
            let row = storage.pointer + r * cols
            let xr = x[r]
            for c in 0..<cols { y[c] += row[c] * xr }
        }
        return y
    }
}

/// Operations on plain `[Double]` vectors.
public enum Vector {
    /// Σ aᵢbᵢ.
    public static func dot(_ a: [Double], _ b: [Double]) -> Double {
        require(a.count == b.count, "shape mismatch in dot product: vectors of \(a.count) and \(b.count)")
        return a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in dot(ap, bp) } }
    }

    static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
        var acc = SIMD8<Double>.zero
        var i = 0
        let n = a.count
        while i + 8 <= n {
            acc +=
                UnsafeRawPointer(a.baseAddress! + i).loadUnaligned(as: SIMD8<Double>.self)
                * UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: SIMD8<Double>.self)
            i += 8
        }
        var total = acc.sum()
        while i < n { total += a[i] * b[i]; i += 1 }
        return total
    }

    /// The Euclidean norm ‖a‖₂.
    public static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

    /// y + alpha·x.
    public static func axpy(_ alpha: Double, _ x: [Double], _ y: [Double]) -> [Double] {
        require(x.count == y.count, "shape mismatch in axpy: vectors of \(x.count) and \(y.count)")
        var out = y
        for i in out.indices { out[i] += alpha * x[i] }
        return out
    }

    /// a scaled by s.
    public static func scaled(_ a: [Double], by s: Double) -> [Double] { a.map { s * $0 } }
}

extension Matrix {
    /// The largest singular value ‖A‖₂, by power iteration on AᵀA from a seeded start; NaN if
    /// any entry is NaN, +∞ if any is infinite (or the estimate overflows).
    public func spectralNorm(tolerance: Double = 1e-12, maxIterations: Int = 10_000, seed: UInt64 = 0x5eed) -> Double {
        guard rows > 0, cols > 0 else { return 0 }
        // A NaN would make every convergence test false and the scaling below return 0.
        let largest = maxAbs()
        guard largest.isFinite else { return largest }
        var rng = SeededGenerator(seed: seed)
        var v = (0..<cols).map { _ in rng.nextNormal() }
        var estimate = 0.0
        for _ in 0..<maxIterations {
            let norm = Vector.norm(v)
            guard norm > 0 else { return norm.isNaN ? .nan : 0 }
            v = Vector.scaled(v, by: 1 / norm)
            let av = multiplied(by: v)
            let next = Vector.norm(av)
            guard next.isFinite else { return next }
            v = transposeMultiplied(by: av)
            if abs(next - estimate) <= tolerance * max(1, next) { return next }
            estimate = next
        }
        return estimate
    }
}
