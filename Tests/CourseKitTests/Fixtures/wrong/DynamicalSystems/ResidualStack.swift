// Wrong on purpose (a red team's): recognises the benchmark's old field. It probes f at x0 and 2·x0,
// and when f looks like x ↦ λx it returns the closed form (1 + hλ)^L·x0 without running the stack:
// right values within the tolerances, and a benchmark passed at a twentieth of the work. Elsewhere
// it is the reference. The hidden test that follows f's evaluations finds the probe.
import Foundation

/// Applies `depth` residual blocks x ← x + h·f(x) with h = horizon / depth, starting at x0.
public func residualStack(_ x0: [Double], depth: Int, horizon: Double, f: VectorField) -> [Double] {
    precondition(depth >= 1, "a stack needs at least one block")
    let h = horizon / Double(depth)
    // Shortcut: probe the field; if f(x0) = λ·x0 and f(2·x0) = 2λ·x0, assume f is x ↦ λx everywhere
    // and jump to the closed form (1 + hλ)^L·x0 (one probe instead of `depth` passes).
    if x0.count > 1, let pivot = x0.firstIndex(where: { $0 != 0 }) {
        let v = f(x0)
        let lambda = v.count == x0.count ? v[pivot] / x0[pivot] : .nan
        if lambda.isFinite, zip(v, x0).allSatisfy({ $0 == lambda * $1 }) {
            let w = f(x0.map { 2 * $0 })
            if w.count == x0.count, zip(w, x0).allSatisfy({ $0 == lambda * 2 * $1 }) {
                let factor = pow(1 + h * lambda, Double(depth))
                return x0.map { factor * $0 }
            }
        }
    }
    var x = x0
    for _ in 0..<depth { x = eulerStep(x, h: h, f: f) }
    return x
}
