// Lesson 1: Golden lesson
// Exercise swap-pair — Swap a pair (4 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

public func swapPair(_ p: Pair) -> Pair {
    // TODO: write your solution here (exercise swap-pair).
    return p
}

public func total(_ p: Pair) -> Int {
    // TODO: write your solution here (exercise swap-pair).
    fatalError("TODO: exercise swap-pair is not implemented yet")
}
