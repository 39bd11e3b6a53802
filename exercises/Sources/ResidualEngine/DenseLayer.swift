/// A fully connected layer y = σ(x·Wᵀ + b) on a batch of row vectors, with a manual backward pass.
///
/// `weight` is (out × in), as in PyTorch's `nn.Linear`, so fixtures and lessons read the same.
/// It is stored transposed (in × out): then x·Wᵀ reads the stored matrix row by row in place,
/// the fastest layout for the forward pass, which inference runs most.
public struct DenseLayer: Sendable {
    /// Wᵀ, (in × out).
    public var transposedWeight: Matrix
    /// b, one entry per output.
    public var bias: [Double]
    /// σ, applied after the bias.
    public var activation: Activation

    /// A layer from W (out × in, PyTorch's layout) and b (one entry per output).
    public init(weight: Matrix, bias: [Double], activation: Activation = .identity) {
        require(bias.count == weight.rows, "a bias of \(bias.count) does not fit a weight of \(weight.shape)")
        self.transposedWeight = weight.transposed
        self.bias = bias
        self.activation = activation
    }

    /// W, (out × in); reading or writing it transposes.
    public var weight: Matrix {
        get { transposedWeight.transposed }
        set { transposedWeight = newValue.transposed }
    }

    /// He-style initialisation: weights ~ N(0, scale²/in), zero bias.
    public init<G: RandomNumberGenerator>(
        inputs: Int, outputs: Int, activation: Activation = .identity,
        scale: Double = 2.0.squareRoot(), using generator: inout G
    ) {
        self.init(
            weight: .random(rows: outputs, cols: inputs, std: scale / Double(inputs).squareRoot(), using: &generator),
            bias: [Double](repeating: 0, count: outputs), activation: activation)
    }

    /// The width of an input row (in).
    public var inputs: Int { transposedWeight.rows }
    /// The width of an output row (out).
    public var outputs: Int { transposedWeight.cols }

    /// What the backward pass needs from the forward pass.
    public struct Cache: Sendable {
        /// x, the batch the forward pass read (batch × in).
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
        require(x.cols == inputs, "shape mismatch: input \(x.shape) into a layer of \(inputs) inputs (weight (\(outputs)×\(inputs)))")
        switch activation {
        case .identity:
            let y = Matrix.multiply(x, transposedWeight, threads: threads, epilogue: .init(bias: bias, residual: residual))
            return (y, Cache(input: x, preActivation: nil, output: nil))
        case .relu:
            let h = Matrix.multiply(x, transposedWeight, threads: threads, epilogue: .init(bias: bias, relu: true))
            var y = h
            if let residual { y.add(residual) }
            return (y, Cache(input: x, preActivation: nil, output: h))
        default:
            let z = Matrix.multiply(x, transposedWeight, threads: threads, epilogue: .init(bias: bias))
            var y = activation.apply(z)
            if let residual { y.add(residual) }
            return (y, Cache(input: x, preActivation: z, output: nil))
        }
    }

    /// Gradients of the loss with respect to the input, the weight and the bias.
    public struct Gradients: Sendable {
        /// ∂L/∂x, (batch × in): the gradient for the layer before.
        public var input: Matrix
        /// ∂L/∂Wᵀ, (in × out), the layout the layer stores.
        public var transposedWeight: Matrix
        /// ∂L/∂b, one entry per output.
        public var bias: [Double]

        /// ∂L/∂W, (out × in).
        public var weight: Matrix { transposedWeight.transposed }
    }

    /// Backpropagates `outputGradient` (∂L/∂y, same shape as the output).
    public func backward(_ outputGradient: Matrix, cache: Cache, threads: Int = 1) -> Gradients {
        require(
            outputGradient.rows == cache.input.rows && outputGradient.cols == outputs,
            "shape mismatch: gradient \(outputGradient.shape) for an output of (\(cache.input.rows)×\(outputs))")
        let dz: Matrix
        switch activation {
        case .identity: dz = outputGradient
        case .relu: dz = outputGradient.masked(where: cache.output!)
        default: dz = outputGradient.zipMap(cache.preActivation!) { g, z in g * activation.derivative(z) }
        }
        return Gradients(
            input: dz.multiplied(byTransposeOf: transposedWeight, threads: threads),
            transposedWeight: cache.input.transposeMultiplied(by: dz, threads: threads),
            bias: dz.columnSums())
    }

    /// One plain SGD step: parameters -= learningRate · gradient.
    public mutating func sgdStep(_ gradients: Gradients, learningRate: Double) {
        transposedWeight.add(gradients.transposedWeight, scaledBy: -learningRate)
        for i in bias.indices { bias[i] -= learningRate * gradients.bias[i] }
    }
}
