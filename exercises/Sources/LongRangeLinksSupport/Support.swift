// Support code for lesson 3: Long-range links, the module LongRangeLinksSupport.
// You do not need to edit it; your module sees its declarations (all but private ones).

import Foundation

import ResidualEngine

/// L dense tanh layers of one width, plain (x ← tanh(W x + b)) or residual (x ← x + tanh(W x + b)).
public struct DenseStack {
    public var layers: [DenseLayer]
    public var residual: Bool

    public init(layers: [DenseLayer], residual: Bool) {
        for layer in layers {
            precondition(layer.inputs == layer.outputs, "every layer keeps the width: \(layer.weight.shape)")
            precondition(layer.activation == .tanh, "the layers of this lesson use tanh")
        }
        self.layers = layers
        self.residual = residual
    }

    /// A stack from nested arrays: weights[l] is layer l's (out × in) matrix as rows, biases[l] its bias.
    public init(weights: [[[Double]]], biases: [[Double]], residual: Bool) {
        precondition(weights.count == biases.count, "\(weights.count) weights but \(biases.count) biases")
        self.init(layers: zip(weights, biases).map { DenseLayer(weight: Matrix($0), bias: $1, activation: .tanh) },
                  residual: residual)
    }

    public var depth: Int { layers.count }
}

/// The gradient-norm experiment: a one-sample input of `width` standard normals, then `depth`
/// bias-free tanh layers with weights ~ N(0, scale²/width), all drawn in that order from
/// SeededGenerator(seed: seed). Depth L uses the first L layers.
public func experimentSetup(width: Int, depth: Int, scale: Double, seed: UInt64) -> (input: Matrix, layers: [DenseLayer]) {
    var rng = SeededGenerator(seed: seed)
    let input = Matrix.random(rows: 1, cols: width, using: &rng)
    let std = scale / Double(width).squareRoot()
    let layers = (0..<depth).map { _ in
        DenseLayer(weight: .random(rows: width, cols: width, std: std, using: &rng),
                   bias: [Double](repeating: 0, count: width), activation: .tanh)
    }
    return (input, layers)
}
