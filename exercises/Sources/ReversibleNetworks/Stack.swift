// Lesson 6: Reversible residual networks and the memory problem
// Exercise stack — A stack of blocks, forwards and backwards (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// The output of the stack: block 0 first.
public func stackForward(_ blocks: [ReversibleBlock], _ x: Halves) -> Halves {
    // TODO: write your solution here (exercise stack).
    fatalError("TODO: exercise stack is not implemented yet")
}

/// The input of the stack whose output is y: the last block's inverse first.
public func stackInverse(_ blocks: [ReversibleBlock], _ y: Halves) -> Halves {
    // TODO: write your solution here (exercise stack).
    fatalError("TODO: exercise stack is not implemented yet")
}

/// For L = 1 ... blocks.count: the largest |entry| of x − stackInverse(first L blocks, stackForward(first L blocks, x)).
public func reconstructionErrors(_ blocks: [ReversibleBlock], _ x: Halves) -> [Double] {
    // TODO: write your solution here (exercise stack).
    fatalError("TODO: exercise stack is not implemented yet")
}
