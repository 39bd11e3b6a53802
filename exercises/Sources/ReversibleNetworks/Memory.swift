// Lesson 6: Reversible residual networks and the memory problem
// Exercise memory — Counting stored activations (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// Ordinary backpropagation: a forward pass that keeps every branch's cache on the tape, then a
/// backward pass that pops them.
public func ordinaryBackward(_ blocks: [ReversibleBlock], input: Halves, outputGradient: Halves,
                             tape: ActivationTape) -> StackGradients {
    // TODO: write your solution here (exercise memory).
    fatalError("TODO: exercise memory is not implemented yet")
}

/// The peak number of stored activation matrices of both methods at one depth, and the gradient
/// they computed: a memory saving is worth reporting only when both methods did the same work.
public struct PeakMemory: Equatable {
    public var depth: Int
    public var ordinary: Int
    public var reversible: Int
    /// ‖∂ℓ/∂x‖ (over both halves) from ordinary backpropagation.
    public var inputGradientNorm: Double
    /// The largest |entry| of the difference between the two methods' ∂ℓ/∂x.
    public var gradientDifference: Double
}

/// For each depth: a stack makeReversibleStack(depth:halfWidth:hidden:scale: 1, seed:), an input
/// randomHalves(rows: batch, halfWidth:, seed: seed + 1) and the loss ℓ = sum of all outputs
/// (output gradient all ones); the peak of a fresh tape during `ordinaryBackward` and during
/// `reversibleBackward` (given the output from `stackForward`), and how their ∂ℓ/∂x compare.
public func peakMemory(depths: [Int], halfWidth: Int, hidden: Int, batch: Int, seed: UInt64) -> [PeakMemory] {
    // TODO: write your solution here (exercise memory).
    fatalError("TODO: exercise memory is not implemented yet")
}
