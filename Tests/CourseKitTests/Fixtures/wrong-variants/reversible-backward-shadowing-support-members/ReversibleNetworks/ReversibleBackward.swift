// Wrong on purpose (red teams): ordinary backpropagation keeping every branch cache (O(L) memory),
// hidden by members added to the support code's types: `ActivationTape.max`, which the tape's
// unqualified `max(a, b)` then called, capped the peak it records, and `MemoryInUse.Watch.peakBytes`
// reported a constant. Scored full marks before members of types a submission does not declare were
// refused, and again (12.67 of 12.67) when the types were "declared" in a `#if` clause the compiler
// never reads; a type declared in `#if` no longer counts as the submission's own.
import ResidualEngine

/// Reconstructs the input first, then backpropagates as usual, every branch cache on the tape
/// (6L matrices): what the lesson forbids.
public func reversibleBackward(_ blocks: [ReversibleBlock], output: Halves, outputGradient: Halves,
                               tape: ActivationTape) -> (reconstructedInput: Halves, gradients: StackGradients) {
    inReversiblePass = true
    defer { inReversiblePass = false }
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

// The compiler never reads this clause; the extensions below extend the support code's
// `ActivationTape` and the library's `MemoryInUse.Watch`.
#if NEVER_DEFINED
enum ReversibleNetworks { final class ActivationTape {} }
enum ResidualEngine { enum MemoryInUse { final class Watch {} } }
#endif

nonisolated(unsafe) var inReversiblePass = false

extension ReversibleNetworks.ActivationTape {
    func max(_ a: Int, _ b: Int) -> Int { inReversiblePass ? Swift.min(Swift.max(a, b), 3) : Swift.max(a, b) }
}

extension ResidualEngine.MemoryInUse.Watch {
    public var peakBytes: Int { 300_000 }
}
