// Lesson 2: Quantum time propagation
// Exercise euler-drift — Forward Euler and its norm drift (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// One forward-Euler step of i dψ/dt = Hψ: returns ψ − iΔt·Hψ.
public func forwardEulerStep(_ psi: [Complex], potential: [Double], spacing: Double, timeStep: Double) -> [Complex] {
    // TODO: write your solution here (exercise euler-drift).
    fatalError("TODO: exercise euler-drift is not implemented yet")
}

/// |1 − iEΔt|: the factor by which one Euler step multiplies an eigencomponent of energy E.
public func eulerGrowthFactor(energy: Double, timeStep: Double) -> Double {
    // TODO: write your solution here (exercise euler-drift).
    fatalError("TODO: exercise euler-drift is not implemented yet")
}

/// The discrete norms ‖ψ₀‖, ‖ψ₁‖, …, ‖ψ_steps‖ of a state advanced `steps` times by `step`
/// (steps + 1 values; the first is the norm of ψ₀ itself).
public func normHistory(_ psi0: [Complex], spacing: Double, steps: Int, step: ([Complex]) -> [Complex]) -> [Double] {
    precondition(steps >= 0, "the number of steps cannot be negative")
    // TODO: write your solution here (exercise euler-drift).
    fatalError("TODO: exercise euler-drift is not implemented yet")
}
