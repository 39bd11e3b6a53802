// Wrong on purpose: a red team's "RK4" that passed every linear-field test (see the comment below).
import Foundation

/// One classical Runge–Kutta step of size h.
public func rk4Step(_ x: [Double], h: Double, f: VectorField) -> [Double] {
    // BEGIN SOLUTION
    // "RK4" as the 4th-order Taylor polynomial with f applied to its own output: k2 = f(k1), ...
    // Exact for linear fields (f(f(x)) = A²x), wrong for any nonlinear one. Still 4 evaluations.
    let k1 = f(x), k2 = f(k1), k3 = f(k2), k4 = f(k3)
    var next = x
    for i in next.indices { next[i] += h * k1[i] + h * h / 2 * k2[i] + h * h * h / 6 * k3[i] + h * h * h * h / 24 * k4[i] }
    return next
    // END SOLUTION
}

/// `depth` RK4 blocks over [0, horizon].
public func rk4Stack(_ x0: [Double], depth: Int, horizon: Double, f: VectorField) -> [Double] {
    precondition(depth >= 1, "a stack needs at least one block")
    // BEGIN SOLUTION
    let h = horizon / Double(depth)
    var x = x0
    for _ in 0..<depth { x = rk4Step(x, h: h, f: f) }
    return x
    // END SOLUTION
}
