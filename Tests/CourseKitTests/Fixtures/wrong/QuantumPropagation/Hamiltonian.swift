// Wrong on purpose (issue #16): the exercise as one call into the support library. The grid
// Hamiltonian is the engine's SPI now, which lessons cannot import, so this does not compile.
import Foundation

import ResidualEngine

/// H·ψ for H = −½ d²/dx² + V on a grid of the given spacing, with ψ = 0 beyond both ends.
public func applyHamiltonian(_ psi: [Complex], potential: [Double], spacing: Double) -> [Complex] {
    precondition(psi.count == potential.count, "ψ has \(psi.count) values but the potential has \(potential.count)")
    precondition(spacing > 0, "the grid spacing must be positive")
    return GridHamiltonian(potential: potential, spacing: spacing).apply(psi)
}
