// Wrong on purpose (red team, round 27): ordinary backpropagation that keeps nothing on the caller's
// tape (it recomputes, like the reversible pass), and an experiment that writes the ordinary peak
// down as 6 per block instead of reading it off the tape. Scored 3 of 3 on 'memory' while only the
// reversible peak was compared with a run of the student's own function.
import Foundation

import ResidualEngine

/// Ordinary backpropagation: a forward pass that keeps every branch's cache on the tape, then a
/// backward pass that pops them.
public func ordinaryBackward(_ blocks: [ReversibleBlock], input: Halves, outputGradient: Halves,
                             tape: ActivationTape) -> StackGradients {
    // BEGIN SOLUTION
    // Wrong: keeps nothing on the caller's tape (recomputes instead, like the reversible pass).
    let output = stackForward(blocks, input)
    return reversibleBackward(blocks, output: output, outputGradient: outputGradient, tape: ActivationTape()).gradients
    // END SOLUTION
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
    // BEGIN SOLUTION
    let x = randomHalves(rows: batch, halfWidth: halfWidth, seed: seed + 1)
    let ones = Halves(Matrix(rows: batch, cols: halfWidth, repeating: 1), Matrix(rows: batch, cols: halfWidth, repeating: 1))
    return depths.map { depth in
        // mutant-equivalent: '1' → '(-1)': std −1/√c negates both weights of every branch, and (−W₂)·tanh(−W₁x) = W₂·tanh(W₁x) (tanh is odd, biases 0)
        let blocks = makeReversibleStack(depth: depth, halfWidth: halfWidth, hidden: hidden, scale: 1, seed: seed)
        let ordinaryTape = ActivationTape()
        let ordinary = ordinaryBackward(blocks, input: x, outputGradient: ones, tape: ordinaryTape)
        let reversibleTape = ActivationTape()
        let (_, reversible) = reversibleBackward(blocks, output: stackForward(blocks, x), outputGradient: ones, tape: reversibleTape)
        let norm = (pow(ordinary.input.first.frobeniusNorm(), 2) + pow(ordinary.input.second.frobeniusNorm(), 2)).squareRoot()
        return PeakMemory(depth: depth, ordinary: 6 * depth, reversible: reversibleTape.peakMatrices,
                          inputGradientNorm: norm, gradientDifference: maxDifference(ordinary.input, reversible.input))
    }
    // END SOLUTION
}
