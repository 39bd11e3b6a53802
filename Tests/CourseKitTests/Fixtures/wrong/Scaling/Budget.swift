// Wrong on purpose (a plausible slip): widestStack steps by 8, the default, whatever `multiple` says.
import Foundation

/// The largest n in 0...limit with cost(n) ≤ budget, for a cost that never decreases as n grows;
/// nil when even cost(0) is over the budget. Gallops (n = 1, 2, 4, …) and then bisects, so it
/// evaluates `cost` O(log n) times and never at an n above max(1, 2·answer).
public func largestWithin(budget: Int, limit: Int, cost: (Int) -> Int) -> Int? {
    precondition(limit >= 0)
    // BEGIN SOLUTION
    guard cost(0) <= budget else { return nil }
    var good = 0
    var bad: Int? = nil
    while good < limit {
        let next = good == 0 ? 1 : min(limit, 2 * good)
        if cost(next) <= budget { good = next } else { bad = next; break }
    }
    guard var high = bad else { return good }
    var low = good
    while high - low > 1 {
        let mid = low + (high - low) / 2
        if cost(mid) <= budget { low = mid } else { high = mid }
    }
    return low
    // END SOLUTION
}

/// How many copies of `block`, chained on `input` (each fed the output of the one before), fit in
/// `budget` MACs; at most `limit`.
public func deepestStack(of block: Layer, on input: FeatureMap, budget: Int, limit: Int = 1_000) -> Int {
    precondition(budget >= 0)
    // BEGIN SOLUTION
    return largestWithin(budget: budget, limit: limit) { n in
        cost(of: [Layer](repeating: block, count: n), on: input).cost.macs
    // mutant-equivalent: constant: no block costs 0 MACs ≤ budget (budget ≥ 0), so largestWithin never returns nil here
    } ?? 0
    // END SOLUTION
}

/// The largest channel count C, a multiple of `multiple`, for which `depth` basic blocks C → C with
/// stride 1 on a side × side map fit in `budget` MACs; 0 when not even C = multiple fits. The
/// search stops at C = 2²⁴·multiple.
public func widestStack(depth: Int, side: Int, budget: Int, multiple: Int = 8) -> Int {
    precondition(depth >= 1 && side >= 1 && multiple >= 1 && budget >= 0)
    // BEGIN SOLUTION
    let units = largestWithin(budget: budget, limit: 1 << 24) { n in
        // mutant-equivalent: constant: the cost of 0 channels is only compared with the budget; at budget 0, 1 makes largestWithin return nil, and `?? 0` answers 0 all the same
        guard n > 0 else { return 0 }
        let c = n * 8
        return cost(of: [Layer](repeating: .basic(outChannels: c, stride: 1), count: depth),
                    on: FeatureMap(channels: c, side: side)).cost.macs
    // mutant-equivalent: constant: 0 channels cost 0 MACs ≤ budget (budget ≥ 0), so largestWithin never returns nil here
    } ?? 0
    return units * 8
    // END SOLUTION
}
