// Lesson 4: Robustness and Lipschitz bounds
// Exercise spectral-normalization — Spectral normalization (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// W·min(1, maxNorm/‖W‖₂), with ‖W‖₂ by power iteration: `powerIteration(w)` with its defaults
/// (the tests check the capped norms to a relative 1e-9, which a tolerance of 1e-8 can miss).
public func spectrallyNormalized(_ w: Matrix, maxNorm: Double) -> Matrix {
    precondition(maxNorm > 0, "the cap must be positive")
    // TODO: write your solution here (exercise spectral-normalization).
    return w
}

/// The block with both weights normalized; biases, activation and skip unchanged.
public func spectrallyNormalized(_ block: ResidualBlock, maxNorm: Double) -> ResidualBlock {
    // TODO: write your solution here (exercise spectral-normalization).
    return block
}

/// Every block of the stack normalized.
public func spectrallyNormalized(_ stack: ResidualStack, maxNorm: Double) -> ResidualStack {
    // TODO: write your solution here (exercise spectral-normalization).
    return stack
}
