// Wrong on purpose (a plausible slip): counts paths in Int, which traps once a count passes Int.max.
import Foundation

import ResidualEngine

/// Each layer's entries permuted (entry i of the new layer is entry p[i] of the old, with
/// p = shuffledIndices(count) from one SeededGenerator(seed: seed), layer after layer): the same
/// number of kept weights per layer, at random places.
public func randomMask(matching mask: Mask, seed: UInt64) -> Mask {
    // BEGIN SOLUTION
    var rng = SeededGenerator(seed: seed)
    return mask.map { m in
        let p = shuffledIndices(m.count, using: &rng)
        let values = m.values
        return Matrix(rows: m.rows, cols: m.cols, p.map { values[$0] })
    }
    // END SOLUTION
}

/// The number of paths from an input to an output through kept weights (entries ≠ 0): 1ᵀ A_{L−1} ⋯ A_1 A_0 1
/// with A_l = M_l, or I + M_l for the layers that add their input in a residual network (hidden
/// layers that keep the width, not the last). As a Double: the counts grow like width^depth.
public func pathCount(_ mask: Mask, residual: Bool) -> Double {
    // BEGIN SOLUTION
    guard let first = mask.first else { return 0 }
    var paths = [Int](repeating: 1, count: first.cols)  // paths from any input to each unit
    for (l, m) in mask.enumerated() {
        precondition(m.cols == paths.count, "the mask's layers do not chain")
        var next = [Int](repeating: 0, count: m.rows)
        for i in 0..<m.rows {
            for j in 0..<m.cols where m[i, j] != 0 { next[i] += paths[j] }
        }
        if residual && l < mask.count - 1 && m.rows == m.cols {
            for i in next.indices { next[i] += paths[i] }
        }
        paths = next
    }
    return Double(paths.reduce(0, +))
    // END SOLUTION
}

/// Trains `network` from its initial weights under `mask` and under randomMask(matching: mask, seed: randomSeed);
/// returns the two test accuracies.
public func maskComparison(network: MLP, mask: Mask, randomSeed: UInt64, train: LabeledData, test: LabeledData,
                           config: TrainingConfig) -> (mask: Double, random: Double) {
    precondition(maskFits(mask, network), "a mask moves only between networks with layers of the same shapes")
    // BEGIN SOLUTION
    let withMask = trainMasked(network, mask: mask, data: train, config: config).accuracy(on: test)
    let random = randomMask(matching: mask, seed: randomSeed)
    let withRandom = trainMasked(network, mask: random, data: train, config: config).accuracy(on: test)
    return (withMask, withRandom)
    // END SOLUTION
}
