// Declares a type whose raw identifier spells another type's qualified name: to the admission
// rules `Graded.Array` was then a type the student declared, so an extension of the real one
// (here the standard `Array`, in the lesson the support code's `ActivationTape`) went unchecked.
// Dormant here, with a right answer: the raw identifier alone must be refused.
private struct `Graded.Array` {}

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    x.map { $0 + f($0) }
}
