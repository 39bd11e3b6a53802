// Wrong on purpose (issue #16): inverts the whole stack before backpropagating. Gradients and
// tape peak are right; the memory is O(L), kept beside the tape, and hidden as well as it can be:
// as plain [Double] arrays (no Matrix), written in place into a pool that `stackForward` (Stack.swift)
// sets aside before any tape is made, so nothing is allocated while the tape watches.
import Foundation

import ResidualEngine

/// Backpropagates `outputGradient` through the stack from its `output` alone, reconstructing
/// every block's input on the way; the tape holds at most one block's branch caches at a time.
public func reversibleBackward(_ blocks: [ReversibleBlock], output: Halves, outputGradient: Halves,
                               tape: ActivationTape) -> (reconstructedInput: Halves, gradients: StackGradients) {
    precondition(output.first.rows == outputGradient.first.rows && output.first.cols == outputGradient.first.cols,
                 "gradient \(outputGradient.first.shape) for an output of \(output.first.shape)")
    let rows = output.first.rows, cols = output.first.cols
    setAsidePool(blocks: blocks.count, entries: rows * cols)
    // Every block's input first, off the tape, into the pool: the right numbers, with O(L) memory.
    var y = output
    for (index, block) in blocks.enumerated().reversed() {
        let x2 = y.second - block.g(y.first)
        y = Halves(y.first - block.f(x2), x2)
        for r in 0..<rows {
            for c in 0..<cols {
                inputPool[2 * index][r * cols + c] = y.first[r, c]
                inputPool[2 * index + 1][r * cols + c] = y.second[r, c]
            }
        }
    }
    var gradient = outputGradient
    var perBlock: [BlockGradients] = []
    for (index, block) in blocks.enumerated().reversed() {
        let x = Halves(
            Matrix(rows: rows, cols: cols, Array(inputPool[2 * index].prefix(rows * cols))),
            Matrix(rows: rows, cols: cols, Array(inputPool[2 * index + 1].prefix(rows * cols))))
        let y1 = x.first + block.f.forward(x.second, tape: tape)
        _ = block.g.forward(y1, tape: tape)
        let gGradients = block.g.backward(gradient.second, tape: tape)
        let totalY1 = gradient.first + gGradients.input
        let fGradients = block.f.backward(totalY1, tape: tape)
        perBlock.append(BlockGradients(f: fGradients, g: gGradients))
        gradient = Halves(totalY1, gradient.second + fGradients.input)
    }
    return (blocks.isEmpty ? output : y, StackGradients(input: gradient, blocks: perBlock.reversed()))
}
