// Wrong on purpose (a plausible slip, review round 31): reconstruction errors over the x1 half only,
// which carries most of the round-off on the lesson's stacks.
import Foundation

import ResidualEngine

/// The output of the stack: block 0 first.
public func stackForward(_ blocks: [ReversibleBlock], _ x: Halves) -> Halves {
    // BEGIN SOLUTION
    return blocks.reduce(x) { blockForward($1, $0) }
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
        return (stackInverse(Array(blocks[...l]), y).first - x.first).maxAbs()
    }
    // END SOLUTION
}
