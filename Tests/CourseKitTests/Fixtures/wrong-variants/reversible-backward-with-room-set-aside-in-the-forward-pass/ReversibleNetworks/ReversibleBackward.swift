// Round 20: the round-19 attack below, which first gives back the room Stack.swift set aside.
// A red team's lesson-6 submission (round 19): it rebuilds every block's input and keeps them
// all, in plain [Double] arrays, and backpropagates on arrays, allocating no matrix and touching
// no tape while it holds them; readings at matrix allocations alone never saw the 5 MB.
import Foundation

import ResidualEngine

/// A branch's parameters read into plain arrays (no matrix is allocated).
struct PlainBranch {
    var t1: [Double]   // c × m (Wᵀ of the tanh layer)
    var b1: [Double]
    var t2: [Double]   // m × c
    var b2: [Double]
    var c: Int
    var m: Int
    init(_ branch: Branch) {
        c = branch.inner.transposedWeight.rows
        m = branch.inner.transposedWeight.cols
        var a = [Double](repeating: 0, count: c * m)
        for i in 0..<c { for j in 0..<m { a[i * m + j] = branch.inner.transposedWeight[i, j] } }
        t1 = a
        var b = [Double](repeating: 0, count: m * c)
        for i in 0..<m { for j in 0..<c { b[i * c + j] = branch.outer.transposedWeight[i, j] } }
        t2 = b
        b1 = branch.inner.bias
        b2 = branch.outer.bias
    }

    /// (hidden tanh values, output) for rows x (n × c).
    func forward(_ x: [Double], rows n: Int) -> (h: [Double], y: [Double]) {
        var h = [Double](repeating: 0, count: n * m)
        for r in 0..<n {
            for j in 0..<m {
                var s = b1[j]
                for k in 0..<c { s += x[r * c + k] * t1[k * m + j] }
                h[r * m + j] = tanh(s)
            }
        }
        var y = [Double](repeating: 0, count: n * c)
        for r in 0..<n {
            for j in 0..<c {
                var s = b2[j]
                for k in 0..<m { s += h[r * m + k] * t2[k * c + j] }
                y[r * c + j] = s
            }
        }
        return (h, y)
    }

    /// Gradients: (dx, dT1, db1, dT2, db2), given the input x and upstream g (n × c).
    func backward(_ x: [Double], _ g: [Double], rows n: Int) -> (dx: [Double], dt1: [Double], db1: [Double], dt2: [Double], db2: [Double]) {
        let (h, _) = forward(x, rows: n)
        var dt2 = [Double](repeating: 0, count: m * c)
        var db2 = [Double](repeating: 0, count: c)
        var dz = [Double](repeating: 0, count: n * m)
        for r in 0..<n {
            for j in 0..<c { db2[j] += g[r * c + j] }
            for k in 0..<m {
                var s = 0.0
                for j in 0..<c {
                    dt2[k * c + j] += h[r * m + k] * g[r * c + j]
                    s += g[r * c + j] * t2[k * c + j]
                }
                dz[r * m + k] = s * (1 - h[r * m + k] * h[r * m + k])
            }
        }
        var dt1 = [Double](repeating: 0, count: c * m)
        var db1 = [Double](repeating: 0, count: m)
        var dx = [Double](repeating: 0, count: n * c)
        for r in 0..<n {
            for k in 0..<m {
                db1[k] += dz[r * m + k]
                for i in 0..<c {
                    dt1[i * m + k] += x[r * c + i] * dz[r * m + k]
                    dx[r * c + i] += dz[r * m + k] * t1[i * m + k]
                }
            }
        }
        return (dx, dt1, db1, dt2, db2)
    }
}

struct PlainGradients {
    var dt1: [Double], db1: [Double], dt2: [Double], db2: [Double]
}

