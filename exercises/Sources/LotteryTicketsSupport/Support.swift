// Support code for lesson 7: Lottery tickets, the module LotteryTicketsSupport.
// You do not need to edit it; your module sees its declarations (all but private ones).

import Foundation
import ResidualEngine

/// One 0/1 matrix per layer, shaped like the layer's weight (out × in): 1 keeps a weight, 0 prunes it.
/// Biases are never pruned.
public typealias Mask = [Matrix]

/// An MLP widths[0] → widths[1] → … with ReLU on every layer but the last, which gives the logits.
/// A residual MLP adds the input on every hidden layer that keeps the width: x ← x + relu(W x + b).
public struct MLP: Sendable {
    public var layers: [DenseLayer]
    public var residual: Bool

    public init(layers: [DenseLayer], residual: Bool) {
        precondition(!layers.isEmpty, "an MLP needs at least one layer")
        for (a, b) in zip(layers, layers.dropFirst()) {
            precondition(a.outputs == b.inputs, "the layers do not chain: \(a.weight.shape) then \(b.weight.shape)")
        }
        self.layers = layers
        self.residual = residual
    }

    /// He-initialized layers (weights ~ N(0, 2/in), zero biases), drawn one after the other from
    /// SeededGenerator(seed: seed). A plain and a residual MLP of one seed start from the same weights.
    public init(widths: [Int], residual: Bool, seed: UInt64) {
        precondition(widths.count >= 2, "an MLP needs an input and an output width")
        var rng = SeededGenerator(seed: seed)
        let last = widths.count - 2
        let layers = (0...last).map { l in
            DenseLayer(inputs: widths[l], outputs: widths[l + 1], activation: l == last ? .identity : .relu, using: &rng)
        }
        self.init(layers: layers, residual: residual)
    }

    /// Whether layer l adds its input (a hidden layer of a residual MLP that keeps the width).
    public func addsInput(_ l: Int) -> Bool {
        residual && l < layers.count - 1 && layers[l].inputs == layers[l].outputs
    }

    /// The weights W_l (out × in), one per layer.
    public var weights: [Matrix] { layers.map(\.weight) }

    /// The logits of a batch (rows are samples).
    public func logits(_ x: Matrix) -> Matrix {
        var h = x
        for (l, layer) in layers.enumerated() {
            h = layer.forward(h, residual: addsInput(l) ? h : nil).output
        }
        return h
    }

    /// The fraction of samples whose largest logit (the first one, on ties) is at their label; a
    /// row with a NaN logit is never correct (a `>` scan would have picked class 0 for it).
    public func accuracy(on data: LabeledData) -> Double {
        let z = logits(data.features)
        guard z.rows > 0 else { return 0 }
        let correct = (0..<z.rows).filter { i in Vector.argmax(z.row(i)) == data.labels[i] }.count
        return Double(correct) / Double(z.rows)
    }

    /// The mean softmax cross-entropy of a batch and every layer's gradients, in layer order.
    public func lossAndGradients(_ x: Matrix, labels: [Int]) -> (loss: Double, gradients: [DenseLayer.Gradients]) {
        precondition(x.rows == labels.count, "\(x.rows) samples but \(labels.count) labels")
        var caches: [DenseLayer.Cache] = []
        caches.reserveCapacity(layers.count)
        var h = x
        for (l, layer) in layers.enumerated() {
            let (y, cache) = layer.forward(h, residual: addsInput(l) ? h : nil)
            caches.append(cache)
            h = y
        }
        let (loss, outputGradient) = softmaxCrossEntropy(h, labels: labels)
        var g = outputGradient
        var gradients: [DenseLayer.Gradients] = []
        for l in layers.indices.reversed() {
            var layerGradients = layers[l].backward(g, cache: caches[l])
            if addsInput(l) { layerGradients.input.add(g) }  // the skip passes the gradient through
            g = layerGradients.input
            gradients.append(layerGradients)
        }
        return (loss, Array(gradients.reversed()))
    }
}

