// Wrong on purpose (a plausible slip): steps until t reaches the horizon instead of applying `depth` blocks,
// so a zero or negative horizon runs no block.
import Foundation

/// Applies `depth` residual blocks x ← x + h·f(x) with h = horizon / depth, starting at x0;
/// each block evaluates f once, as each block of a network computes its branch once.
public func residualStack(_ x0: [Double], depth: Int, horizon: Double, f: VectorField) -> [Double] {
    precondition(depth >= 1, "a stack needs at least one block")
    // BEGIN SOLUTION
    let h = horizon / Double(depth)
    var x = x0
    var t = 0.0
    while t < horizon - 1e-12 { x = eulerStep(x, h: h, f: f); t += h }
    return x
    // END SOLUTION
}
