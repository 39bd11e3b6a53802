// Visible tests for lesson 7: Lottery tickets.
// Run them with `swift test --parallel` (or `--filter LotteryTicketsTests`).

import Foundation
import XCTest
import ResidualEngine
@testable import LotteryTickets

final class MagnitudeMasksTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testTheWorkedExample() {
        let w = [Matrix([[0.5, -0.1, 0.3], [-0.1, 2.0, 0.0]])]
        // Half of 6 weights: the zero, then both 0.1s.
        XCTAssertEqual(magnitudeMask(w, sparsity: 0.5, scope: .layerwise), [Matrix([[1, 0, 1], [0, 1, 0]])])
        // A third: the zero, then the 0.1 with the lower flat index (1, not 3).
        XCTAssertEqual(magnitudeMask(w, sparsity: 1.0 / 3, scope: .layerwise), [Matrix([[1, 0, 1], [1, 1, 0]])])
    }

    func testCountsRoundHalvesUp() {
        XCTAssertEqual(prunedCount(sparsity: 0.25, of: 6), 2)  // 1.5
        XCTAssertEqual(prunedCount(sparsity: 0.8, of: 736), 589)
    }

    func testGlobalRanksAcrossLayers() {
        // Layer 1's weights are ten times smaller: global pruning takes all three of them,
        // layer-wise pruning takes two from layer 0 and one from layer 1.
        let w = [Matrix([[0.4, -0.2], [0.2, 0.9]]), Matrix([[0.05, -0.06, 0.02]])]
        let global = magnitudeMask(w, sparsity: 3.0 / 7, scope: .global)
        XCTAssertEqual(global, [Matrix([[1, 1], [1, 1]]), Matrix([[0, 0, 0]])])
        XCTAssertEqual(prunedFraction(global), 3.0 / 7, accuracy: 1e-15)
        XCTAssertEqual(magnitudeMask(w, sparsity: 3.0 / 7, scope: .layerwise), [Matrix([[1, 0], [0, 1]]), Matrix([[1, 1, 0]])])
    }

    func testTiesAcrossLayersAndPrunedWeightsFirst() {
        // Global ties go by flat index over the layers laid end to end, layer 0 first: of the three
        // weights of magnitude 1 (flat indices 0, 2 and 3), the first two go.
        XCTAssertEqual(magnitudeMask([Matrix([[1, 3]]), Matrix([[1, -1]])], sparsity: 0.5, scope: .global),
                       [Matrix([[0, 1]]), Matrix([[0, 1]])])
        // A weight the current mask prunes goes first, however large it is.
        XCTAssertEqual(magnitudeMask([Matrix([[0.1, 5, 0.2]])], sparsity: 2.0 / 3, scope: .layerwise, current: [Matrix([[1, 0, 1]])]),
                       [Matrix([[0, 0, 1]])])
    }
}

final class MaskedTrainingTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func tinyNetwork() -> (MLP, LabeledData) {
        (MLP(widths: [3, 5, 5, 2], residual: true, seed: 21),
         Datasets.gaussianBlobs(classes: 2, perClass: 10, dimensions: 3, seed: 22))
    }

    func testPrunedWeightsStayZero() {
        let (network, data) = tinyNetwork()
        let mask = magnitudeMask(network.weights, sparsity: 0.6, scope: .global)
        let trained = trainMasked(network, mask: mask, data: data, config: TrainingConfig(epochs: 3, batchSize: 4, learningRate: 0.2, shuffleSeed: 1))
        for (w, m) in zip(trained.weights, mask) {
            for i in 0..<w.count where m.values[i] == 0 { XCTAssertEqual(w.values[i], 0) }
        }
        // The kept weights did learn something.
        XCTAssertNotEqual(trained.weights[0], applyMask(mask, to: network).weights[0])
    }

    func testEpochsShuffleWithOneGeneratorAndCutConsecutiveBatches() {
        // The protocol the exact values rely on, by hand: one SeededGenerator(seed: shuffleSeed) for
        // the whole run, each epoch's order from shuffledIndices, cut into batches of 6, 6, 6 and 2.
        let (network, data) = tinyNetwork()
        let mask = magnitudeMask(network.weights, sparsity: 0.5, scope: .global)
        var expected = applyMask(mask, to: network)
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<2 {
            let order = shuffledIndices(20, using: &rng)
            for start in stride(from: 0, to: 20, by: 6) {
                let (x, y) = batch(data, order[start..<min(start + 6, 20)])
                _ = maskedStep(&expected, mask: mask, inputs: x, labels: y, learningRate: 0.1)
            }
        }
        let config = TrainingConfig(epochs: 2, batchSize: 6, learningRate: 0.1, shuffleSeed: 3)
        XCTAssertEqual(trainMasked(network, mask: mask, data: data, config: config).weights, expected.weights)
    }

    func testAFullMaskIsPlainSGD() {
        let (network, data) = tinyNetwork()
        var masked = network, plain = network
        let (x, y) = batch(data, 0..<8)
        let loss = maskedStep(&masked, mask: fullMask(network), inputs: x, labels: y, learningRate: 0.1)
        let (expectedLoss, gradients) = plain.lossAndGradients(x, labels: y)
        for l in plain.layers.indices { plain.layers[l].sgdStep(gradients[l], learningRate: 0.1) }
        XCTAssertEqual(loss, expectedLoss)
        XCTAssertEqual(masked.weights, plain.weights)
    }
}

