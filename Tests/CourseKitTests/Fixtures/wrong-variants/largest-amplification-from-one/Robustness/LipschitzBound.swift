// Wrong on purpose (a plausible slip, review round 31): largestAmplification starts its maximum at 1,
// so a stack that shrinks every perturbation reads as 1; every tested stack once amplified some.
import Foundation

import ResidualEngine

/// (1 if the block has its skip) + ‖W₂‖₂·‖W₁‖₂, by power iteration.
public func blockLipschitzBound(_ block: ResidualBlock) -> Double {
    precondition(block.inner.activation.isOneLipschitz, "the bound assumes a 1-Lipschitz activation")
    // BEGIN SOLUTION
    // STUB: return 1
    let branch = powerIteration(block.outer.weight).sigma * powerIteration(block.inner.weight).sigma
    return block.skip ? 1 + branch : branch
    // END SOLUTION
}

/// The product of the block bounds (1 for an empty stack).
public func stackLipschitzBound(_ stack: ResidualStack) -> Double {
    // BEGIN SOLUTION
    // STUB: return 1
    return stack.blocks.reduce(1) { $0 * blockLipschitzBound($1) }
    // END SOLUTION
}

/// ‖f(x + δ) − f(x)‖₂ / ‖δ‖₂ for the stack f, one input x and a perturbation δ ≠ 0.
public func amplification(_ stack: ResidualStack, at x: [Double], perturbation delta: [Double]) -> Double {
    precondition(x.count == delta.count, "a perturbation of \(delta.count) for an input of \(x.count)")
    // BEGIN SOLUTION
    // STUB: return 0
    let y = stack.predict(Matrix([x]))
    // mutant-equivalent: 'Vector.axpy(1, delta, x)' → 'Vector.axpy(1, x, delta)': 1·δ + x and 1·x + δ are the same sum, bit for bit
    let moved = stack.predict(Matrix([Vector.axpy(1, delta, x)]))
    return (moved - y).frobeniusNorm() / Vector.norm(delta)
    // END SOLUTION
}

/// The largest amplification over `trials` random perturbations of norm `radius` (0 for no trials).
public func largestAmplification(_ stack: ResidualStack, at x: [Double], radius: Double, trials: Int, seed: UInt64) -> Double {
    precondition(radius > 0 && trials >= 0)
    // BEGIN SOLUTION
    // STUB: return 0
    var rng = SeededGenerator(seed: seed)
    guard trials > 0 else { return 0 }
    var largest = 1.0
    for _ in 0..<trials {
        let direction = (0..<x.count).map { _ in rng.nextNormal() }
        let delta = Vector.scaled(direction, by: radius / Vector.norm(direction))
        largest = max(largest, amplification(stack, at: x, perturbation: delta))
    }
    return largest
    // END SOLUTION
}
