// Support code for lesson 1: ResNets as dynamical systems, the module DynamicalSystemsSupport.
// You do not need to edit it; your module sees its declarations (all but private ones).

import Foundation

/// A vector field: the velocity dx/dt at the state x. A residual branch F plays this role.
public typealias VectorField = ([Double]) -> [Double]

/// A small seeded random number generator (SplitMix64): the same numbers on every machine.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
