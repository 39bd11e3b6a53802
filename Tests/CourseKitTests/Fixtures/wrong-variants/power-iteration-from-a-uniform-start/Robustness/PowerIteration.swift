// Wrong on purpose (a plausible slip: a uniform start in [-1/2, 1/2) instead of normals).
import Foundation

import ResidualEngine

/// The largest singular value σ₁ = ‖A‖₂ of `a` and a unit vector v (approximately the top right
/// singular vector), by power iteration on AᵀA from `a.cols` normals of SeededGenerator(seed: seed).
/// Stops when |s_k − s_{k−1}| ≤ tolerance·s_k (with s₀ = 0) or after maxIterations steps.
/// An empty matrix gives σ = 0 and a vector of a.cols zeros.
public func powerIteration(_ a: Matrix, maxIterations: Int = 1000, tolerance: Double = 1e-12,
                           seed: UInt64 = 0) -> (sigma: Double, vector: [Double]) {
    precondition(maxIterations >= 1 && tolerance >= 0, "power iteration needs at least one step and a tolerance ≥ 0")
    guard a.rows * a.cols > 0 else { return (0, [Double](repeating: 0, count: a.cols)) }
    var rng = SeededGenerator(seed: seed)
    var v = (0..<a.cols).map { _ in rng.nextUnit() - 0.5 }
    v = Vector.scaled(v, by: 1 / Vector.norm(v))
    var sigma = 0.0
    for _ in 0..<maxIterations {
        let u = a.multiplied(by: v)
        let estimate = Vector.norm(u)
        guard estimate > 0 else { return (0, v) }
        let w = a.transposeMultiplied(by: u)
        v = Vector.scaled(w, by: 1 / Vector.norm(w))
        let converged = abs(estimate - sigma) <= tolerance * estimate
        sigma = estimate
        if converged { break }
    }
    return (sigma, v)
}
