// Lesson 3: Long-range links
// Exercise gradient-depth — Gradient norm against depth (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// For L = 1 ... layers.count: the norm of ∂(u·x_L)/∂x₀ through the first L layers, with
/// u = (1, …, 1)/√width. `input` is one sample (a 1 × width matrix).
public func inputGradientNorms(input: Matrix, layers: [DenseLayer], residual: Bool) -> [Double] {
    precondition(input.rows == 1, "one sample at a time")
    // TODO: write your solution here (exercise gradient-depth).
    fatalError("TODO: exercise gradient-depth is not implemented yet")
}

/// The average factor per layer between two depths: (norm at toDepth / norm at fromDepth)^(1 / (toDepth − fromDepth)),
/// with depths counted from 1 (norms[0] belongs to depth 1).
public func ratePerLayer(_ norms: [Double], fromDepth: Int, toDepth: Int) -> Double {
    precondition(1 <= fromDepth && fromDepth < toDepth && toDepth <= norms.count)
    // TODO: write your solution here (exercise gradient-depth).
    fatalError("TODO: exercise gradient-depth is not implemented yet")
}
