// Support code for lesson 5: Depth, width and compound scaling, the module ScalingSupport.
// You do not need to edit it; your module sees its declarations (all but private ones).

import Foundation

import ResidualEngine

/// The activations of one sample: `channels` maps of height × width pixels.
public struct FeatureMap: Hashable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        precondition(channels >= 1 && height >= 1 && width >= 1, "empty feature map \(channels)×\(height)×\(width)")
        (self.channels, self.height, self.width) = (channels, height, width)
    }

    public init(channels: Int, side: Int) { self.init(channels: channels, height: side, width: side) }

    /// C·H·W, the number of values in the map.
    public var elements: Int { channels * height * width }
    public var description: String { "\(channels)×\(height)×\(width)" }
}

/// What a layer costs for one sample: learnable parameters and multiply–accumulates of one forward pass.
public struct Cost: Hashable, CustomStringConvertible {
    public var parameters: Int
    public var macs: Int

    public init(parameters: Int = 0, macs: Int = 0) { (self.parameters, self.macs) = (parameters, macs) }

    public static let zero = Cost()
    public static func + (a: Cost, b: Cost) -> Cost { Cost(parameters: a.parameters + b.parameters, macs: a.macs + b.macs) }
    public static func += (a: inout Cost, b: Cost) { a = a + b }
    /// Floating-point operations, counting a multiply–accumulate as two.
    public var flops: Int { 2 * macs }
    public var description: String { "\(parameters) parameters, \(macs) MACs" }
}

/// A 2-D convolution as PyTorch's nn.Conv2d describes it (dilation 1, square kernel).
public struct Conv2d: Hashable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernel: Int
    public var stride: Int
    public var padding: Int
    public var groups: Int
    public var bias: Bool

    /// `padding` defaults to kernel / 2, which keeps the map size at stride 1 for odd kernels.
    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int? = nil,
                groups: Int = 1, bias: Bool = false) {
        let padding = padding ?? kernel / 2
        precondition(inChannels >= 1 && outChannels >= 1 && kernel >= 1 && stride >= 1 && padding >= 0 && groups >= 1,
                     "invalid convolution \(inChannels)→\(outChannels), k \(kernel), s \(stride), p \(padding), g \(groups)")
        precondition(inChannels % groups == 0 && outChannels % groups == 0,
                     "\(groups) groups do not divide \(inChannels) → \(outChannels) channels")
        (self.inChannels, self.outChannels, self.kernel) = (inChannels, outChannels, kernel)
        (self.stride, self.padding, self.groups, self.bias) = (stride, padding, groups, bias)
    }
}

/// The four branches of an Inception block: output channels of the 1×1 branch, of the 1×1 reduction
/// and the 3×3 convolution after it, of the 1×1 reduction and the 5×5 convolution after it, and of the
/// 1×1 projection after a 3×3 max pooling (stride 1, padding 1).
public struct InceptionBranches: Hashable {
    public var oneByOne: Int
    public var reduce3: Int
    public var conv3: Int
    public var reduce5: Int
    public var conv5: Int
    public var poolProjection: Int

    public init(oneByOne: Int, reduce3: Int, conv3: Int, reduce5: Int, conv5: Int, poolProjection: Int) {
        (self.oneByOne, self.reduce3, self.conv3) = (oneByOne, reduce3, conv3)
        (self.reduce5, self.conv5, self.poolProjection) = (reduce5, conv5, poolProjection)
    }

    /// The concatenated output channels.
    public var outChannels: Int { oneByOne + conv3 + conv5 + poolProjection }

    /// GoogLeNet's first Inception block, 3a (192 channels in at 28×28, 256 out).
    public static let googLeNet3a = InceptionBranches(oneByOne: 64, reduce3: 96, conv3: 128, reduce5: 16, conv5: 32, poolProjection: 32)
}

/// One entry of a network description. Blocks take their input channels from the map they receive;
/// every convolution inside a block has no bias and is followed by BatchNorm (2 parameters per channel).
public enum Layer: Hashable {
    /// One convolution, optionally followed by BatchNorm.
    case conv(Conv2d, batchNorm: Bool)
    /// Max pooling: no parameters, no MACs.
    case maxPool(kernel: Int, stride: Int, padding: Int)
    /// The mean over all pixels: C×H×W → C×1×1.
    case globalAveragePool
    /// A fully connected layer on the flattened map (C·H·W features in), giving outFeatures×1×1.
    case linear(outFeatures: Int, bias: Bool)
    /// ResNet's basic block: 3×3 (stride s) → 3×3, and a 1×1 projection with stride s on the skip path
    /// when s ≠ 1 or the channels change.
    case basic(outChannels: Int, stride: Int)
    /// ResNet's bottleneck: 1×1 to `width`, 3×3 with stride s, 1×1 to 4·width, projection as for `.basic`.
    case bottleneck(width: Int, stride: Int)
    /// An Inception block (stride 1; the output has `branches.outChannels` channels).
    case inception(InceptionBranches)
}

import Foundation

/// One stage of a ResNet: `blocks` basic blocks with `channels` channels; the first has `stride`.
public struct Stage: Hashable {
    public var blocks: Int
    public var channels: Int
    public var stride: Int

    public init(blocks: Int, channels: Int, stride: Int) {
        precondition(blocks >= 0 && channels >= 1 && stride >= 1)
        (self.blocks, self.channels, self.stride) = (blocks, channels, stride)
    }
}

/// A ResNet of basic blocks: stem, stages, global average pooling, classifier.
public struct ResNetDescription: Hashable {
    public var resolution: Int
    public var stemChannels: Int
    public var stages: [Stage]
    public var classes: Int

    public init(resolution: Int, stemChannels: Int, stages: [Stage], classes: Int = 1000) {
        precondition(resolution >= 1 && stemChannels >= 1 && classes >= 1)
        (self.resolution, self.stemChannels, self.stages, self.classes) = (resolution, stemChannels, stages, classes)
    }

    /// ResNet-18 at 224×224.
    public static let resnet18 = ResNetDescription(resolution: 224, stemChannels: 64, stages: [
        Stage(blocks: 2, channels: 64, stride: 1), Stage(blocks: 2, channels: 128, stride: 2),
        Stage(blocks: 2, channels: 256, stride: 2), Stage(blocks: 2, channels: 512, stride: 2),
    ])

    /// An RGB image of resolution × resolution pixels.
    public var input: FeatureMap { FeatureMap(channels: 3, side: resolution) }

    /// The network as a chain of layers.
    public var layers: [Layer] {
        var layers: [Layer] = [.conv(Conv2d(3, stemChannels, kernel: 7, stride: 2, padding: 3), batchNorm: true),
                               .maxPool(kernel: 3, stride: 2, padding: 1)]
        for stage in stages {
            for block in 0..<stage.blocks {
                layers.append(.basic(outChannels: stage.channels, stride: block == 0 ? stage.stride : 1))
            }
        }
        layers.append(.globalAveragePool)
        layers.append(.linear(outFeatures: classes, bias: true))
        return layers
    }
}
