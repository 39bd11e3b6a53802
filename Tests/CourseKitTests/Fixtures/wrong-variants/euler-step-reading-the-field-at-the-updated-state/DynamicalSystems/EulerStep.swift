import Foundation

/// One forward-Euler step: returns x + h·f(x), component by component.
public func eulerStep(_ x: [Double], h: Double, f: VectorField) -> [Double] {
    // BEGIN SOLUTION
    let velocity = f(x)
    precondition(velocity.count == x.count, "the vector field returned \(velocity.count) components for a state of \(x.count)")
    var next = x
    for i in next.indices { next[i] += h * f(next)[i] }
    return next
    // END SOLUTION
}
