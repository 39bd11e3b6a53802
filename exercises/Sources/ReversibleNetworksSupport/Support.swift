// Support code for lesson 6: Reversible residual networks and the memory problem, the module ReversibleNetworksSupport.
// You do not need to edit it; your module sees its declarations (all but private ones).

import Foundation

import ResidualEngine

/// The two channel groups (x₁, x₂) of a batch, each a (batch × half width) matrix.
public struct Halves: Equatable {
    public var first: Matrix
    public var second: Matrix

    public init(_ first: Matrix, _ second: Matrix) {
        precondition(first.rows == second.rows && first.cols == second.cols,
                     "halves of different shapes: \(first.shape) and \(second.shape)")
        self.first = first
        self.second = second
    }

}

/// The largest |entry| of a − b over both halves; NaN if any entry is NaN (Swift.max would drop it).
public func maxDifference(_ a: Halves, _ b: Halves) -> Double {
    Vector.maxAbs([(a.first - b.first).maxAbs(), (a.second - b.second).maxAbs()])
}

/// A last-in, first-out store for the activations a backward pass needs. It counts the matrices it
/// holds and remembers the most it ever held at once.
public final class ActivationTape {
    fileprivate struct Entry {
        var inner: DenseLayer.Cache
        var outer: DenseLayer.Cache
        var matrices: Int
    }

    private var entries: [Entry] = []
    /// Reads the memory in use at every push and pop, and at every matrix allocation anywhere.
    private let watch = MemoryInUse.Watch()
    /// Activation matrices on the tape now.
    public private(set) var storedMatrices = 0
    /// The largest number of activation matrices that were ever on the tape at once.
    public private(set) var peakMatrices = 0
    /// The most memory in use in the whole program (heap, plus the stack below where the tape was
    /// made), in bytes above what was in use when the tape was made, at any moment a cache was
    /// pushed or popped or a matrix was allocated: memory a backward pass keeps beside the tape
    /// shows here.
    public var peakBytes: Int { watch.peakBytes }

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    fileprivate func push(inner: DenseLayer.Cache, outer: DenseLayer.Cache) {
        func count(_ cache: DenseLayer.Cache) -> Int {
            1 + (cache.preActivation == nil ? 0 : 1) + (cache.output == nil ? 0 : 1)
        }
        let entry = Entry(inner: inner, outer: outer, matrices: count(inner) + count(outer))
        entries.append(entry)
        storedMatrices += entry.matrices
        peakMatrices = max(peakMatrices, storedMatrices)
        watch.sample()
    }

    fileprivate func pop() -> Entry {
        precondition(!entries.isEmpty, "the tape is empty: every backward(_:tape:) needs a forward(_:tape:) first")
        watch.sample()
        let entry = entries.removeLast()
        storedMatrices -= entry.matrices
        return entry
    }
}

/// A branch x ↦ tanh(x·W₁ᵀ + b₁)·W₂ᵀ + b₂ on a batch of rows: a tanh layer, then an identity layer.
public struct Branch {
    public var inner: DenseLayer
    public var outer: DenseLayer

    public init(inner: DenseLayer, outer: DenseLayer) {
        precondition(inner.activation == .tanh && outer.activation == .identity, "a branch is a tanh layer, then a linear one")
        precondition(inner.outputs == outer.inputs && outer.outputs == inner.inputs,
                     "a branch needs W₁ (m×c) and W₂ (c×m), not \(inner.weight.shape) and \(outer.weight.shape)")
        self.inner = inner
        self.outer = outer
    }

    /// A branch from nested arrays: w1 is W₁ (m × c) as rows, w2 is W₂ (c × m).
    public init(w1: [[Double]], b1: [Double], w2: [[Double]], b2: [Double]) {
        self.init(inner: DenseLayer(weight: Matrix(w1), bias: b1, activation: .tanh),
                  outer: DenseLayer(weight: Matrix(w2), bias: b2))
    }

    /// c, the width of the branch's input and output.
    public var width: Int { inner.inputs }
    /// m, the hidden width.
    public var hidden: Int { inner.outputs }

    /// F(x), keeping nothing.
    public func callAsFunction(_ x: Matrix) -> Matrix {
        outer.forward(inner.forward(x).output).output
    }

