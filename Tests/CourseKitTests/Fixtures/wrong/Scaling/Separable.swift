// Wrong on purpose (a plausible slip, review round 30): the depthwise conv takes the default
// padding (k / 2), not the original's; every hidden case once had padding k / 2.
import Foundation

/// The depthwise k×k convolution (groups = inChannels, the same stride and padding, no bias) and the
/// pointwise 1×1 convolution (no padding, the original's bias) that replace a standard `conv`.
public func separable(_ conv: Conv2d) -> (depthwise: Conv2d, pointwise: Conv2d) {
    precondition(conv.groups == 1, "only a standard convolution is separated")
    return (Conv2d(conv.inChannels, conv.inChannels, kernel: conv.kernel, stride: conv.stride,
                   groups: conv.inChannels),
            Conv2d(conv.inChannels, conv.outChannels, kernel: 1, padding: 0, bias: conv.bias))
}

/// MACs of the separable pair divided by the MACs of the standard convolution on `input`.
public func separableMACRatio(_ conv: Conv2d, on input: FeatureMap) -> Double {
    let (depthwise, pointwise) = separable(conv)
    let first = cost(of: depthwise, on: input)
    let second = cost(of: pointwise, on: first.output)
    return Double(first.cost.macs + second.cost.macs) / Double(cost(of: conv, on: input).cost.macs)
}

/// An MBConv block without squeeze-and-excitation: 1×1 expansion to expansion·C channels (left out
/// when expansion = 1), depthwise kernel×kernel with `stride`, 1×1 projection to `outChannels`; every
/// convolution without bias and followed by BatchNorm. The identity skip adds nothing to the cost.
public func mbconvCost(on input: FeatureMap, outChannels: Int, expansion: Int, kernel: Int, stride: Int) -> (cost: Cost, output: FeatureMap) {
    precondition(expansion >= 1 && outChannels >= 1)
    let wide = input.channels * expansion
    var layers: [Layer] = []
    if expansion != 1 { layers.append(.conv(Conv2d(input.channels, wide, kernel: 1), batchNorm: true)) }
    layers.append(.conv(Conv2d(wide, wide, kernel: kernel, stride: stride, groups: wide), batchNorm: true))
    layers.append(.conv(Conv2d(wide, outChannels, kernel: 1), batchNorm: true))
    return cost(of: layers, on: input)
}
