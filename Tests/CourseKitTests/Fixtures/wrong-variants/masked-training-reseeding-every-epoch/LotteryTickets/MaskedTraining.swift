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
    var trained = applyMask(mask, to: network)
    let n = data.labels.count
    for _ in 0..<config.epochs {
        var rng = SeededGenerator(seed: config.shuffleSeed)
        let order = shuffledIndices(n, using: &rng)
        var start = 0
        // mutant-equivalent: 'start < n' → 'start <= n': the extra step's batch is empty, its gradient zero, and SGD leaves the weights
        while start < n {
            let (x, y) = batch(data, order[start..<min(start + config.batchSize, n)])
            _ = maskedStep(&trained, mask: mask, inputs: x, labels: y, learningRate: config.learningRate)
            start += config.batchSize
        }
    }
    return trained
    // END SOLUTION
}
