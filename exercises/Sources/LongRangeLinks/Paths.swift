// Lesson 3: Long-range links
// Exercise paths — Counting and weighting paths (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// The number of paths through `depth` residual blocks that cross exactly `branches` branches:
/// the binomial coefficient C(depth, branches), 0 outside 0...depth. Exact up to depth 60.
public func pathCount(depth: Int, branches: Int) -> Int {
    precondition(depth >= 0 && depth <= 60, "C(L, k) fits in an Int for L ≤ 60")
    // TODO: write your solution here (exercise paths).
    fatalError("TODO: exercise paths is not implemented yet")
}

/// The share w_k = C(L, k)·s^k / (1 + s)^L of paths of each length k = 0 ... depth, weighted by
/// gain^k (gain s = 1: the plain count, divided by 2^L).
public func pathLengthShares(depth: Int, gain: Double = 1) -> [Double] {
    precondition(depth >= 0 && gain >= 0)
    // TODO: write your solution here (exercise paths).
    fatalError("TODO: exercise paths is not implemented yet")
}

/// The mean path length Σ k·w_k under `pathLengthShares(depth:gain:)`.
public func meanPathLength(depth: Int, gain: Double = 1) -> Double {
    // TODO: write your solution here (exercise paths).
    fatalError("TODO: exercise paths is not implemented yet")
}
