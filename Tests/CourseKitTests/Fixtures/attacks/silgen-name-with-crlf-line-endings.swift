// Attack: CRLF line endings. "\r\n" is one Swift Character, so a filter that splits on "\n"
// sees one long comment line.
@_silgen_name("write") public func swallowWrites(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { count }

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    x
}
