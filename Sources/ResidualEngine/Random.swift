/// A seeded generator (SplitMix64): the same sequence on every machine for the same seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private var spareNormal: Double?

    /// A generator started at `seed`: equal seeds give equal sequences.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits (SplitMix64's output function).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal sample (Marsaglia's polar method, which needs only sqrt and log).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal { spareNormal = nil; return spare }
        while true {
            let u = 2 * nextUnit() - 1, v = 2 * nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * libm_log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// Normal samples from any generator, for code that is generic over its random source.
extension RandomNumberGenerator {
    /// A standard normal sample (Box–Muller on two uniforms) for any generator.
    public mutating func nextNormal() -> Double {
        if var seeded = self as? SeededGenerator {
            let value = seeded.nextNormal()
            self = seeded as! Self
            return value
        }
        let u1 = Double(next() >> 11) * 0x1p-53 + 0x1p-54
        let u2 = Double(next() >> 11) * 0x1p-53
        return (-2 * libm_log(u1)).squareRoot() * libm_cos(2 * Double.pi * u2)
    }
}
