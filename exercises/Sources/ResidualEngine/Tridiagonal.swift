// The solver, the grid Hamiltonian and the Crank–Nicolson step are in ResidualPropagators, a
// module of their own that the engine's benchmark and tests use and students never get: lesson 2
// asks them to write exactly these, and the support library's source is in their package.

/// A complex tridiagonal matrix (sub-, main and super-diagonal); solving a system with it is lesson 2's exercise.
public struct ComplexTridiagonal: Sendable {
    /// The sub-diagonal, n − 1 entries: `lower[k]` is A[k+1, k].
    public var lower: [Complex]
    /// The main diagonal, n entries.
    public var diagonal: [Complex]
    /// The super-diagonal, n − 1 entries: `upper[k]` is A[k, k+1].
    public var upper: [Complex]

    /// A matrix from its three diagonals; the off-diagonals have one entry fewer than the diagonal.
    public init(lower: [Complex], diagonal: [Complex], upper: [Complex]) {
        require(
            lower.count == max(0, diagonal.count - 1) && upper.count == lower.count,
            "a tridiagonal matrix of size \(diagonal.count) needs off-diagonals of \(max(0, diagonal.count - 1)), not \(lower.count) and \(upper.count)")
        self.lower = lower
        self.diagonal = diagonal
        self.upper = upper
    }

    /// n, for an n × n matrix.
    public var size: Int { diagonal.count }

    /// A·x.
    public func multiplied(by x: [Complex]) -> [Complex] {
        require(x.count == size, "shape mismatch: a \(size)×\(size) tridiagonal matrix times a vector of \(x.count)")
        var y = [Complex](repeating: .zero, count: size)
        for k in 0..<size {
            var s = diagonal[k] * x[k]
            if k > 0 { s += lower[k - 1] * x[k - 1] }
            if k + 1 < size { s += upper[k] * x[k + 1] }
            y[k] = s
        }
        return y
    }
}
