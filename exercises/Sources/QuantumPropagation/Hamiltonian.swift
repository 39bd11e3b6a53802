// Lesson 2: Quantum time propagation
// Exercise hamiltonian — The grid Hamiltonian (2 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// H·ψ for H = −½ d²/dx² + V on a grid of the given spacing, with ψ = 0 beyond both ends.
public func applyHamiltonian(_ psi: [Complex], potential: [Double], spacing: Double) -> [Complex] {
    precondition(psi.count == potential.count, "ψ has \(psi.count) values but the potential has \(potential.count)")
    precondition(spacing > 0, "the grid spacing must be positive")
    // TODO: write your solution here (exercise hamiltonian).
    fatalError("TODO: exercise hamiltonian is not implemented yet")
}
