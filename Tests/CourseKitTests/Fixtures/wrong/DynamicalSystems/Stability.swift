// Wrong on purpose (issue #16): the gain's size without its sign. It agrees with the reference
// whenever the power is even or the base positive, which every hidden case once was.
import Foundation

/// The gradient gain d x_L / d x_0 of `depth` Euler blocks for f(x) = lambda·x over [0, horizon].
public func eulerGain(lambda: Double, horizon: Double, depth: Int) -> Double {
    precondition(depth >= 1)
    return pow(abs(1 + lambda * horizon / Double(depth)), Double(depth))
}

/// Whether a forward-Euler step of size h is stable for the mode dx/dt = lambda·x: |1 + hλ| ≤ 1.
public func isStable(lambda: Double, h: Double) -> Bool {
    return abs(1 + h * lambda) <= 1
}
