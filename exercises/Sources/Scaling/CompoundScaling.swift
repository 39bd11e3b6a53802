// Lesson 5: Depth, width and compound scaling
// Exercise compound-scaling — Compound scaling (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// α·β²·γ²: the factor by which one step of φ multiplies the MACs.
public func flopFactor(alpha: Double, beta: Double, gamma: Double) -> Double {
    // TODO: write your solution here (exercise compound-scaling).
    fatalError("TODO: exercise compound-scaling is not implemented yet")
}

/// Blocks in a scaled stage: ⌈d·n − 10⁻⁹⌉ (round up, forgiving floating-point excess).
public func scaledRepeats(_ n: Int, depth d: Double) -> Int {
    precondition(n >= 0 && d > 0)
    // TODO: write your solution here (exercise compound-scaling).
    fatalError("TODO: exercise compound-scaling is not implemented yet")
}

/// EfficientNet's round_filters: c·w to the nearest multiple of `divisor` (halves up), at least
/// `divisor`, plus one more `divisor` if the result is more than 10 % below c·w.
public func scaledChannels(_ c: Int, width w: Double, divisor: Int = 8) -> Int {
    precondition(c >= 1 && w > 0 && divisor >= 1)
    // TODO: write your solution here (exercise compound-scaling).
    fatalError("TODO: exercise compound-scaling is not implemented yet")
}

/// The input side r·γ rounded to the nearest integer (halves up).
public func scaledResolution(_ resolution: Int, by r: Double) -> Int {
    precondition(resolution >= 1 && r > 0)
    // TODO: write your solution here (exercise compound-scaling).
    fatalError("TODO: exercise compound-scaling is not implemented yet")
}

/// The network with every stage's blocks scaled by `depth`, every channel count (the stem's too) by
/// `width`, and the resolution by `resolution`; strides and classes unchanged.
public func scaled(_ net: ResNetDescription, depth: Double, width: Double, resolution: Double) -> ResNetDescription {
    // TODO: write your solution here (exercise compound-scaling).
    fatalError("TODO: exercise compound-scaling is not implemented yet")
}

/// Compound scaling: depth α^φ, width β^φ, resolution γ^φ.
public func compoundScaled(_ net: ResNetDescription, phi: Double,
                           alpha: Double = 1.2, beta: Double = 1.1, gamma: Double = 1.15) -> ResNetDescription {
    // TODO: write your solution here (exercise compound-scaling).
    fatalError("TODO: exercise compound-scaling is not implemented yet")
}

/// For each φ, the MACs of compoundScaled(net, phi:…) divided by the MACs of `net`.
public func macRatios(_ net: ResNetDescription, phis: [Double],
                      alpha: Double = 1.2, beta: Double = 1.1, gamma: Double = 1.15) -> [Double] {
    // TODO: write your solution here (exercise compound-scaling).
    fatalError("TODO: exercise compound-scaling is not implemented yet")
}
