// Lesson 1: ResNets as dynamical systems
// Exercise observed-order — The observed order of convergence (1 point)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// The order p such that the error shrinks by refinement^p when the step shrinks by `refinement`.
public func observedOrder(coarseError: Double, fineError: Double, refinement: Double = 2) -> Double {
    precondition(coarseError > 0 && fineError > 0 && refinement > 1)
    // TODO: write your solution here (exercise observed-order).
    fatalError("TODO: exercise observed-order is not implemented yet")
}
