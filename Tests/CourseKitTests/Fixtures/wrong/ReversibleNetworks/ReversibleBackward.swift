// Wrong on purpose (issue #16): inverts the whole stack into an array before backpropagating.
// Gradients and tape peak are right; the memory is O(L), kept beside the tape.
import Foundation

import ResidualEngine

/// Backpropagates `outputGradient` through the stack from its `output` alone, reconstructing
/// every block's input on the way; the tape holds at most one block's branch caches at a time.
public func reversibleBackward(_ blocks: [ReversibleBlock], output: Halves, outputGradient: Halves,
                               tape: ActivationTape) -> (reconstructedInput: Halves, gradients: StackGradients) {
    precondition(output.first.rows == outputGradient.first.rows && output.first.cols == outputGradient.first.cols,
                 "gradient \(outputGradient.first.shape) for an output of \(output.first.shape)")
    // Every block's input first, off the tape: the right numbers, with O(L) memory.
    var inputs: [Halves] = []
    var y = output
    for block in blocks.reversed() {
        let x2 = y.second - block.g(y.first)
        y = Halves(y.first - block.f(x2), x2)
        inputs.append(y)
    }
    var gradient = outputGradient
    var perBlock: [BlockGradients] = []
    for (block, x) in zip(blocks.reversed(), inputs) {
        let y1 = x.first + block.f.forward(x.second, tape: tape)
        _ = block.g.forward(y1, tape: tape)
        let gGradients = block.g.backward(gradient.second, tape: tape)
        let totalY1 = gradient.first + gGradients.input
        let fGradients = block.f.backward(totalY1, tape: tape)
        perBlock.append(BlockGradients(f: fGradients, g: gGradients))
        gradient = Halves(totalY1, gradient.second + fGradients.input)
    }
    return (inputs.last ?? output, StackGradients(input: gradient, blocks: perBlock.reversed()))
}
