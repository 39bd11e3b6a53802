// Wrong on purpose (red team): keeps every ⌈√L⌉-th block's input and recomputes the rest forwards:
// memory that grows with depth, by less than the old slack allowed.
import Foundation

import ResidualEngine

/// Backpropagates `outputGradient` through the stack from its `output` alone, reconstructing
/// every block's input on the way; the tape holds at most one block's branch caches at a time.
public func reversibleBackward(_ blocks: [ReversibleBlock], output: Halves, outputGradient: Halves,
                               tape: ActivationTape) -> (reconstructedInput: Halves, gradients: StackGradients) {
    precondition(output.first.rows == outputGradient.first.rows && output.first.cols == outputGradient.first.cols,
                 "gradient \(outputGradient.first.shape) for an output of \(output.first.shape)")
    // BEGIN SOLUTION
    // Checkpointing, not reversibility: keeps every ⌈√L⌉-th block input (O(√L) memory) and
    // recomputes the others forward from the nearest checkpoint. Never inverts a single block
    // on the way down; x₀ comes from stackInverse once.
    let depth = blocks.count
    guard depth > 0 else { return (output, StackGradients(input: outputGradient, blocks: [])) }
    let x0 = stackInverse(blocks, output)
    let k = max(1, Int(Double(depth).squareRoot().rounded(.up)))
    var checkpoints: [Halves] = []
    var x = x0
    for l in 0..<depth {
        if l % k == 0 { checkpoints.append(x) }
        x = blockForward(blocks[l], x)
    }
    var gradient = outputGradient
    var perBlock: [BlockGradients] = []
    for l in stride(from: depth - 1, through: 0, by: -1) {
        var xin = checkpoints[l / k]
        for m in (l / k * k)..<l { xin = blockForward(blocks[m], xin) }
        let block = blocks[l]
        let y1 = xin.first + block.f(xin.second)
        _ = block.g.forward(y1, tape: tape)
        let gGradients = block.g.backward(gradient.second, tape: tape)
        let totalY1 = gradient.first + gGradients.input
        _ = block.f.forward(xin.second, tape: tape)
        let fGradients = block.f.backward(totalY1, tape: tape)
        perBlock.append(BlockGradients(f: fGradients, g: gGradients))
        gradient = Halves(totalY1, gradient.second + fGradients.input)
        if l % k == 0 { checkpoints.removeLast() }
    }
    return (x0, StackGradients(input: gradient, blocks: perBlock.reversed()))
    // END SOLUTION
}
