// Support code for lesson 2: Quantum time propagation, the module QuantumPropagationSupport.
// You do not need to edit it; your module sees its declarations (all but private ones).

import Foundation

import ResidualEngine

/// A box [0, L] with `points` grid points x_k = (k + 1)·dx inside it, dx = L / (points + 1).
/// ψ vanishes on both walls, which are not grid points.
public struct Box: Sendable {
    public let points: Int
    public let spacing: Double

    public init(length: Double, points: Int) {
        precondition(points >= 1 && length > 0, "a box needs at least one point and a positive length")
        self.points = points
        self.spacing = length / Double(points + 1)
    }

    public init(points: Int, spacing: Double) {
        precondition(points >= 1 && spacing > 0, "a box needs at least one point and a positive spacing")
        self.points = points
        self.spacing = spacing
    }

    public var length: Double { spacing * Double(points + 1) }
    /// x_0 … x_{points−1}.
    public var positions: [Double] { (0..<points).map { Double($0 + 1) * spacing } }
    /// V = 0 at every point.
    public var freePotential: [Double] { Array(repeating: 0, count: points) }

    /// The standing wave φ_n(x) = √(2/L)·sin(nπx/L), n = 1…points: an eigenvector of the grid
    /// Hamiltonian with V = 0, with discrete norm 1.
    public func mode(_ n: Int) -> [Complex] {
        precondition((1...points).contains(n), "mode \(n) does not exist on a grid of \(points) points")
        let amplitude = (2 / length).squareRoot()
        return (0..<points).map { k in
            Complex(amplitude * sin(Double.pi * Double(n * (k + 1)) / Double(points + 1)))
        }
    }

    /// The energy of mode n: (1 − cos(nπ/(points + 1))) / dx².
    public func modeEnergy(_ n: Int) -> Double {
        (1 - cos(Double.pi * Double(n) / Double(points + 1))) / (spacing * spacing)
    }

    /// The Gaussian wave packet e^{−(x−x₀)²/(4σ²)}·e^{ik₀x}, scaled to discrete norm 1.
    /// |ψ|² is a Gaussian of standard deviation σ = width; the packet moves with a velocity close to k₀.
    public func packet(center: Double, width: Double, momentum: Double) -> [Complex] {
        let raw = positions.map { x -> Complex in
            let envelope = exp(-(x - center) * (x - center) / (4 * width * width))
            return Complex(envelope * cos(momentum * x), envelope * sin(momentum * x))
        }
        let scale = 1 / discreteNorm(raw, spacing: spacing)
        return raw.map { scale * $0 }
    }
}

/// The discrete norm ‖ψ‖ = (Σ |ψ_k|² dx)^{1/2}, the grid's version of (∫ |ψ|² dx)^{1/2}.
public func discreteNorm(_ psi: [Complex], spacing: Double) -> Double {
    ComplexVector.normSquared(psi, weight: spacing).squareRoot()
}

/// The two time integrators of the lesson.
public enum Integrator: CaseIterable, Sendable {
    case forwardEuler
    case crankNicolson
}
