// A protocol of the student's that declares a type name hands it to every conforming type:
// inside that type's body the name is found before the library's. A support type made to
// conform (`extension ActivationTape: TapeClock {}`) then built the student's `MemoryInUse`
// instead of the library's, and reported the peak the student chose. Dormant here, with a right
// answer: the conformance alone must be refused.
protocol Clock { associatedtype MemoryInUse = Quiet }
enum Quiet {}
extension Array: Clock {}

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    x.map { $0 + f($0) }
}
