// Lesson 7: Lottery tickets
// Exercise masked-training — Training with pruned weights held at zero (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// The network with each weight multiplied by its mask entry (biases untouched).
public func applyMask(_ mask: Mask, to network: MLP) -> MLP {
    precondition(maskFits(mask, network), "the mask does not fit the network's layers")
    // TODO: write your solution here (exercise masked-training).
    fatalError("TODO: exercise masked-training is not implemented yet")
}

/// One SGD step on a batch with the gradients of pruned weights set to zero; returns the batch's
/// loss before the step. The network's pruned weights should be zero already (see applyMask).
public func maskedStep(_ network: inout MLP, mask: Mask, inputs: Matrix, labels: [Int], learningRate: Double) -> Double {
    precondition(maskFits(mask, network), "the mask does not fit the network's layers")
    // TODO: write your solution here (exercise masked-training).
    fatalError("TODO: exercise masked-training is not implemented yet")
}

/// Applies the mask to `network`, then trains it for config.epochs epochs of masked minibatch SGD.
public func trainMasked(_ network: MLP, mask: Mask, data: LabeledData, config: TrainingConfig) -> MLP {
    // TODO: write your solution here (exercise masked-training).
    fatalError("TODO: exercise masked-training is not implemented yet")
}
