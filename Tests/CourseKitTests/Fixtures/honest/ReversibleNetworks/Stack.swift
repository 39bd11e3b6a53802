// Correct, written another way (a review of correct variants, round 32): the stack by recursion,
// whose frames keep every block's input while it runs; it lost reversible-backward a point when
// that exercise's memory test measured the student's stackForward.
import ResidualEngine
public func stackForward(_ blocks: [ReversibleBlock], _ x: Halves) -> Halves {
    guard let first = blocks.first else { return x }
    return stackForward(Array(blocks.dropFirst()), blockForward(first, x))
}
public func stackInverse(_ blocks: [ReversibleBlock], _ y: Halves) -> Halves {
    guard let last = blocks.last else { return y }
    return stackInverse(Array(blocks.dropLast()), blockInverse(last, y))
}
public func reconstructionErrors(_ blocks: [ReversibleBlock], _ x: Halves) -> [Double] {
    var outputs: [Halves] = []
    var y = x
    for b in blocks { y = blockForward(b, y); outputs.append(y) }
    return outputs.indices.map { maxDifference(stackInverse(Array(blocks[0...$0]), outputs[$0]), x) }
}
