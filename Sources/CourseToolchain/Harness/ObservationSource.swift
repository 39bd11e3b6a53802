/// Swift source compiled into every test runner: the functions that rewritten assertions call
/// (see `AssertionRewriter`). They judge nothing. Each appends one line to the observation
/// transcript, `SITE SLOT SLOT SLOT SLOT SLOT`, with the slots
/// `first-operand second-operand accuracy message in-process-result`, and the grader decides.
///
/// A slot is `-` (absent), `h` (hidden: a constant the grader knows, never evaluated here), `!`
/// (the expression threw), `?` (a value of a type the grader cannot read), or a value: `d`/`f` and
/// the IEEE bits in hex, `i`/`u` and decimal digits, `b0`/`b1`, `s` and UTF-8 in hex, `n` (nil),
/// `[a,b,…]` (arrays; matrices are `[rows,cols,[values]]`; other structs, enums and tuples by
/// their stored parts, marked `o[…]`, see `structure`). The in-process slot holds the
/// comparison made here (`b0`/`b1`) when both operands were evaluated; the grader trusts it only
/// for values it cannot read itself.
package enum ObservationSource {
    package static let fileName = "Observation.swift"
    /// Conformances for the support library's types, compiled into lessons that use it.
    package static let engineFileName = "EngineObservation.swift"

    /// Names the harness declares; a submission may not declare them.
    package static let reservedNames: Set<String> = ["Observe", "Observable"]

    package static let text = HarnessFile.text(PackageResources.Observation_swift)

    /// Conformances for the support library's value types that `Mirror` cannot read (their
    /// storage is a buffer): each only when the course's library declares the type.
    package static func engineText(engineSources: [String: String]) -> String {
        let declared = engineSources.values.joined(separator: "\n")
        var out = "import ResidualEngine\n"
        for (type, conformance) in engineConformances where declared.contains("public struct \(type):") || declared.contains("public struct \(type) ") {
            out += "\n" + conformance + "\n"
        }
        // The benchmark smoke test that `course check` runs encodes results too.
        return out + BenchmarkSupportSource.engineText(engineSources: engineSources, importing: false)
    }

    private static let engineConformances: [(String, String)] = [
        (
            "Matrix",
            #"""
            extension Matrix: Observable {
                public func observe(into out: inout String) { out += "[i\(rows),i\(cols),"; Observe.list(values, into: &out); out += "]" }
            }
            """#
        ),
        (
            "FloatMatrix",
            #"""
            extension FloatMatrix: Observable {
                public func observe(into out: inout String) {
                    out += "[i\(rows),i\(cols),["
                    for row in 0..<rows { for col in 0..<cols { out += row + col == 0 ? "" : ","; self[row, col].observe(into: &out) } }
                    out += "]]"
                }
            }
            """#
        ),
        (
            "Complex",
            #"""
            extension Complex: Observable { public func observe(into out: inout String) { Observe.list([real, imaginary], into: &out) } }
            """#
        )
    ]
}
