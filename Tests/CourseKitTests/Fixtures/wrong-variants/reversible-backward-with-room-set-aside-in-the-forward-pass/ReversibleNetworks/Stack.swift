// Red team, round 20: the forward pass (an exercise of its own) sets aside room for every block's
// input after its last matrix allocation; the backward pass gives it back first thing and keeps
// all 40 inputs in arrays. A watch made after the forward pass counted the room in its start.
import Foundation

import ResidualEngine

/// The output of the stack: block 0 first.
public func stackForward(_ blocks: [ReversibleBlock], _ x: Halves) -> Halves {
    // BEGIN SOLUTION
    let y = blocks.reduce(x) { blockForward($1, $0) }
    // After the last matrix allocation: room for every block's input, held until the backward pass.
    heldRoom.values = [Double](repeating: 1, count: (blocks.count + 2) * 2 * x.first.rows * x.first.cols)
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

final class HeldRoom: @unchecked Sendable { var values: [Double] = [] }
let heldRoom = HeldRoom()
