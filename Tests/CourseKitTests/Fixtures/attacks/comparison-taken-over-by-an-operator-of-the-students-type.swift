// An operator declared in the student's own type joins the overloads of every comparison in the
// module when one operand is another type: with `Slot` written `nil`, `==(Matrix?, Slot)` became
// what the support code's `cache.output == nil` called, and counted the tape's matrices as the
// submission liked. Dormant here, with a right answer: the operator alone must be refused.
struct Slot: ExpressibleByNilLiteral {
    init(nilLiteral: ()) {}
    static func == (lhs: [Double]?, rhs: Slot) -> Bool { lhs == nil }
}

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    x.map { $0 + f($0) }
}