    /// F(x), pushing what the backward pass needs onto the tape: the input, the pre-activation and
    /// the hidden values, three matrices.
    public func forward(_ x: Matrix, tape: ActivationTape) -> Matrix {
        let (h, innerCache) = inner.forward(x)
        let (y, outerCache) = outer.forward(h)
        tape.push(inner: innerCache, outer: outerCache)
        return y
    }

    /// ∂ℓ/∂x and the parameter gradients of one evaluation of the branch.
    public struct Gradients {
        public var input: Matrix
        /// Gradients of W₁ (`inner.weight`, m × c) and b₁ (`inner.bias`).
        public var inner: DenseLayer.Gradients
        /// Gradients of W₂ (`outer.weight`, c × m) and b₂ (`outer.bias`).
        public var outer: DenseLayer.Gradients
    }

    /// Pops the most recent cache from the tape (it must be this branch's) and backpropagates
    /// `outputGradient`, ∂ℓ/∂F(x), through it.
    public func backward(_ outputGradient: Matrix, tape: ActivationTape) -> Gradients {
        let entry = tape.pop()
        precondition(entry.inner.input.cols == width && entry.outer.input.cols == hidden,
                     "the tape's most recent cache does not belong to this branch")
        let outerGradients = outer.backward(outputGradient, cache: entry.outer)
        let innerGradients = inner.backward(outerGradients.input, cache: entry.inner)
        return Gradients(input: innerGradients.input, inner: innerGradients, outer: outerGradients)
    }
}

import Foundation

/// The additive coupling y₁ = x₁ + F(x₂), y₂ = x₂ + G(y₁), on halves of width c.
public struct ReversibleBlock {
    public var f: Branch
    public var g: Branch

    public init(f: Branch, g: Branch) {
        precondition(f.width == g.width, "F and G must act on halves of one width, not \(f.width) and \(g.width)")
        self.f = f
        self.g = g
    }

    /// c, the width of each half.
    public var halfWidth: Int { f.width }
}

/// A stack of `depth` blocks with zero biases and weights drawn from SeededGenerator(seed: seed),
/// block after block, in the order F.W₁ (m × c, std scale/√c), F.W₂ (c × m, std scale/√m), G.W₁, G.W₂.
public func makeReversibleStack(depth: Int, halfWidth c: Int, hidden m: Int, scale: Double, seed: UInt64) -> [ReversibleBlock] {
    var rng = SeededGenerator(seed: seed)
    func branch() -> Branch {
        let w1 = Matrix.random(rows: m, cols: c, std: scale / Double(c).squareRoot(), using: &rng)
        let w2 = Matrix.random(rows: c, cols: m, std: scale / Double(m).squareRoot(), using: &rng)
        return Branch(inner: DenseLayer(weight: w1, bias: [Double](repeating: 0, count: m), activation: .tanh),
                      outer: DenseLayer(weight: w2, bias: [Double](repeating: 0, count: c)))
    }
    return (0..<depth).map { _ in
        let f = branch()
        return ReversibleBlock(f: f, g: branch())
    }
}

/// A batch of standard normals from SeededGenerator(seed: seed): the first half (rows × c), then the second.
public func randomHalves(rows: Int, halfWidth c: Int, seed: UInt64) -> Halves {
    var rng = SeededGenerator(seed: seed)
    let first = Matrix.random(rows: rows, cols: c, using: &rng)
    return Halves(first, Matrix.random(rows: rows, cols: c, using: &rng))
}

import Foundation

/// The parameter gradients of one block's two branches.
public struct BlockGradients {
    public var f: Branch.Gradients
    public var g: Branch.Gradients

    /// Keeps the parameter gradients of both branches and drops their input gradients (left as
    /// empty matrices): those are as large as the activations, the block below uses them once, and
    /// kept for every block they would grow with depth like the activations this lesson does without.
    public init(f: Branch.Gradients, g: Branch.Gradients) {
        self.f = f.parametersOnly
        self.g = g.parametersOnly
    }
}

extension Branch.Gradients {
    /// The same gradients with the activation-sized input gradients replaced by empty matrices.
    var parametersOnly: Branch.Gradients {
        var kept = self
        kept.input = Matrix(rows: 0, cols: input.cols)
        kept.inner.input = Matrix(rows: 0, cols: inner.input.cols)
        kept.outer.input = Matrix(rows: 0, cols: outer.input.cols)
        return kept
    }
}

/// ∂ℓ/∂x for the stack's input and the parameter gradients of every block (block 0 first).
public struct StackGradients {
    public var input: Halves
    public var blocks: [BlockGradients]
}
