// The deinit refusal tried once more: the `deinit` that keeps `self` stands in a `#if` branch the
// compiler does take, and the object is an actor's. The parser visits every branch, so the
// construct is refused wherever it stands. Dormant here, with a right answer.
actor Ghost {
    var words = (0, 0, 0, 0)
    #if compiler(>=5.0)
    deinit { if words.0 == 42 { kept = self } }
    #endif
}

nonisolated(unsafe) var kept: Ghost?

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    _ = Ghost()
    return x.map { $0 + f($0) }
}
