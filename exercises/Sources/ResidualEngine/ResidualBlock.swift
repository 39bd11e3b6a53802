/// A residual block y = x + W2·σ(W1·x + b1) + b2 (or, with `skip` off, the plain block without x).
public struct ResidualBlock: Sendable {
    /// The first layer, W1 (hidden × width) with its activation σ.
    public var inner: DenseLayer
    /// The second layer, W2 (width × hidden), usually without an activation.
    public var outer: DenseLayer
    /// Whether the identity path is there; a plain block computes only the branch.
    public var skip: Bool

    /// A block from its two layers; their shapes must lead back to the input's width.
    public init(inner: DenseLayer, outer: DenseLayer, skip: Bool = true) {
        require(
            inner.outputs == outer.inputs && outer.outputs == inner.inputs,
            "a residual block needs W1 (h×w) and W2 (w×h), not \(inner.weight.shape) and \(outer.weight.shape)")
        self.inner = inner
        self.outer = outer
        self.skip = skip
    }

    /// A block of the given width with a ReLU branch, weights ~ N(0, std²).
    public init<G: RandomNumberGenerator>(
        width: Int, hidden: Int? = nil, std: Double, skip: Bool = true,
        activation: Activation = .relu, using generator: inout G
    ) {
        let h = hidden ?? width
        self.init(
            inner: DenseLayer(
                weight: .random(rows: h, cols: width, std: std, using: &generator),
                bias: [Double](repeating: 0, count: h), activation: activation),
            outer: DenseLayer(
                weight: .random(rows: width, cols: h, std: std, using: &generator),
                bias: [Double](repeating: 0, count: width)),
            skip: skip)
    }

    /// What `backward` needs from `forward`: each layer's cache.
    public struct Cache: Sendable {
        /// The first layer's cache.
        public var inner: DenseLayer.Cache
        /// The second layer's cache.
        public var outer: DenseLayer.Cache
    }

    /// y for a batch (rows are samples, batch × width) and the cache for `backward`; the skip is
    /// added in the second product's store.
    public func forward(_ x: Matrix, threads: Int = 1) -> (output: Matrix, cache: Cache) {
        let (h, innerCache) = inner.forward(x, threads: threads)
        let (y, outerCache) = outer.forward(h, residual: skip ? x : nil, threads: threads)
        return (y, Cache(inner: innerCache, outer: outerCache))
    }

    /// Gradients of the loss with respect to the block's input and both layers' parameters.
    public struct Gradients: Sendable {
        /// ∂L/∂x, (batch × width).
        public var input: Matrix
        /// The first layer's gradients.
        public var inner: DenseLayer.Gradients
        /// The second layer's gradients.
        public var outer: DenseLayer.Gradients
    }

    /// Backpropagates `outputGradient` (∂L/∂y, batch × width) through both layers and the skip.
    public func backward(_ outputGradient: Matrix, cache: Cache, threads: Int = 1) -> Gradients {
        let outerGradients = outer.backward(outputGradient, cache: cache.outer, threads: threads)
        let innerGradients = inner.backward(outerGradients.input, cache: cache.inner, threads: threads)
        var input = innerGradients.input
        if skip { input.add(outputGradient) }  // the identity path passes the gradient straight through
        return Gradients(input: input, inner: innerGradients, outer: outerGradients)
    }

    /// One plain SGD step on both layers: parameters -= learningRate · gradient.
    public mutating func sgdStep(_ gradients: Gradients, learningRate: Double) {
        inner.sgdStep(gradients.inner, learningRate: learningRate)
        outer.sgdStep(gradients.outer, learningRate: learningRate)
    }
}

/// A stack of residual blocks with forward, backward and SGD.
public struct ResidualStack: Sendable {
    /// The blocks, applied in order.
    public var blocks: [ResidualBlock]
    /// Worker threads for the matrix products (1: the calling thread only).
    public var threads: Int

    /// A stack of `blocks` whose products run on `threads` threads.
    public init(blocks: [ResidualBlock], threads: Int = 1) {
        self.blocks = blocks
        self.threads = threads
    }

    /// The output alone, keeping no activations (inference).
    public func predict(_ x: Matrix) -> Matrix {
        var y = x
        for block in blocks { y = block.forward(y, threads: threads).output }
        return y
    }

    /// The output and every block's activations, for `backward`.
    public func forward(_ x: Matrix) -> (output: Matrix, caches: [ResidualBlock.Cache]) {
        var caches: [ResidualBlock.Cache] = []
        caches.reserveCapacity(blocks.count)
        var y = x
        for block in blocks {
            let (next, cache) = block.forward(y, threads: threads)
            caches.append(cache)
            y = next
        }
        return (y, caches)
    }

    /// ∂L/∂x and every block's parameter gradients, from ∂L/∂y.
    public func backward(_ outputGradient: Matrix, caches: [ResidualBlock.Cache]) -> (input: Matrix, blocks: [ResidualBlock.Gradients]) {
        require(caches.count == blocks.count, "\(caches.count) caches for \(blocks.count) blocks")
        var gradient = outputGradient
        var all: [ResidualBlock.Gradients] = []
        all.reserveCapacity(blocks.count)
        for (block, cache) in zip(blocks, caches).reversed() {
            let g = block.backward(gradient, cache: cache, threads: threads)
            gradient = g.input
            all.append(g)
        }
        return (gradient, all.reversed())
    }

    /// One training step on the loss 0.5·‖y‖²/batch: forward, backward and SGD; returns the loss.
    ///
    /// Each block is updated as soon as its gradients exist (after its input gradient has been
    /// computed with the old weights), so no gradient outlives its block: the same result as
    /// collecting all gradients first, without a second pass over them.
    @discardableResult
    public mutating func trainStep(_ x: Matrix, learningRate: Double) -> Double {
        let (y, caches) = forward(x)
        let batch = Double(x.rows)
        let loss = 0.5 * y.withUnsafeBufferPointer { $0.reduce(0) { $0 + $1 * $1 } } / batch
        var gradient = (1 / batch) * y
        for i in blocks.indices.reversed() {
            let g = blocks[i].backward(gradient, cache: caches[i], threads: threads)
            blocks[i].sgdStep(g, learningRate: learningRate)
            gradient = g.input
        }
        return loss
    }
}