/// Backpropagates `outputGradient` through the stack from its `output` alone, reconstructing
/// every block's input on the way; the tape holds at most one block's branch caches at a time.
public func reversibleBackward(_ blocks: [ReversibleBlock], output: Halves, outputGradient: Halves,
                               tape: ActivationTape) -> (reconstructedInput: Halves, gradients: StackGradients) {
    precondition(output.first.rows == outputGradient.first.rows && output.first.cols == outputGradient.first.cols,
                 "gradient \(outputGradient.first.shape) for an output of \(output.first.shape)")
    heldRoom.values = []  // gives back what stackForward set aside, before the tape reads anything
    let n = output.first.rows, c = output.first.cols
    guard let last = blocks.last else {
        return (output, StackGradients(input: outputGradient, blocks: []))
    }
    // One branch through the tape while nothing is kept: the tape's counts look like one branch's.
    _ = last.g.forward(output.first, tape: tape)
    _ = last.g.backward(Matrix(rows: n, cols: c), tape: tape)

    var x1: [Double] = [], x2: [Double] = [], gx1: [Double] = [], gx2: [Double] = []
    var kept: [(f: PlainGradients, g: PlainGradients)] = []
    do {
        // Reconstruct and keep EVERY block's input (memory grows with depth), in plain arrays.
        let plain = blocks.map { (f: PlainBranch($0.f), g: PlainBranch($0.g)) }
        var inputs: [([Double], [Double])] = []
        var y1 = output.first.values, y2 = output.second.values
        for p in plain.reversed() {
            let gy = p.g.forward(y1, rows: n).y
            let a2 = zip(y2, gy).map { $0 - $1 }
            let fy = p.f.forward(a2, rows: n).y
            let a1 = zip(y1, fy).map { $0 - $1 }
            inputs.append((a1, a2))
            y1 = a1; y2 = a2
        }
        inputs.reverse()  // inputs[l] is block l's input
        // Backward with every input at hand.
        var u1 = outputGradient.first.values, u2 = outputGradient.second.values
        for l in stride(from: plain.count - 1, through: 0, by: -1) {
            let (a1, a2) = inputs[l]
            let yb1 = zip(a1, plain[l].f.forward(a2, rows: n).y).map { $0 + $1 }
            let gb = plain[l].g.backward(yb1, u2, rows: n)
            let total1 = zip(u1, gb.dx).map { $0 + $1 }
            let fb = plain[l].f.backward(a2, total1, rows: n)
            kept.append((PlainGradients(dt1: fb.dt1, db1: fb.db1, dt2: fb.dt2, db2: fb.db2),
                         PlainGradients(dt1: gb.dt1, db1: gb.db1, dt2: gb.dt2, db2: gb.db2)))
            u1 = total1
            u2 = zip(u2, fb.dx).map { $0 + $1 }
        }
        x1 = inputs[0].0; x2 = inputs[0].1; gx1 = u1; gx2 = u2
    }
    // Everything kept is released; only now are matrices made.
    kept.reverse()
    let m = last.f.hidden
    let emptyIn = Matrix(rows: 0, cols: c), emptyHidden = Matrix(rows: 0, cols: m)
    let templateInner = last.f.inner.backward(Matrix(rows: 0, cols: m), cache: last.f.inner.forward(emptyIn).cache)
    let templateOuter = last.f.outer.backward(Matrix(rows: 0, cols: c), cache: last.f.outer.forward(emptyHidden).cache)
    func gradients(_ p: PlainGradients) -> Branch.Gradients {
        var inner = templateInner, outer = templateOuter
        inner.transposedWeight = Matrix(rows: c, cols: m, p.dt1)
        inner.bias = p.db1
        outer.transposedWeight = Matrix(rows: m, cols: c, p.dt2)
        outer.bias = p.db2
        return Branch.Gradients(input: emptyIn, inner: inner, outer: outer)
    }
    let perBlock = kept.map { BlockGradients(f: gradients($0.f), g: gradients($0.g)) }
    let input = Halves(Matrix(rows: n, cols: c, x1), Matrix(rows: n, cols: c, x2))
    let gradient = Halves(Matrix(rows: n, cols: c, gx1), Matrix(rows: n, cols: c, gx2))
    return (input, StackGradients(input: gradient, blocks: perBlock))
}
