import Foundation

/// One forward-Euler step: returns x + h·f(x), component by component.
public func eulerStep(_ x: [Double], h: Double, f: VectorField) -> [Double] {
    let v = f(x)
    var next = [Double](repeating: 0, count: x.count)
    for i in 0...x.count - 1 { next[i] = x[i] + h * v[i] }
    return next
}