/// The mean of −log softmax(z_i)[y_i] over the rows of `logits`, and its gradient (softmax(z_i) − onehot(y_i)) / B.
public func softmaxCrossEntropy(_ logits: Matrix, labels: [Int]) -> (loss: Double, gradient: Matrix) {
    precondition(logits.rows == labels.count, "\(logits.rows) rows of logits but \(labels.count) labels")
    let batch = logits.rows
    var gradient = Matrix(rows: batch, cols: logits.cols)
    var total = 0.0
    for i in 0..<batch {
        let z = logits.row(i)
        let top = z.max() ?? 0
        let e = z.map { exp($0 - top) }
        let sum = e.reduce(0, +)
        total += log(sum) - (z[labels[i]] - top)
        for j in z.indices { gradient[i, j] = (e[j] / sum - (j == labels[i] ? 1 : 0)) / Double(batch) }
    }
    return (batch == 0 ? 0 : total / Double(batch), gradient)
}

/// A permutation of 0..<count by Fisher–Yates from the top, j = next() % (i + 1): the same on every machine.
public func shuffledIndices(_ count: Int, using rng: inout SeededGenerator) -> [Int] {
    var p = Array(0..<max(count, 0))
    var i = count - 1
    while i > 0 {
        p.swapAt(i, Int(rng.next() % UInt64(i + 1)))
        i -= 1
    }
    return p
}

/// The samples at `indices`, in that order: their features as rows and their labels.
public func batch<C: Collection>(_ data: LabeledData, _ indices: C) -> (inputs: Matrix, labels: [Int]) where C.Element == Int {
    var x = Matrix(rows: indices.count, cols: data.features.cols)
    for (r, i) in indices.enumerated() {
        for c in 0..<data.features.cols { x[r, c] = data.features[i, c] }
    }
    return (x, indices.map { data.labels[$0] })
}

/// Minibatch SGD settings: `epochs` passes over the data in batches of `batchSize`, in an order
/// drawn from SeededGenerator(seed: shuffleSeed).
public struct TrainingConfig: Sendable {
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    public var shuffleSeed: UInt64

    public init(epochs: Int, batchSize: Int, learningRate: Double, shuffleSeed: UInt64) {
        precondition(epochs >= 0 && batchSize >= 1, "epochs ≥ 0 and batches of at least one sample")
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.shuffleSeed = shuffleSeed
    }
}

/// The settings of the lesson's experiment.
public enum LotteryExperiment {
    public static let widths = [10, 16, 16, 16, 4]
    public static let initSeed: UInt64 = 1
    public static let randomMaskSeed: UInt64 = 4
    public static let training = TrainingConfig(epochs: 10, batchSize: 20, learningRate: 0.2, shuffleSeed: 3)

    /// 4 blobs of 50 points in 10 dimensions; only the first two coordinates carry the class.
    public static func trainingData() -> LabeledData {
        Datasets.gaussianBlobs(classes: 4, perClass: 50, dimensions: 10, radius: 3, spread: 1, seed: 1)
    }

    public static func testData() -> LabeledData {
        Datasets.gaussianBlobs(classes: 4, perClass: 50, dimensions: 10, radius: 3, spread: 1, seed: 2)
    }

    /// The experiment's initial network, plain or residual (the same weights either way).
    public static func network(residual: Bool) -> MLP {
        MLP(widths: widths, residual: residual, seed: initSeed)
    }
}

/// The mask that keeps everything.
public func fullMask(_ network: MLP) -> Mask {
    network.layers.map { Matrix(rows: $0.outputs, cols: $0.inputs, repeating: 1) }
}

/// Whether a mask has one matrix per layer of the network, each of the shape of that layer's weight.
public func maskFits(_ mask: Mask, _ network: MLP) -> Bool {
    mask.count == network.layers.count
        && zip(mask, network.layers).allSatisfy { $0.rows == $1.outputs && $0.cols == $1.inputs }
}

/// The fraction of zeros in a mask (0 for an empty mask).
public func prunedFraction(_ mask: Mask) -> Double {
    let total = mask.reduce(0) { $0 + $1.count }
    guard total > 0 else { return 0 }
    let pruned = mask.reduce(0) { count, m in count + m.values.filter { $0 == 0 }.count }
    return Double(pruned) / Double(total)
}
