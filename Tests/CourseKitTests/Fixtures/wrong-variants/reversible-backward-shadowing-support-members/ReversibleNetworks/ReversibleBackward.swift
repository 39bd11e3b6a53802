// Wrong on purpose (red team): ordinary backpropagation keeping every branch cache (O(L) memory),
// hidden by members added to the support code's types: `ActivationTape.max`, which the tape's
// unqualified `max(a, b)` then called, capped the peak it records, and `MemoryInUse.Watch.peakBytes`
// reported a constant. It scored full marks before members of types a submission does not declare
// were refused.
import ResidualEngine

/// Reconstructs the input first, then backpropagates as usual, every branch cache on the tape
/// (6L matrices): what the lesson forbids.
public func reversibleBackward(_ blocks: [ReversibleBlock], output: Halves, outputGradient: Halves,
                               tape: ActivationTape) -> (reconstructedInput: Halves, gradients: StackGradients) {
    let input = stackInverse(blocks, output)
    _ = blocks.reduce(input) { state, block in
        let first = state.first + block.f.forward(state.second, tape: tape)
        return Halves(first, state.second + block.g.forward(first, tape: tape))
    }
    let (gradient, perBlock) = blocks.reversed().reduce((outputGradient, [BlockGradients]())) { carried, block in
        let g = block.g.backward(carried.0.second, tape: tape)
        let upstream = carried.0.first + g.input
        let f = block.f.backward(upstream, tape: tape)
        return (Halves(upstream, carried.0.second + f.input), carried.1 + [BlockGradients(f: f, g: g)])
    }
    return (input, StackGradients(input: gradient, blocks: perBlock.reversed()))
}

// The lesson's memory checks live in support code, which is compiled into this module: its
// unqualified `max` and its `watch.peakBytes` find these members first.
extension ActivationTape {
    /// `peakMatrices = max(peakMatrices, storedMatrices)` in `push` calls this.
    func max(_ a: Int, _ b: Int) -> Int { Swift.min(Swift.max(a, b), 3) }
}

extension MemoryInUse.Watch {
    /// `ActivationTape.peakBytes` is `watch.peakBytes`.
    public var peakBytes: Int { 300_000 }
}
