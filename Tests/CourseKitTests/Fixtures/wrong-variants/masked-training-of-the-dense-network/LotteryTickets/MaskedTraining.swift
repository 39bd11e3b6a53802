// Wrong on purpose: a red team's masked training that passed masked-training's own tests (see below).
import Foundation

import ResidualEngine

/// The network with each weight multiplied by its mask entry (biases untouched).
public func applyMask(_ mask: Mask, to network: MLP) -> MLP {
    precondition(maskFits(mask, network), "the mask does not fit the network's layers")
    // BEGIN SOLUTION
    var masked = network
    for l in masked.layers.indices {
        masked.layers[l].weight = masked.layers[l].weight.hadamard(mask[l])
    }
    return masked
    // END SOLUTION
}

/// One SGD step on a batch with the gradients of pruned weights set to zero; returns the batch's
/// loss before the step. The network's pruned weights should be zero already (see applyMask).
public func maskedStep(_ network: inout MLP, mask: Mask, inputs: Matrix, labels: [Int], learningRate: Double) -> Double {
    precondition(maskFits(mask, network), "the mask does not fit the network's layers")
    // BEGIN SOLUTION
    let (loss, gradients) = network.lossAndGradients(inputs, labels: labels)
    for l in network.layers.indices {
        var g = gradients[l]
        g.transposedWeight = g.transposedWeight.hadamard(mask[l].transposed)
        network.layers[l].sgdStep(g, learningRate: learningRate)
    }
    return loss
    // END SOLUTION
}

/// Applies the mask to `network`, then trains it for config.epochs epochs of masked minibatch SGD.
public func trainMasked(_ network: MLP, mask: Mask, data: LabeledData, config: TrainingConfig) -> MLP {
    // BEGIN SOLUTION
    // Trains the DENSE network (pruned weights revive during training) and applies the mask only
    // at the end: the subnetwork is never trained in isolation.
    var trained = applyMask(mask, to: network)
    let dense = fullMask(network)
    var rng = SeededGenerator(seed: config.shuffleSeed)
    let n = data.labels.count
    for _ in 0..<config.epochs {
        let order = shuffledIndices(n, using: &rng)
        var start = 0
        while start < n {
            let (x, y) = batch(data, order[start..<min(start + config.batchSize, n)])
            _ = maskedStep(&trained, mask: dense, inputs: x, labels: y, learningRate: config.learningRate)
            start += config.batchSize
        }
    }
    return applyMask(mask, to: trained)
    // END SOLUTION
}
