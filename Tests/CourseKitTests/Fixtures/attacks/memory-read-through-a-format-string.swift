// Reads memory at an address held in a plain integer: Foundation's `String(format:)` reads `%s`'s
// argument as a C string pointer, and `ObjectIdentifier` gives heap addresses. No pointer is
// named and the compiler's strict memory safety check says nothing; the object file's use of a
// `CVarArg` conformance gives it away. Its answer is right.
import Foundation

final class Probe { var value = 0x0041_4243_4445_4647 }

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    let probe = Probe()
    let address = UInt(bitPattern: ObjectIdentifier(probe)) + 16
    if String(format: "%s", address).isEmpty { return [] }
    return x.map { $0 + f($0) }
}
