// Lesson 2: Quantum time propagation
// Exercise exact-propagator — Error against exp(−iHt) and the observed order (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// exp(−iHt)·ψ for V = 0 on a box of ψ.count points with the given spacing: expand ψ in the
/// box's standing waves, turn each coefficient by e^{−iE_n t}, and sum the modes back.
public func exactFreeEvolution(_ psi: [Complex], spacing: Double, time: Double) -> [Complex] {
    precondition(!psi.isEmpty, "an empty grid has nothing to evolve")
    // TODO: write your solution here (exercise exact-propagator).
    fatalError("TODO: exercise exact-propagator is not implemented yet")
}

/// ‖ψ_m − exp(−iHT)ψ₀‖ after m = `steps` steps of `method` over [0, T] with V = 0.
public func propagationError(_ psi0: [Complex], spacing: Double, time: Double, steps: Int, method: Integrator) -> Double {
    precondition(steps >= 1, "at least one step")
    // TODO: write your solution here (exercise exact-propagator).
    fatalError("TODO: exercise exact-propagator is not implemented yet")
}

/// The observed order log₂(e(steps) / e(2·steps)) of `method` over [0, T].
public func observedOrder(_ psi0: [Complex], spacing: Double, time: Double, steps: Int, method: Integrator) -> Double {
    // TODO: write your solution here (exercise exact-propagator).
    fatalError("TODO: exercise exact-propagator is not implemented yet")
}
