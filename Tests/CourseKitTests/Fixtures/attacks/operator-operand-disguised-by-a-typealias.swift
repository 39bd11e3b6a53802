// An operator of the student's type whose foreign operand hides behind a member `typealias`,
// with a file-level decoy of the same name so the source rule takes it for the student's own:
// `+=(inout Count, Slot)` with `Count` an alias of `Int` and `Slot` written `1` would take over
// every `count += 1` in the module, the support code's included. The compiled signature says
// `inout Swift.Int`: the object rules refuse it. Dormant here, with a right answer.
struct Count {}
struct Slot: ExpressibleByIntegerLiteral {
    typealias Count = Int
    init(integerLiteral value: Int) {}
    static func += (lhs: inout Count, rhs: Slot) { lhs += 2 }
}

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    x.map { $0 + f($0) }
}
