// Lesson 2: Quantum time propagation
// Exercise crank-nicolson — Thomas algorithm and a Crank–Nicolson step (4 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// Solves A·x = rhs for a tridiagonal A by the Thomas algorithm (elimination without pivoting).
/// lower[k] = A[k+1][k], diagonal[k] = A[k][k], upper[k] = A[k][k+1].
public func solveTridiagonal(lower: [Complex], diagonal: [Complex], upper: [Complex], rhs: [Complex]) -> [Complex] {
    let n = diagonal.count
    precondition(rhs.count == n, "a right-hand side of \(rhs.count) for a system of \(n)")
    precondition(lower.count == max(0, n - 1) && upper.count == max(0, n - 1),
                 "a tridiagonal matrix of size \(n) has off-diagonals of \(max(0, n - 1))")
    // TODO: write your solution here (exercise crank-nicolson).
    fatalError("TODO: exercise crank-nicolson is not implemented yet")
}

/// One Crank–Nicolson step: solves (1 + iΔtH/2)·ψ' = (1 − iΔtH/2)·ψ for ψ'.
public func crankNicolsonStep(_ psi: [Complex], potential: [Double], spacing: Double, timeStep: Double) -> [Complex] {
    // TODO: write your solution here (exercise crank-nicolson).
    fatalError("TODO: exercise crank-nicolson is not implemented yet")
}
