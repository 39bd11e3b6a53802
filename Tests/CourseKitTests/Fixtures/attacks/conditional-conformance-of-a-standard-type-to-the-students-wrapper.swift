// A conditional conformance of a standard type, limited to the student's own type so that it
// looks like the student's (`Optional<Mine>`): the conformance owner is read from the mangled
// name, whose root is `Swift`, not the printed `<A where A == Graded.Mine> A?`, so it counts as
// another module's and `Identifiable` is no harmless protocol (the round-28 fix made ownership
// mangled; this checks it was not widened). Its `id` is a member added to a standard type too.
// Dormant, with a right answer.
public struct Mine {}
extension Optional: Identifiable where Wrapped == Mine {
    public var id: Int { 0 }
}

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    x.map { $0 + f($0) }
}
