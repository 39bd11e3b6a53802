// Wrong on purpose (a plausible slip, review round 30): ratios over the first phi's count, not
// over the given network's; the same whenever phis start at 0, which every hidden case once did.
import Foundation

/// α·β²·γ²: the factor by which one step of φ multiplies the MACs.
public func flopFactor(alpha: Double, beta: Double, gamma: Double) -> Double {
    return alpha * beta * beta * gamma * gamma
}

/// Blocks in a scaled stage: ⌈d·n − 10⁻⁹⌉ (round up, forgiving floating-point excess).
public func scaledRepeats(_ n: Int, depth d: Double) -> Int {
    precondition(n >= 0 && d > 0)
    return Int((d * Double(n) - 1e-9).rounded(.up))
}

/// EfficientNet's round_filters: c·w to the nearest multiple of `divisor` (halves up), at least
/// `divisor`, plus one more `divisor` if the result is more than 10 % below c·w.
public func scaledChannels(_ c: Int, width w: Double, divisor: Int = 8) -> Int {
    precondition(c >= 1 && w > 0 && divisor >= 1)
    let target = Double(c) * w
    var channels = max(divisor, Int(target + Double(divisor) / 2) / divisor * divisor)
    if Double(channels) < 0.9 * target { channels += divisor }
    return channels
}

/// The input side r·γ rounded to the nearest integer (halves up).
public func scaledResolution(_ resolution: Int, by r: Double) -> Int {
    precondition(resolution >= 1 && r > 0)
    return Int((Double(resolution) * r).rounded())
}

/// The network with every stage's blocks scaled by `depth`, every channel count (the stem's too) by
/// `width`, and the resolution by `resolution`; strides and classes unchanged.
public func scaled(_ net: ResNetDescription, depth: Double, width: Double, resolution: Double) -> ResNetDescription {
    ResNetDescription(resolution: scaledResolution(net.resolution, by: resolution),
                      stemChannels: scaledChannels(net.stemChannels, width: width),
                      stages: net.stages.map {
                          Stage(blocks: scaledRepeats($0.blocks, depth: depth), channels: scaledChannels($0.channels, width: width), stride: $0.stride)
                      },
                      classes: net.classes)
}

/// Compound scaling: depth α^φ, width β^φ, resolution γ^φ.
public func compoundScaled(_ net: ResNetDescription, phi: Double,
                           alpha: Double = 1.2, beta: Double = 1.1, gamma: Double = 1.15) -> ResNetDescription {
    scaled(net, depth: pow(alpha, phi), width: pow(beta, phi), resolution: pow(gamma, phi))
}

/// For each φ, the MACs of compoundScaled(net, phi:…) divided by the MACs of `net`.
public func macRatios(_ net: ResNetDescription, phis: [Double],
                      alpha: Double = 1.2, beta: Double = 1.1, gamma: Double = 1.15) -> [Double] {
    func macs(_ n: ResNetDescription) -> Int { cost(of: n.layers, on: n.input).cost.macs }
    let all = phis.map { Double(macs(compoundScaled(net, phi: $0, alpha: alpha, beta: beta, gamma: gamma))) }
    return all.map { $0 / (all.first ?? 1) }
}
