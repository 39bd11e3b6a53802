// The propagators lesson 2 asks students to write, for the engine's benchmark (against SciPy) and
// tests. Not in the support library: its source is copied into every student's package, where a
// working Thomas solver and Crank–Nicolson step would be the lesson's answers (a red team read
// them there). Nothing in the course's site or exercises imports this module.
import ResidualEngine

/// As the support library's `require` (internal there): a check whose message stays in optimised builds.
@inline(__always)
private func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError(message(), file: file, line: line) }
}

extension ComplexTridiagonal {
    /// Factors once (LU without pivoting, fine for diagonally dominant systems) for many solves.
    public func factorized() -> Factorization { Factorization(self) }

    /// Solves A·x = b.
    public func solve(_ b: [Complex]) -> [Complex] { factorized().solve(b) }

    /// The Thomas algorithm's forward-elimination coefficients, computed once.
    public struct Factorization: Sendable {
        let lower: [Complex]
        let upper: [Complex]
        /// 1 / (modified pivot) for each row.
        let inversePivots: [Complex]

        init(_ a: ComplexTridiagonal) {
            let n = a.size
            var inverse = [Complex](repeating: .zero, count: n)
            var pivot = a.diagonal.first ?? .zero
            for k in 0..<n {
                if k > 0 { pivot = a.diagonal[k] - a.lower[k - 1] * (a.upper[k - 1] * inverse[k - 1]) }
                require(pivot.lengthSquared > 0, "zero pivot at row \(k): the matrix is singular or needs pivoting")
                inverse[k] = Complex(1) / pivot
            }
            lower = a.lower
            upper = a.upper
            inversePivots = inverse
        }

        /// Solves A·x = b in O(n).
        public func solve(_ b: [Complex]) -> [Complex] {
            let n = inversePivots.count
            require(b.count == n, "shape mismatch: a right-hand side of \(b.count) for a system of \(n)")
            var x = b
            x.withUnsafeMutableBufferPointer { x in
                lower.withUnsafeBufferPointer { l in
                    upper.withUnsafeBufferPointer { u in
                        inversePivots.withUnsafeBufferPointer { p in
                            // Forward: y_k = (b_k − l_{k−1} y_{k−1}) / pivot_k; backward: x_k = y_k − (u_k / pivot_k) x_{k+1}.
                            if n > 0 { x[0] = x[0] * p[0] }
                            for k in stride(from: 1, to: n, by: 1) { x[k] = (x[k] - l[k - 1] * x[k - 1]) * p[k] }
                            for k in stride(from: n - 2, through: 0, by: -1) { x[k] = x[k] - (u[k] * p[k]) * x[k + 1] }
                        }
                    }
                }
            }
            return x
        }
    }
}

/// H = −½ d²/dx² + V(x) on a uniform grid with Dirichlet ends (ħ = m = 1), second-order differences.
public struct GridHamiltonian: Sendable {
    /// V at each grid point.
    public var potential: [Double]
    /// The grid spacing dx, > 0.
    public var spacing: Double

    /// H for a potential sampled at the grid points, `spacing` apart.
    public init(potential: [Double], spacing: Double) {
        require(spacing > 0, "the grid spacing must be positive")
        self.potential = potential
        self.spacing = spacing
    }

    /// The number of grid points.
    public var size: Int { potential.count }
    /// The off-diagonal entry −1/(2 dx²).
    public var offDiagonal: Double { -0.5 / (spacing * spacing) }
    /// The diagonal entries 1/dx² + V.
    public var diagonal: [Double] { potential.map { 1 / (spacing * spacing) + $0 } }

    /// H·ψ.
    public func apply(_ psi: [Complex]) -> [Complex] {
        let off = offDiagonal, inverse = 1 / (spacing * spacing)
        require(psi.count == size, "shape mismatch: ψ of \(psi.count) on a grid of \(size)")
        var out = [Complex](repeating: .zero, count: size)
        for k in 0..<size {
            var s = (inverse + potential[k]) * psi[k]
            if k > 0 { s += off * psi[k - 1] }
            if k + 1 < size { s += off * psi[k + 1] }
            out[k] = s
        }
        return out
    }

    /// 1 + c·H as a complex tridiagonal matrix (c = ±iΔt/2 for Crank–Nicolson).
    public func shiftedIdentity(plus c: Complex) -> ComplexTridiagonal {
        let n = size
        let off = c * Complex(offDiagonal)
        return ComplexTridiagonal(
            lower: Array(repeating: off, count: max(0, n - 1)),
            diagonal: diagonal.map { Complex(1) + c * Complex($0) },
            upper: Array(repeating: off, count: max(0, n - 1)))
    }
}

/// The Crank–Nicolson (Cayley) step (1 + iΔtH/2) ψ' = (1 − iΔtH/2) ψ, factored once.
public struct CrankNicolson: Sendable {
    /// The H the step propagates under.
    public let hamiltonian: GridHamiltonian
    /// Δt.
    public let timeStep: Double
    let factorization: ComplexTridiagonal.Factorization

    /// The step for `hamiltonian` and `timeStep`, its matrix factored now.
    public init(hamiltonian: GridHamiltonian, timeStep: Double) {
        self.hamiltonian = hamiltonian
        self.timeStep = timeStep
        factorization = hamiltonian.shiftedIdentity(plus: Complex(0, timeStep / 2)).factorized()
    }

    /// ψ after one step.
    public func step(_ psi: [Complex]) -> [Complex] {
        let h = hamiltonian.apply(psi)
        let half = timeStep / 2
        var rhs = psi
        for k in rhs.indices { rhs[k] = Complex(psi[k].real + half * h[k].imaginary, psi[k].imaginary - half * h[k].real) }
        return factorization.solve(rhs)
    }
}
