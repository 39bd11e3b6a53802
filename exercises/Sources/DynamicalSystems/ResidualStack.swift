// Lesson 1: ResNets as dynamical systems
// Exercise residual-stack — A residual stack over [0, T] (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// Applies `depth` residual blocks x ← x + h·f(x) with h = horizon / depth, starting at x0;
/// each block evaluates f once, as each block of a network computes its branch once.
public func residualStack(_ x0: [Double], depth: Int, horizon: Double, f: VectorField) -> [Double] {
    precondition(depth >= 1, "a stack needs at least one block")
    // TODO: write your solution here (exercise residual-stack).
    fatalError("TODO: exercise residual-stack is not implemented yet")
}
