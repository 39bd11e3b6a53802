// Lesson 5: Depth, width and compound scaling
// Exercise budget — Fitting blocks to a budget (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// The largest n in 0...limit with cost(n) ≤ budget, for a cost that never decreases as n grows;
/// nil when even cost(0) is over the budget. Gallops (n = 1, 2, 4, …) and then bisects, so it
/// evaluates `cost` O(log n) times and never at an n above max(1, 2·answer).
public func largestWithin(budget: Int, limit: Int, cost: (Int) -> Int) -> Int? {
    precondition(limit >= 0)
    // TODO: write your solution here (exercise budget).
    fatalError("TODO: exercise budget is not implemented yet")
}

/// How many copies of `block`, chained on `input` (each fed the output of the one before), fit in
/// `budget` MACs; at most `limit`.
public func deepestStack(of block: Layer, on input: FeatureMap, budget: Int, limit: Int = 1_000) -> Int {
    precondition(budget >= 0)
    // TODO: write your solution here (exercise budget).
    fatalError("TODO: exercise budget is not implemented yet")
}

/// The largest channel count C, a multiple of `multiple`, for which `depth` basic blocks C → C with
/// stride 1 on a side × side map fit in `budget` MACs; 0 when not even C = multiple fits. The
/// search stops at C = 2²⁴·multiple.
public func widestStack(depth: Int, side: Int, budget: Int, multiple: Int = 8) -> Int {
    precondition(depth >= 1 && side >= 1 && multiple >= 1 && budget >= 0)
    // TODO: write your solution here (exercise budget).
    fatalError("TODO: exercise budget is not implemented yet")
}
