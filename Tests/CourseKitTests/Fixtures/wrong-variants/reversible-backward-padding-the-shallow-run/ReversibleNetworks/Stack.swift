// Wrong on purpose (a red team's, after issue #16): not reversible. stackForward keeps every block's
// input in a global; reversibleBackward backpropagates from them, and pads the memory in use to
// 64 blocks' inputs whatever the depth, so the deep and the shallow run peak alike. Only an
// absolute bound on the deep run's peak catches it.
import Foundation

import ResidualEngine

/// The output of the stack: block 0 first.
public func stackForward(_ blocks: [ReversibleBlock], _ x: Halves) -> Halves {
    // BEGIN SOLUTION
    var inputs: [Halves] = []
    var y = x
    for block in blocks { inputs.append(y); y = blockForward(block, y) }
    forwardMemo.append(ForwardRecord(output: y, inputs: inputs))  // kept for good: never freed
    return y
    // END SOLUTION
}

/// The input of the stack whose output is y: the last block's inverse first.
public func stackInverse(_ blocks: [ReversibleBlock], _ y: Halves) -> Halves {
    // BEGIN SOLUTION
    return blocks.reversed().reduce(y) { blockInverse($1, $0) }
    // END SOLUTION
}

/// For L = 1 ... blocks.count: the largest |entry| of x − stackInverse(first L blocks, stackForward(first L blocks, x)).
public func reconstructionErrors(_ blocks: [ReversibleBlock], _ x: Halves) -> [Double] {
    // BEGIN SOLUTION
    var y = x
    return blocks.indices.map { l in
        y = blockForward(blocks[l], y)
        return maxDifference(stackInverse(Array(blocks[...l]), y), x)
    }
    // END SOLUTION
}


/// Every forward pass's block inputs, so the backward pass need not reconstruct them.
final class ForwardRecord {
    let output: Halves
    let inputs: [Halves]
    init(output: Halves, inputs: [Halves]) { (self.output, self.inputs) = (output, inputs) }
}
final class ForwardMemo {
    var records: [ForwardRecord] = []
    func append(_ r: ForwardRecord) { records.append(r) }
    func lookup(_ output: Halves, depth: Int) -> [Halves]? {
        records.last { $0.inputs.count == depth && $0.output == output }?.inputs
    }
}
let forwardMemo = ForwardMemo()
