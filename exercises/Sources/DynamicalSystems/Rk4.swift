// Lesson 1: ResNets as dynamical systems
// Exercise rk4 — A fourth-order Runge–Kutta block (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// One classical Runge–Kutta step of size h: the stages k₁ … k₄ and the weights of the formula above.
public func rk4Step(_ x: [Double], h: Double, f: VectorField) -> [Double] {
    // TODO: write your solution here (exercise rk4).
    fatalError("TODO: exercise rk4 is not implemented yet")
}

/// `depth` RK4 blocks over [0, horizon].
public func rk4Stack(_ x0: [Double], depth: Int, horizon: Double, f: VectorField) -> [Double] {
    precondition(depth >= 1, "a stack needs at least one block")
    // TODO: write your solution here (exercise rk4).
    fatalError("TODO: exercise rk4 is not implemented yet")
}
