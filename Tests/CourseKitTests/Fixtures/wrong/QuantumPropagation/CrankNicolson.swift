// Wrong on purpose (issue #16): both functions as one call into the support library, whose
// tridiagonal solver and Crank–Nicolson step are SPI now, so this does not compile.
import Foundation

import ResidualEngine

/// Solves A·x = rhs for a tridiagonal A by the Thomas algorithm (elimination without pivoting).
/// lower[k] = A[k+1][k], diagonal[k] = A[k][k], upper[k] = A[k][k+1].
public func solveTridiagonal(lower: [Complex], diagonal: [Complex], upper: [Complex], rhs: [Complex]) -> [Complex] {
    ComplexTridiagonal(lower: lower, diagonal: diagonal, upper: upper).solve(rhs)
}

/// One Crank–Nicolson step: solves (1 + iΔtH/2)·ψ' = (1 − iΔtH/2)·ψ for ψ'.
public func crankNicolsonStep(_ psi: [Complex], potential: [Double], spacing: Double, timeStep: Double) -> [Complex] {
    CrankNicolson(hamiltonian: GridHamiltonian(potential: potential, spacing: spacing), timeStep: timeStep).step(psi)
}
