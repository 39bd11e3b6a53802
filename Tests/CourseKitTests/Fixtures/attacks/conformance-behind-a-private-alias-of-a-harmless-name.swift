// A conformance of a type the file does not declare, to a protocol behind a file-private alias
// named like a harmless one: the source rule reads the written name `Sendable`; the compiled
// conformance is to `Swift.Identifiable`. On a support type of lesson 6 (red team, round 26) the
// conformance rule of the object admission refuses it; on a standard type, as here, so does the
// rule against defining another module's symbols. Dormant, with a right answer.
fileprivate typealias Sendable = Identifiable
extension AnyKeyPath: Sendable {}

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    x.map { $0 + f($0) }
}
