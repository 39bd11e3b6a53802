// Lesson 1: ResNets as dynamical systems
// Exercise euler-step — One forward-Euler step (2 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// One forward-Euler step: returns x + h·f(x), component by component.
public func eulerStep(_ x: [Double], h: Double, f: VectorField) -> [Double] {
    // TODO: write your solution here (exercise euler-step).
    fatalError("TODO: exercise euler-step is not implemented yet")
}
