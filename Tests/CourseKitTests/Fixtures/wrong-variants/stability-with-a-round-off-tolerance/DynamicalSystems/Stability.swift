import Foundation

/// The gradient gain d x_L / d x_0 of `depth` Euler blocks for f(x) = lambda·x over [0, horizon].
public func eulerGain(lambda: Double, horizon: Double, depth: Int) -> Double {
    precondition(depth >= 1)
    // BEGIN SOLUTION
    return pow(1 + lambda * horizon / Double(depth), Double(depth))
    // END SOLUTION
}

/// Whether a forward-Euler step of size h is stable for the mode dx/dt = lambda·x: |1 + hλ| ≤ 1.
public func isStable(lambda: Double, h: Double) -> Bool {
    // BEGIN SOLUTION
    return abs(1 + h * lambda) <= 1 + 1e-9   // allow for round-off at the boundary
    // END SOLUTION
}
