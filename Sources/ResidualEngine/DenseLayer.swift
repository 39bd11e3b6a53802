/// A fully connected layer y = σ(x·Wᵀ + b) on a batch of row vectors, with a manual backward pass.
///
/// `weight` is (out × in), as in PyTorch's `nn.Linear`, so fixtures and lessons read the same.
public struct DenseLayer: Sendable {
    public var weight: Matrix
    public var bias: [Double]
    public var activation: Activation

    public init(weight: Matrix, bias: [Double], activation: Activation = .identity) {
        precondition(bias.count == weight.rows, "a bias of \(bias.count) does not fit a weight of \(weight.shape)")
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }

    /// He-style initialisation: weights ~ N(0, scale²/in), zero bias.
    public init<G: RandomNumberGenerator>(inputs: Int, outputs: Int, activation: Activation = .identity,
                                          scale: Double = 2.0.squareRoot(), using generator: inout G) {
        self.init(weight: .random(rows: outputs, cols: inputs, std: scale / Double(inputs).squareRoot(), using: &generator),
                  bias: [Double](repeating: 0, count: outputs), activation: activation)
    }

    public var inputs: Int { weight.cols }
    public var outputs: Int { weight.rows }

    /// What the backward pass needs from the forward pass.
    public struct Cache: Sendable {
        public var input: Matrix
        /// x·Wᵀ + b, kept for activations whose derivative needs it (not ReLU or identity).
        public var preActivation: Matrix?
        /// σ(x·Wᵀ + b), kept for ReLU, whose derivative is read off its output.
        public var output: Matrix?
    }

    /// σ(x·Wᵀ + b) (+ `residual`) for a batch (rows are samples), and the cache for `backward`.
    ///
    /// Bias, ReLU and the residual are added while the product's tiles are still in registers.
    public func forward(_ x: Matrix, residual: Matrix? = nil, threads: Int = 1) -> (output: Matrix, cache: Cache) {
        precondition(x.cols == inputs, "shape mismatch: input \(x.shape) into a layer of \(inputs) inputs (weight \(weight.shape))")
        switch activation {
        case .identity:
            let y = Matrix.multiply(x, weight, transposingB: true, threads: threads, epilogue: .init(bias: bias, residual: residual))
            return (y, Cache(input: x, preActivation: nil, output: nil))
        case .relu:
            let h = Matrix.multiply(x, weight, transposingB: true, threads: threads, epilogue: .init(bias: bias, relu: true))
            var y = h
            if let residual { y.add(residual) }
            return (y, Cache(input: x, preActivation: nil, output: h))
        default:
            let z = Matrix.multiply(x, weight, transposingB: true, threads: threads, epilogue: .init(bias: bias))
            var y = activation.apply(z)
            if let residual { y.add(residual) }
            return (y, Cache(input: x, preActivation: z, output: nil))
        }
    }

    /// Gradients of the loss with respect to the input, the weight and the bias.
    public struct Gradients: Sendable {
        public var input: Matrix
        public var weight: Matrix
        public var bias: [Double]
    }

    /// Backpropagates `outputGradient` (∂L/∂y, same shape as the output).
    public func backward(_ outputGradient: Matrix, cache: Cache, threads: Int = 1) -> Gradients {
        precondition(outputGradient.rows == cache.input.rows && outputGradient.cols == outputs,
                     "shape mismatch: gradient \(outputGradient.shape) for an output of (\(cache.input.rows)×\(outputs))")
        let dz: Matrix
        switch activation {
        case .identity: dz = outputGradient
        case .relu: dz = outputGradient.masked(where: cache.output!)
        default: dz = outputGradient.zipMap(cache.preActivation!) { g, z in g * activation.derivative(z) }
        }
        return Gradients(input: Matrix.multiply(dz, weight, threads: threads),
                         weight: dz.transposeMultiplied(by: cache.input, threads: threads),
                         bias: dz.columnSums())
    }

    /// One plain SGD step: parameters -= learningRate · gradient.
    public mutating func sgdStep(_ gradients: Gradients, learningRate: Double) {
        weight.add(gradients.weight, scaledBy: -learningRate)
        for i in bias.indices { bias[i] -= learningRate * gradients.bias[i] }
    }
}
