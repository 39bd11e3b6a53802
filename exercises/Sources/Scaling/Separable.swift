// Lesson 5: Depth, width and compound scaling
// Exercise separable — Depthwise-separable convolutions (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// The depthwise k×k convolution (groups = inChannels, the same stride and padding, no bias) and the
/// pointwise 1×1 convolution (no padding, the original's bias) that replace a standard `conv`.
public func separable(_ conv: Conv2d) -> (depthwise: Conv2d, pointwise: Conv2d) {
    precondition(conv.groups == 1, "only a standard convolution is separated")
    // TODO: write your solution here (exercise separable).
    fatalError("TODO: exercise separable is not implemented yet")
}

/// MACs of the separable pair divided by the MACs of the standard convolution on `input`.
public func separableMACRatio(_ conv: Conv2d, on input: FeatureMap) -> Double {
    // TODO: write your solution here (exercise separable).
    fatalError("TODO: exercise separable is not implemented yet")
}

/// An MBConv block without squeeze-and-excitation: 1×1 expansion to expansion·C channels (left out
/// when expansion = 1), depthwise kernel×kernel with `stride`, 1×1 projection to `outChannels`; every
/// convolution without bias and followed by BatchNorm. The identity skip adds nothing to the cost.
public func mbconvCost(on input: FeatureMap, outChannels: Int, expansion: Int, kernel: Int, stride: Int) -> (cost: Cost, output: FeatureMap) {
    precondition(expansion >= 1 && outChannels >= 1)
    // TODO: write your solution here (exercise separable).
    fatalError("TODO: exercise separable is not implemented yet")
}
