// Wrong on purpose (a plausible slip, review round 30): isStable as "lambda <= 0 and h·lambda >= -2",
// right for h >= 0 only, which every hidden case once had.
import Foundation

/// The gradient gain d x_L / d x_0 of `depth` Euler blocks for f(x) = lambda·x over [0, horizon].
public func eulerGain(lambda: Double, horizon: Double, depth: Int) -> Double {
    precondition(depth >= 1)
    return pow(1 + lambda * horizon / Double(depth), Double(depth))
}

/// Whether a forward-Euler step of size h is stable for the mode dx/dt = lambda·x: |1 + hλ| ≤ 1.
public func isStable(lambda: Double, h: Double) -> Bool {
    return lambda <= 0 && h * lambda >= -2
}
