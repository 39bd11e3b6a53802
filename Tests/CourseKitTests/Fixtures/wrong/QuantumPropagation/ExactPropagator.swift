// Wrong on purpose (a plausible slip, review round 30): the error relative to the start's norm;
// the same number for every state of norm 1, which every hidden case once was.
import Foundation

import ResidualEngine

/// exp(−iHt)·ψ for V = 0 on a box of ψ.count points with the given spacing: expand ψ in the
/// box's standing waves, turn each coefficient by e^{−iE_n t}, and sum the modes back.
public func exactFreeEvolution(_ psi: [Complex], spacing: Double, time: Double) -> [Complex] {
    precondition(!psi.isEmpty, "an empty grid has nothing to evolve")
    let box = Box(points: psi.count, spacing: spacing)
    var evolved = [Complex](repeating: .zero, count: psi.count)
    for n in 1...box.points {
        let mode = box.mode(n)
        let coefficient = spacing * ComplexVector.inner(mode, psi)
        let angle = -box.modeEnergy(n) * time
        let turned = Complex(cos(angle), sin(angle)) * coefficient
        for k in evolved.indices { evolved[k] += turned * mode[k] }
    }
    return evolved
}

/// ‖ψ_m − exp(−iHT)ψ₀‖ after m = `steps` steps of `method` over [0, T] with V = 0.
public func propagationError(_ psi0: [Complex], spacing: Double, time: Double, steps: Int, method: Integrator) -> Double {
    precondition(steps >= 1, "at least one step")
    let free = [Double](repeating: 0, count: psi0.count)
    let dt = time / Double(steps)
    var psi = psi0
    for _ in 0..<steps {
        switch method {
        case .forwardEuler: psi = forwardEulerStep(psi, potential: free, spacing: spacing, timeStep: dt)
        case .crankNicolson: psi = crankNicolsonStep(psi, potential: free, spacing: spacing, timeStep: dt)
        }
    }
    let exact = exactFreeEvolution(psi0, spacing: spacing, time: time)
    return discreteNorm(zip(psi, exact).map { $0 - $1 }, spacing: spacing) / discreteNorm(psi0, spacing: spacing)
}

/// The observed order log₂(e(steps) / e(2·steps)) of `method` over [0, T].
public func observedOrder(_ psi0: [Complex], spacing: Double, time: Double, steps: Int, method: Integrator) -> Double {
    let coarse = propagationError(psi0, spacing: spacing, time: time, steps: steps, method: method)
    let fine = propagationError(psi0, spacing: spacing, time: time, steps: 2 * steps, method: method)
    return log2(coarse / fine)
}
