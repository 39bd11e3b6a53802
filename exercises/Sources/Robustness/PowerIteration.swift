// Lesson 4: Robustness and Lipschitz bounds
// Exercise power-iteration — The spectral norm by power iteration (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// The largest singular value σ₁ = ‖A‖₂ of `a` and a unit vector v (approximately the top right
/// singular vector), by power iteration on AᵀA from `a.cols` normals of SeededGenerator(seed: seed).
/// Stops when |s_k − s_{k−1}| ≤ tolerance·s_k (with s₀ = 0) or after maxIterations steps.
/// An empty matrix gives σ = 0 and a vector of a.cols zeros.
public func powerIteration(_ a: Matrix, maxIterations: Int = 1000, tolerance: Double = 1e-12,
                           seed: UInt64 = 0) -> (sigma: Double, vector: [Double]) {
    precondition(maxIterations >= 1 && tolerance >= 0, "power iteration needs at least one step and a tolerance ≥ 0")
    // TODO: write your solution here (exercise power-iteration).
    return (0, [Double](repeating: 0, count: a.cols))
}
