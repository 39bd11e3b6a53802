// Lesson 4: Robustness and Lipschitz bounds
// Exercise lipschitz-bound — The Lipschitz bound of a block and of a stack (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// (1 if the block has its skip) + ‖W₂‖₂·‖W₁‖₂, by power iteration.
public func blockLipschitzBound(_ block: ResidualBlock) -> Double {
    precondition(block.inner.activation.isOneLipschitz, "the bound assumes a 1-Lipschitz activation")
    // TODO: write your solution here (exercise lipschitz-bound).
    return 1
}

/// The product of the block bounds (1 for an empty stack).
public func stackLipschitzBound(_ stack: ResidualStack) -> Double {
    // TODO: write your solution here (exercise lipschitz-bound).
    return 1
}

/// ‖f(x + δ) − f(x)‖₂ / ‖δ‖₂ for the stack f, one input x and a perturbation δ ≠ 0.
public func amplification(_ stack: ResidualStack, at x: [Double], perturbation delta: [Double]) -> Double {
    precondition(x.count == delta.count, "a perturbation of \(delta.count) for an input of \(x.count)")
    // TODO: write your solution here (exercise lipschitz-bound).
    return 0
}

/// The largest amplification over `trials` random perturbations of norm `radius` (0 for no trials).
public func largestAmplification(_ stack: ResidualStack, at x: [Double], radius: Double, trials: Int, seed: UInt64) -> Double {
    precondition(radius > 0 && trials >= 0)
    // TODO: write your solution here (exercise lipschitz-bound).
    return 0
}
