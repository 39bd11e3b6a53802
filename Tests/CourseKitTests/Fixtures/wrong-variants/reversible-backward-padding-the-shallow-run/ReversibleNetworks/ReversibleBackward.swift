// Wrong on purpose (a red team's, after issue #16): not reversible. stackForward keeps every block's
// input in a global; reversibleBackward backpropagates from them, and pads the memory in use to
// 64 blocks' inputs whatever the depth, so the deep and the shallow run peak alike. Only an
// absolute bound on the deep run's peak catches it.
import Foundation

import ResidualEngine

/// Backpropagates `outputGradient` through the stack from its `output` alone, reconstructing
/// every block's input on the way; the tape holds at most one block's branch caches at a time.
public func reversibleBackward(_ blocks: [ReversibleBlock], output: Halves, outputGradient: Halves,
                               tape: ActivationTape) -> (reconstructedInput: Halves, gradients: StackGradients) {
    precondition(output.first.rows == outputGradient.first.rows && output.first.cols == outputGradient.first.cols,
                 "gradient \(outputGradient.first.shape) for an output of \(output.first.shape)")
    // BEGIN SOLUTION
    if let inputs = forwardMemo.lookup(output, depth: blocks.count), !blocks.isEmpty {
        return storedBackward(blocks, inputs: inputs, output: output, outputGradient: outputGradient, tape: tape)
    }
    var y = output
    var gradient = outputGradient
    var perBlock: [BlockGradients] = []
    perBlock.reserveCapacity(blocks.count)
    for block in blocks.reversed() {
        // y₂ = x₂ + G(y₁): recompute G at y₁, recover x₂, send ∂ℓ/∂y₂ through G into y₁.
        let x2 = y.second - block.g.forward(y.first, tape: tape)
        let gGradients = block.g.backward(gradient.second, tape: tape)
        let totalY1 = gradient.first + gGradients.input
        // y₁ = x₁ + F(x₂): recompute F at x₂, recover x₁, send the total ∂ℓ/∂y₁ through F into x₂.
        let x1 = y.first - block.f.forward(x2, tape: tape)
        let fGradients = block.f.backward(totalY1, tape: tape)
        perBlock.append(BlockGradients(f: fGradients, g: gGradients))
        y = Halves(x1, x2)
        gradient = Halves(totalY1, gradient.second + fGradients.input)
    }
    return (y, StackGradients(input: gradient, blocks: perBlock.reversed()))
    // END SOLUTION
}


/// Ordinary backpropagation from stored block inputs (no reconstruction), padded so that the
/// memory in use looks the same for every depth up to 64 blocks.
func storedBackward(_ blocks: [ReversibleBlock], inputs: [Halves], output: Halves, outputGradient: Halves,
                    tape: ActivationTape) -> (reconstructedInput: Halves, gradients: StackGradients) {
    let perInput = output.first.rows * output.first.cols * 2
    var padding: [Double] = [Double](repeating: 1, count: max(0, 64 - blocks.count) * perInput)
    var gradient = outputGradient
    var perBlock: [BlockGradients] = []
    for l in blocks.indices.reversed() {
        let block = blocks[l]
        let y = l + 1 < blocks.count ? inputs[l + 1] : output
        let x = inputs[l]
        _ = block.g.forward(y.first, tape: tape)   // samples the memory while the padding is held
        if !padding.isEmpty { padding = [] }
        let gGradients = block.g.backward(gradient.second, tape: tape)
        let totalY1 = gradient.first + gGradients.input
        _ = block.f.forward(x.second, tape: tape)
        let fGradients = block.f.backward(totalY1, tape: tape)
        perBlock.append(BlockGradients(f: fGradients, g: gGradients))
        gradient = Halves(totalY1, gradient.second + fGradients.input)
    }
    return (inputs[0], StackGradients(input: gradient, blocks: perBlock.reversed()))
}
