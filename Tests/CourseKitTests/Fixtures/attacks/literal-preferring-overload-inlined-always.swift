// Attack (red team, round 19): as literal-preferring-overload-after-api-change, with the attribute
// Swift 6.3 spells without an underscore. `@inline(always)` inlines even unoptimised, so the tests
// compiled against this module held no symbol of the overload for the check of what they call.
@inlinable @inline(always)
public func residualStep(_ x: [Int], _ f: (Int) -> Int) -> [Double] {
    x.map { Double($0 + f($0)) }
}

/// Returns x + f(x), elementwise.
public func residualStep(_ x: [Double], _ f: @escaping (Double) -> Double) -> [Double] {
    x
}
