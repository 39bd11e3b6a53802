// Support code for lesson 4: Robustness and Lipschitz bounds, the module RobustnessSupport.
// You do not need to edit it; your module sees its declarations (all but private ones).

import Foundation

import ResidualEngine

/// The mean cross-entropy of softmax(logits) over the rows, and its gradient with respect to the logits.
public func softmaxCrossEntropy(logits: Matrix, labels: [Int]) -> (loss: Double, gradient: Matrix) {
    precondition(labels.count == logits.rows, "\(labels.count) labels for \(logits.rows) rows")
    let n = Double(max(1, logits.rows))
    var gradient = Matrix(rows: logits.rows, cols: logits.cols)
    var loss = 0.0
    for i in 0..<logits.rows {
        let z = logits.row(i)
        let top = z.max()!
        let exps = z.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        loss += log(total) + top - z[labels[i]]
        for j in z.indices { gradient[i, j] = (exps[j] / total - (j == labels[i] ? 1 : 0)) / n }
    }
    return (loss / n, gradient)
}

/// A classifier: an input layer (no activation) into `width`, a body of blocks, a linear head.
public struct Classifier {
    public var embed: DenseLayer
    public var body: ResidualStack
    public var head: DenseLayer

    public init(embed: DenseLayer, body: ResidualStack, head: DenseLayer) {
        self.embed = embed
        self.body = body
        self.head = head
    }

    /// Weights from SeededGenerator(seed: seed) in this order: the input layer ~ N(0, 2/inputs),
    /// each block's W₁ then W₂ ~ N(0, std²), the head ~ N(0, 2/width); every bias zero.
    /// `residual: false` switches off every block's skip (a plain network).
    public init(inputs: Int, width: Int, depth: Int, classes: Int, std: Double, residual: Bool, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let embed = DenseLayer(inputs: inputs, outputs: width, using: &rng)
        let blocks = (0..<depth).map { _ in ResidualBlock(width: width, std: std, skip: residual, using: &rng) }
        let head = DenseLayer(inputs: width, outputs: classes, using: &rng)
        self.init(embed: embed, body: ResidualStack(blocks: blocks), head: head)
    }

    /// One row of logits per sample.
    public func logits(_ x: Matrix) -> Matrix {
        head.forward(body.predict(embed.forward(x).output)).output
    }

    /// The class with the largest logit, per sample (the first on ties); -1, no class, for a row
    /// with a NaN logit, so that a NaN is never counted as a correct prediction.
    public func predictions(_ x: Matrix) -> [Int] {
        let z = logits(x)
        return (0..<z.rows).map { i in Vector.argmax(z.row(i)) ?? -1 }
    }

    /// The fraction of samples classified correctly.
    public func accuracy(_ x: Matrix, labels: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        return Double(zip(predictions(x), labels).filter { $0 == $1 }.count) / Double(labels.count)
    }

    public struct Gradients {
        public var loss: Double
        /// ∂loss/∂x, one row per sample.
        public var input: Matrix
        public var embed: DenseLayer.Gradients
        public var body: [ResidualBlock.Gradients]
        public var head: DenseLayer.Gradients
    }

    /// The mean cross-entropy and its gradients with respect to the input and every parameter.
    public func gradients(_ x: Matrix, labels: [Int]) -> Gradients {
        let (h0, embedCache) = embed.forward(x)
        let (h, bodyCaches) = body.forward(h0)
        let (z, headCache) = head.forward(h)
        let (loss, dz) = softmaxCrossEntropy(logits: z, labels: labels)
        let headGradients = head.backward(dz, cache: headCache)
        let (dh0, bodyGradients) = body.backward(headGradients.input, caches: bodyCaches)
        let embedGradients = embed.backward(dh0, cache: embedCache)
        return Gradients(loss: loss, input: embedGradients.input, embed: embedGradients, body: bodyGradients, head: headGradients)
    }

    /// `steps` steps of full-batch gradient descent; `project`, if given, runs after every step
    /// (to constrain the weights). Returns the loss before the last step.
    @discardableResult
    public mutating func train(on data: LabeledData, steps: Int, learningRate: Double,
                               project: ((inout Classifier) -> Void)? = nil) -> Double {
        var loss = 0.0
        for _ in 0..<steps {
            let g = gradients(data.features, labels: data.labels)
            loss = g.loss
            embed.sgdStep(g.embed, learningRate: learningRate)
            for i in body.blocks.indices { body.blocks[i].sgdStep(g.body[i], learningRate: learningRate) }
            head.sgdStep(g.head, learningRate: learningRate)
            project?(&self)
        }
        return loss
    }
}
