import Foundation

public func eulerGain(lambda: Double, horizon: Double, depth: Int) -> Double {
    precondition(depth >= 1)
    return pow(1 + lambda * horizon / Double(depth), Double(depth))
}

public func isStable(lambda: Double, h: Double) -> Bool {
    let factor = 1 + Float(h) * Float(lambda)
    return abs(factor) <= 1
}
