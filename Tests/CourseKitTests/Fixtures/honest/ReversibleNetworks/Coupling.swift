// Correct, written another way (round 32): the branches by the student's own loops, which differ
// from Branch.forward by an ulp; it lost reversible-backward a point at a 1e-12 round trip.
import ResidualEngine
import Foundation
func branchLoops(_ b: Branch, _ x: Matrix) -> Matrix {
    let W1 = b.inner.weight, W2 = b.outer.weight       // m × c, c × m
    var out = Matrix(rows: x.rows, cols: b.width)
    for r in 0..<x.rows {
        var h = [Double](repeating: 0, count: b.hidden)
        for i in 0..<b.hidden {
            var s = b.inner.bias[i]
            for j in 0..<b.width { s += W1[i, j] * x[r, j] }
            h[i] = tanh(s)
        }
        for k in 0..<b.width {
            var s = b.outer.bias[k]
            for i in 0..<b.hidden { s += W2[k, i] * h[i] }
            out[r, k] = s
        }
    }
    return out
}
public func blockForward(_ block: ReversibleBlock, _ x: Halves) -> Halves {
    precondition(x.first.cols == block.halfWidth)
    let y1 = x.first + branchLoops(block.f, x.second)
    return Halves(y1, x.second + branchLoops(block.g, y1))
}
public func blockInverse(_ block: ReversibleBlock, _ y: Halves) -> Halves {
    precondition(y.first.cols == block.halfWidth)
    let x2 = y.second - branchLoops(block.g, y.first)
    return Halves(y.first - branchLoops(block.f, x2), x2)
}
