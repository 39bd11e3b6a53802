// Lesson 5: Depth, width and compound scaling
// Exercise conv-cost — A parameter and MAC counter (4 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// The number of positions of a window along one side: ⌊(side + 2·padding − kernel) / stride⌋ + 1.
public func outputSide(_ side: Int, kernel: Int, stride: Int, padding: Int) -> Int {
    precondition(side >= 1 && kernel >= 1 && stride >= 1 && padding >= 0)
    precondition(side + 2 * padding >= kernel, "a \(kernel)-wide window does not fit in \(side) pixels padded by \(padding)")
    // TODO: write your solution here (exercise conv-cost).
    fatalError("TODO: exercise conv-cost is not implemented yet")
}

/// Parameters and MACs of one convolution on `input`, and the map it produces.
public func cost(of conv: Conv2d, on input: FeatureMap) -> (cost: Cost, output: FeatureMap) {
    precondition(input.channels == conv.inChannels, "a convolution from \(conv.inChannels) channels applied to \(input)")
    // TODO: write your solution here (exercise conv-cost).
    fatalError("TODO: exercise conv-cost is not implemented yet")
}

/// Parameters and MACs of one layer or block on `input`, and the map it produces.
public func cost(of layer: Layer, on input: FeatureMap) -> (cost: Cost, output: FeatureMap) {
    // TODO: write your solution here (exercise conv-cost).
    fatalError("TODO: exercise conv-cost is not implemented yet")
}

/// The total cost of a chain of layers, each fed the output of the one before, and the final map.
public func cost(of layers: [Layer], on input: FeatureMap) -> (cost: Cost, output: FeatureMap) {
    // TODO: write your solution here (exercise conv-cost).
    fatalError("TODO: exercise conv-cost is not implemented yet")
}
