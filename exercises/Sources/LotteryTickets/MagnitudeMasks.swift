// Lesson 7: Lottery tickets
// Exercise magnitude-masks — Magnitude-pruning masks at an exact sparsity (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// Where magnitude pruning ranks the weights: each layer on its own, or all layers together.
public enum PruningScope: Sendable {
    case layerwise, global
}

/// How many of n weights a sparsity prunes: (sparsity · n) rounded to the nearest whole number, halves up.
public func prunedCount(sparsity: Double, of n: Int) -> Int {
    precondition(sparsity >= 0 && sparsity <= 1, "a sparsity is a fraction in [0, 1], not \(sparsity)")
    // TODO: write your solution here (exercise magnitude-masks).
    fatalError("TODO: exercise magnitude-masks is not implemented yet")
}

/// The magnitude-pruning mask of `weights` (one out × in matrix per layer) at `sparsity`.
///
/// Prunes prunedCount(sparsity, of: n) weights per layer (layer-wise) or of all weights (global).
/// Pruning order: weights the `current` mask prunes (entry 0) first, then by increasing |w|, then by
/// increasing flat index (row-major within a layer; layers end to end, layer 0 first, for global).
/// The sparsity must not be below the current mask's (in the scope).
public func magnitudeMask(_ weights: [Matrix], sparsity: Double, scope: PruningScope, current: Mask? = nil) -> Mask {
    if let current {
        precondition(current.count == weights.count && zip(current, weights).allSatisfy { $0.rows == $1.rows && $0.cols == $1.cols },
                     "the current mask does not have the shape of the weights")
    }
    // TODO: write your solution here (exercise magnitude-masks).
    fatalError("TODO: exercise magnitude-masks is not implemented yet")
}
