// Lesson 7: Lottery tickets
// Exercise transfer — A ticket in a residual network (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// Each layer's entries permuted (entry i of the new layer is entry p[i] of the old, with
/// p = shuffledIndices(count) from one SeededGenerator(seed: seed), layer after layer): the same
/// number of kept weights per layer, at random places.
public func randomMask(matching mask: Mask, seed: UInt64) -> Mask {
    // TODO: write your solution here (exercise transfer).
    fatalError("TODO: exercise transfer is not implemented yet")
}

/// The number of paths from an input to an output through kept weights (entries ≠ 0): 1ᵀ A_{L−1} ⋯ A_1 A_0 1
/// with A_l = M_l, or I + M_l for the layers that add their input in a residual network (hidden
/// layers that keep the width, not the last). As a Double: the counts grow like width^depth.
public func pathCount(_ mask: Mask, residual: Bool) -> Double {
    // TODO: write your solution here (exercise transfer).
    fatalError("TODO: exercise transfer is not implemented yet")
}

/// Trains `network` from its initial weights under `mask` and under randomMask(matching: mask, seed: randomSeed);
/// returns the two test accuracies.
public func maskComparison(network: MLP, mask: Mask, randomSeed: UInt64, train: LabeledData, test: LabeledData,
                           config: TrainingConfig) -> (mask: Double, random: Double) {
    precondition(maskFits(mask, network), "a mask moves only between networks with layers of the same shapes")
    // TODO: write your solution here (exercise transfer).
    fatalError("TODO: exercise transfer is not implemented yet")
}
