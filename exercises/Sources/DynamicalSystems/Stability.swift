// Lesson 1: ResNets as dynamical systems
// Exercise stability — Gradient gain and stability (2 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// The gradient gain d x_L / d x_0 of `depth` Euler blocks for f(x) = lambda·x over [0, horizon].
public func eulerGain(lambda: Double, horizon: Double, depth: Int) -> Double {
    precondition(depth >= 1)
    // TODO: write your solution here (exercise stability).
    fatalError("TODO: exercise stability is not implemented yet")
}

/// Whether a forward-Euler step of size h is stable for the mode dx/dt = lambda·x: |1 + hλ| ≤ 1.
public func isStable(lambda: Double, h: Double) -> Bool {
    // TODO: write your solution here (exercise stability).
    fatalError("TODO: exercise stability is not implemented yet")
}
