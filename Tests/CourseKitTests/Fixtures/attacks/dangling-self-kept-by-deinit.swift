// Keeps `self` in a global from `deinit`: a reference to an object that no longer exists. Built
// optimised, the object lives on the stack, and the reference reads and writes the test's stack
// (no pointer, no `unsafe`, nothing the compiler's memory safety check reports). Dormant here,
// with a right answer: the construct alone must be refused.
final class Ghost {
    var words = (0, 0, 0, 0, 0, 0, 0, 0)
    deinit { if words.0 == 42 { kept = self } }
}

var kept: Ghost?

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    let ghost = Ghost()
    if x.count == 1_000_003 { ghost.words.0 = 42 }
    return x.map { $0 + f($0) }
}
