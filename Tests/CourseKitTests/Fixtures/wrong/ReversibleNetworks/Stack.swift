// Wrong on purpose, with ReversibleBackward.swift: the stack's output is right, and on the way it
// sets aside room for every block's input (two [Double] per block, twice as many blocks as asked
// for), so that the backward pass can keep them without allocating while a tape watches.
import Foundation

import ResidualEngine

/// The output of the stack: block 0 first.
public func stackForward(_ blocks: [ReversibleBlock], _ x: Halves) -> Halves {
    // BEGIN SOLUTION
    setAsidePool(blocks: blocks.count * 2, entries: x.first.count)
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
        return maxDifference(stackInverse(Array(blocks[...l]), y), x)
    }
    // END SOLUTION
}

nonisolated(unsafe) var inputPool: [[Double]] = []

/// Grows the pool to `blocks` blocks of `entries` numbers per half; never shrinks it.
func setAsidePool(blocks: Int, entries: Int) {
    if inputPool.count < 2 * blocks || (inputPool.first?.count ?? 0) < entries {
        let size = max(entries, inputPool.first?.count ?? 0)
        // One buffer each (not one shared copy-on-write buffer), so writing into them allocates nothing.
        inputPool = (0..<max(2 * blocks, inputPool.count)).map { _ in [Double](repeating: 0, count: size) }
    }
}
