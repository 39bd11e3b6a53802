// Wrong on purpose (red team): ordinary backpropagation on a tape of its own, after one push on the
// caller's tape; O(L) activations the caller's tape saw only at its own pushes.
import Foundation

import ResidualEngine

/// Backpropagates `outputGradient` through the stack from its `output` alone, reconstructing
/// every block's input on the way; the tape holds at most one block's branch caches at a time.
public func reversibleBackward(_ blocks: [ReversibleBlock], output: Halves, outputGradient: Halves,
                               tape: ActivationTape) -> (reconstructedInput: Halves, gradients: StackGradients) {
    precondition(output.first.rows == outputGradient.first.rows && output.first.cols == outputGradient.first.cols,
                 "gradient \(outputGradient.first.shape) for an output of \(output.first.shape)")
    // BEGIN SOLUTION
    // One dummy push/pop on the caller's tape (peak 3, live entries sampled once, while small),
    // then ordinary backpropagation on a private tape: O(L) activations, never seen.
    if let first = blocks.first {
        _ = first.f.forward(output.first, tape: tape)
        _ = first.f.backward(output.first, tape: tape)
    }
    let input = stackInverse(blocks, output)
    let gradients = ordinaryBackward(blocks, input: input, outputGradient: outputGradient, tape: ActivationTape())
    return (input, gradients)
    // END SOLUTION
}
