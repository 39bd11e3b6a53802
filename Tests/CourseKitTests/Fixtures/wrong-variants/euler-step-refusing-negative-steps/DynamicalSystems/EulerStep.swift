// Wrong on purpose (a plausible slip: a negative step refused, though x + h·f(x) holds for any h).
import Foundation

/// One forward-Euler step: returns x + h·f(x), component by component.
public func eulerStep(_ x: [Double], h: Double, f: VectorField) -> [Double] {
    precondition(h >= 0, "a step size must not be negative")
    let velocity = f(x)
    precondition(velocity.count == x.count, "the vector field returned \(velocity.count) components for a state of \(x.count)")
    var next = x
    for i in next.indices { next[i] += h * velocity[i] }
    return next
}
