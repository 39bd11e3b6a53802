// Wrong on purpose (a plausible slip: no projection for a stride of 2 when the channels stay).
import Foundation

/// The number of positions of a window along one side: ⌊(side + 2·padding − kernel) / stride⌋ + 1.
public func outputSide(_ side: Int, kernel: Int, stride: Int, padding: Int) -> Int {
    precondition(side >= 1 && kernel >= 1 && stride >= 1 && padding >= 0)
    precondition(side + 2 * padding >= kernel, "a \(kernel)-wide window does not fit in \(side) pixels padded by \(padding)")
    return (side + 2 * padding - kernel) / stride + 1
}

/// Parameters and MACs of one convolution on `input`, and the map it produces.
public func cost(of conv: Conv2d, on input: FeatureMap) -> (cost: Cost, output: FeatureMap) {
    precondition(input.channels == conv.inChannels, "a convolution from \(conv.inChannels) channels applied to \(input)")
    let output = FeatureMap(channels: conv.outChannels,
                            height: outputSide(input.height, kernel: conv.kernel, stride: conv.stride, padding: conv.padding),
                            width: outputSide(input.width, kernel: conv.kernel, stride: conv.stride, padding: conv.padding))
    let weightsPerFilter = conv.inChannels / conv.groups * conv.kernel * conv.kernel
    let parameters = conv.outChannels * weightsPerFilter + (conv.bias ? conv.outChannels : 0)
    return (Cost(parameters: parameters, macs: output.elements * weightsPerFilter), output)
}

/// Parameters and MACs of one layer or block on `input`, and the map it produces.
public func cost(of layer: Layer, on input: FeatureMap) -> (cost: Cost, output: FeatureMap) {
    // A convolution without bias followed by BatchNorm: the unit every block is made of.
    func convBN(_ conv: Conv2d, _ map: FeatureMap) -> (cost: Cost, output: FeatureMap) {
        let (c, output) = cost(of: conv, on: map)
        return (c + Cost(parameters: 2 * conv.outChannels), output)
    }
    // The 1×1 projection on the skip path, needed when the shape changes.
    func shortcut(to outChannels: Int, stride: Int) -> Cost {
        guard input.channels != outChannels else { return .zero }
        return convBN(Conv2d(input.channels, outChannels, kernel: 1, stride: stride, padding: 0), input).cost
    }
    switch layer {
    case let .conv(conv, batchNorm):
        return batchNorm ? convBN(conv, input) : cost(of: conv, on: input)
    case let .maxPool(kernel, stride, padding):
        return (.zero, FeatureMap(channels: input.channels,
                                  height: outputSide(input.height, kernel: kernel, stride: stride, padding: padding),
                                  width: outputSide(input.width, kernel: kernel, stride: stride, padding: padding)))
    case .globalAveragePool:
        return (.zero, FeatureMap(channels: input.channels, height: 1, width: 1))
    case let .linear(outFeatures, bias):
        let weights = input.elements * outFeatures
        return (Cost(parameters: weights + (bias ? outFeatures : 0), macs: weights),
                FeatureMap(channels: outFeatures, height: 1, width: 1))
    case let .basic(outChannels, stride):
        let a = convBN(Conv2d(input.channels, outChannels, kernel: 3, stride: stride), input)
        let b = convBN(Conv2d(outChannels, outChannels, kernel: 3), a.output)
        return (a.cost + b.cost + shortcut(to: outChannels, stride: stride), b.output)
    case let .bottleneck(width, stride):
        let a = convBN(Conv2d(input.channels, width, kernel: 1), input)
        let b = convBN(Conv2d(width, width, kernel: 3, stride: stride), a.output)
        let c = convBN(Conv2d(width, 4 * width, kernel: 1), b.output)
        return (a.cost + b.cost + c.cost + shortcut(to: 4 * width, stride: stride), c.output)
    case let .inception(branches):
        let channels = input.channels
        let one = convBN(Conv2d(channels, branches.oneByOne, kernel: 1), input)
        let reduce3 = convBN(Conv2d(channels, branches.reduce3, kernel: 1), input)
        let conv3 = convBN(Conv2d(branches.reduce3, branches.conv3, kernel: 3), reduce3.output)
        let reduce5 = convBN(Conv2d(channels, branches.reduce5, kernel: 1), input)
        let conv5 = convBN(Conv2d(branches.reduce5, branches.conv5, kernel: 5), reduce5.output)
        // The 3×3 max pooling with stride 1 and padding 1 keeps the map; only its projection costs.
        let pool = convBN(Conv2d(channels, branches.poolProjection, kernel: 1), input)
        let total = one.cost + reduce3.cost + conv3.cost + reduce5.cost + conv5.cost + pool.cost
        return (total, FeatureMap(channels: branches.outChannels, height: input.height, width: input.width))
    }
}

/// The total cost of a chain of layers, each fed the output of the one before, and the final map.
public func cost(of layers: [Layer], on input: FeatureMap) -> (cost: Cost, output: FeatureMap) {
    var total = Cost.zero
    var map = input
    for next in layers {
        let (c, output) = cost(of: next, on: map)
        total += c
        map = output
    }
    return (total, map)
}
