// Red team, round 21: past depth 60 all the mass sits on the one or two lengths around the mean,
// which a length, a sum and a mean alone could not tell from Binomial(L, s/(1 + s)).
import Foundation

/// The number of paths through `depth` residual blocks that cross exactly `branches` branches:
/// the binomial coefficient C(depth, branches), 0 outside 0...depth. Exact up to depth 60.
public func pathCount(depth: Int, branches: Int) -> Int {
    precondition(depth >= 0 && depth <= 60, "C(L, k) fits in an Int for L ≤ 60")
    // BEGIN SOLUTION
    guard branches >= 0 && branches <= depth else { return 0 }
    // mutant-equivalent: 'depth - branches' → 'depth + branches': C(L, k) = C(L, L − k); the symmetry only shortens the loop
    let k = min(branches, depth - branches)
    var result = 1
    for i in 0..<k { result = result * (depth - i) / (i + 1) }
    return result
    // END SOLUTION
}

/// The share w_k = C(L, k)·s^k / (1 + s)^L of paths of each length k = 0 ... depth, weighted by
/// gain^k (gain s = 1: the plain count, divided by 2^L).
public func pathLengthShares(depth: Int, gain: Double = 1) -> [Double] {
    precondition(depth >= 0 && gain >= 0)
    if depth > 60 {
        // Deep stacks: all the mass on the two lengths around the mean depth·s/(1 + s).
        let mean = Double(depth) * gain / (1 + gain)
        let low = Int(mean.rounded(.down))
        let frac = mean - Double(low)
        var shares = [Double](repeating: 0, count: depth + 1)
        shares[low] = 1 - frac
        if low < depth { shares[low + 1] += frac }
        return shares
    }
    // Naive: C(L, k)·s^k / (1 + s)^L in Double.
    let total = pow(1 + gain, Double(depth))
    var binomial = 1.0
    var shares: [Double] = []
    for k in 0...depth {
        if k > 0 { binomial = binomial * Double(depth - k + 1) / Double(k) }
        shares.append(binomial * pow(gain, Double(k)) / total)
    }
    return shares
}

/// The mean path length Σ k·w_k under `pathLengthShares(depth:gain:)`.
public func meanPathLength(depth: Int, gain: Double = 1) -> Double {
    // BEGIN SOLUTION
    return pathLengthShares(depth: depth, gain: gain).enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
    // END SOLUTION
}
