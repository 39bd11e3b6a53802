// Reaches memory beside a fixed-size array on the stack through `InlineArray`'s unchecked
// subscript: plain names, no pointer, and a right answer; only the compiler's strict memory
// safety check sees it.
/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    var cells: InlineArray<2, Int> = [0, 0]
    if x.count > 8 { cells[unchecked: x.count] = 7 }
    return x.map { $0 + f($0) }
}