final class ImpTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testTheSchedule() {
        let s = sparsitySchedule(final: 0.8, rounds: 4)
        XCTAssertEqual(s.count, 4)
        XCTAssertEqual(s[3], 0.8, accuracy: 1e-12)
        XCTAssertEqual(s[0], 1 - pow(0.2, 0.25), accuracy: 1e-12)
        XCTAssertEqual(sparsitySchedule(final: 0.5, rounds: 1), [0.5])
    }

    /// A 3 → 6 → 2 network, 16 training points and two short epochs.
    func smallRunSetting() -> (initial: MLP, data: LabeledData, config: TrainingConfig) {
        (MLP(widths: [3, 6, 2], residual: false, seed: 60), Datasets.gaussianBlobs(classes: 2, perClass: 8, dimensions: 3, seed: 61),
         TrainingConfig(epochs: 2, batchSize: 4, learningRate: 0.1, shuffleSeed: 62))
    }

    func testASmallRun() {
        let (initial, data, config) = smallRunSetting()
        let rounds = iterativeMagnitudePruning(initial: initial, train: data, test: data, config: config, finalSparsity: 0.75, rounds: 2)
        XCTAssertEqual(rounds.count, 3)
        // 30 weights: the schedule is 50 % and 75 %, so 15 and then round(22.5) = 23 are pruned.
        XCTAssertEqual(rounds.map { prunedFraction($0.mask) }, [0, 15.0 / 30, 23.0 / 30])
        XCTAssertEqual(rounds[0].sparsity, 0)
    }

    func testEachRoundPrunesThePreviousRoundsTrainedWeights() {
        // The protocol the exact values rely on: round r ranks the weights the previous round ended
        // training with (not the initial ones), with the previous mask as `current`.
        let (initial, data, config) = smallRunSetting()
        let rounds = iterativeMagnitudePruning(initial: initial, train: data, test: data, config: config, finalSparsity: 0.75, rounds: 2)
        XCTAssertEqual(rounds.count, 3)
        guard rounds.count == 3 else { return }
        let schedule = sparsitySchedule(final: 0.75, rounds: 2)
        let dense = trainMasked(initial, mask: fullMask(initial), data: data, config: config)
        XCTAssertEqual(rounds[1].mask, magnitudeMask(dense.weights, sparsity: schedule[0], scope: .global, current: fullMask(initial)))
        let first = trainMasked(initial, mask: rounds[1].mask, data: data, config: config)
        XCTAssertEqual(rounds[2].mask, magnitudeMask(first.weights, sparsity: schedule[1], scope: .global, current: rounds[1].mask))
    }
}

final class TransferTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testRandomMaskKeepsTheCountPerLayer() {
        let mask = [Matrix([[1, 0, 0], [0, 0, 1]]), Matrix([[0, 1], [1, 1], [0, 0]])]
        let random = randomMask(matching: mask, seed: 5)
        XCTAssertEqual(random.map { $0.values.reduce(0, +) }, [2, 3])
        XCTAssertEqual(random.map(\.rows), [2, 3])
        XCTAssertEqual(random, randomMask(matching: mask, seed: 5))
    }

    func testEachLayerIsPermutedByOneGenerator() {
        // The protocol the exact values rely on: one SeededGenerator(seed: seed), layer after layer,
        // p = shuffledIndices(count), and entry i of the new layer is entry p[i] of the old one.
        let mask = [Matrix([[1, 0, 0], [0, 0, 1]]), Matrix([[0, 1], [1, 1], [0, 0]])]
        var rng = SeededGenerator(seed: 9)
        let p0 = shuffledIndices(6, using: &rng), p1 = shuffledIndices(6, using: &rng)
        let random = randomMask(matching: mask, seed: 9)
        XCTAssertEqual(random.map(\.values), [p0.map { mask[0].values[$0] }, p1.map { mask[1].values[$0] }])
    }

    func testPathsOfATinyMask() {
        // 3 inputs → 2 → 2 → 1; only the middle layer keeps its width, so only it has a skip.
        // Plain: input 0 → unit 0 → unit 1 → output is the only path.
        let mask = [Matrix([[1, 0, 0], [0, 0, 0]]), Matrix([[0, 0], [1, 0]]), Matrix([[1, 1]])]
        XCTAssertEqual(pathCount(mask, residual: false), 1)
        // Residual: also input 0 → unit 0 → (skip) unit 0 → output.
        XCTAssertEqual(pathCount(mask, residual: true), 2)
        // Nothing pruned: 3·2·2·1 = 12 plain paths; with the skip, 3·(2 + 1)·2 = 18.
        let full = [Matrix(rows: 2, cols: 3, repeating: 1), Matrix(rows: 2, cols: 2, repeating: 1), Matrix(rows: 1, cols: 2, repeating: 1)]
        XCTAssertEqual(pathCount(full, residual: false), 12)
        XCTAssertEqual(pathCount(full, residual: true), 18)
    }
}
