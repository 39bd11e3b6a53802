// Visible tests for lesson 4: Robustness and Lipschitz bounds.
// Run them with `swift test --parallel` (or `--filter RobustnessTests`).

import Foundation
import XCTest
import ResidualEngine
@testable import Robustness

final class PowerIterationTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testTheTwoByTwoExample() {
        let (sigma, v) = powerIteration(Matrix([[2, 1], [1, 2]]))
        XCTAssertEqual(sigma, 3, accuracy: 1e-10)
        // The top singular vector is ±(1, 1)/√2.
        XCTAssertEqual(abs(v[0]), 0.5.squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(abs(v[1]), 0.5.squareRoot(), accuracy: 1e-6)
    }

    func testADiagonalMatrixStretchesItsLargestEntry() {
        let (sigma, v) = powerIteration(Matrix([[3, 0, 0], [0, -7, 0], [0, 0, 2]]))
        XCTAssertEqual(sigma, 7, accuracy: 1e-10)
        XCTAssertEqual(abs(v[1]), 1, accuracy: 1e-9)
        XCTAssertEqual(Vector.norm(v), 1, accuracy: 1e-12)
    }

    func testOneStepIsTheStretchOfTheSeededStart() {
        // The protocol the exact values rely on: the start is a.cols normals of
        // SeededGenerator(seed: seed), drawn in order and scaled to length 1, and one step's
        // estimate is how much A stretches that start.
        let a = Matrix([[1, 2, 0], [0, 1, -1]])
        var rng = SeededGenerator(seed: 9)
        let start = (0..<3).map { _ in rng.nextNormal() }
        let unit = Vector.scaled(start, by: 1 / Vector.norm(start))
        XCTAssertEqual(powerIteration(a, maxIterations: 1, seed: 9).sigma, Vector.norm(a.multiplied(by: unit)), accuracy: 1e-12)
    }
}

final class LipschitzBoundTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func scalarBlock(_ w1: Double, _ w2: Double) -> ResidualBlock {
        ResidualBlock(inner: DenseLayer(weight: Matrix([[w1]]), bias: [0], activation: .relu),
                      outer: DenseLayer(weight: Matrix([[w2]]), bias: [0]))
    }

    func testAScalarBlock() {
        let stack = ResidualStack(blocks: [scalarBlock(2, 0.5)])
        XCTAssertEqual(blockLipschitzBound(scalarBlock(2, 0.5)), 2, accuracy: 1e-12)
        XCTAssertEqual(amplification(stack, at: [1], perturbation: [0.1]), 2, accuracy: 1e-12)   // tight
        XCTAssertEqual(amplification(stack, at: [-1], perturbation: [0.1]), 1, accuracy: 1e-12)  // branch off
    }

    func testBoundsMultiply() {
        let stack = ResidualStack(blocks: [scalarBlock(2, 0.5), scalarBlock(-1, 3)])
        XCTAssertEqual(stackLipschitzBound(stack), 2 * 4, accuracy: 1e-12)
        XCTAssertLessThanOrEqual(largestAmplification(stack, at: [0.3], radius: 0.1, trials: 10, seed: 1), 8)
    }

    func testEachTrialDrawsOneDirectionFromOneGenerator() {
        // The protocol the exact values rely on: one SeededGenerator(seed: seed) for all trials; each
        // trial draws x.count normals in order and scales them to length `radius`.
        let block = ResidualBlock(inner: DenseLayer(weight: Matrix([[1, 2], [0, -1]]), bias: [0, 0], activation: .relu),
                                  outer: DenseLayer(weight: Matrix([[0.5, 0], [1, 1]]), bias: [0, 0]))
        let stack = ResidualStack(blocks: [block])
        let x = [0.3, -0.2]
        var rng = SeededGenerator(seed: 4)
        var largest = 0.0
        for _ in 0..<3 {
            let direction = (0..<2).map { _ in rng.nextNormal() }
            largest = max(largest, amplification(stack, at: x, perturbation: Vector.scaled(direction, by: 0.5 / Vector.norm(direction))))
        }
        XCTAssertEqual(largestAmplification(stack, at: x, radius: 0.5, trials: 3, seed: 4), largest, accuracy: 1e-12)
    }
}

final class FgsmTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testEveryCoordinateMovesByEpsilon() {
        let data = Datasets.gaussianBlobs(classes: 3, perClass: 5, seed: 1)
        let model = Classifier(inputs: 2, width: 6, depth: 2, classes: 3, std: 0.4, residual: true, seed: 2)
        let attacked = fgsm(model, data.features, labels: data.labels, epsilon: 0.1)
        let change = attacked - data.features
        for value in change.values { XCTAssertEqual(abs(value), 0.1, accuracy: 1e-12) }
        // The step goes up the loss.
        let before = model.gradients(data.features, labels: data.labels).loss
        XCTAssertGreaterThan(model.gradients(attacked, labels: data.labels).loss, before)
    }

    func testNoBudgetNoChange() {
        let data = Datasets.gaussianBlobs(classes: 2, perClass: 4, seed: 3)
        let model = Classifier(inputs: 2, width: 4, depth: 1, classes: 2, std: 0.4, residual: false, seed: 4)
        XCTAssertEqual(fgsm(model, data.features, labels: data.labels, epsilon: 0), data.features)
        XCTAssertEqual(accuracyUnderAttack(model, data, epsilons: [0]), [model.accuracy(data.features, labels: data.labels)])
    }
}

final class SpectralNormalizationTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testADiagonalWeight() {
        let w = Matrix([[4, 0], [0, 1]])
        let capped = spectrallyNormalized(w, maxNorm: 2)
        XCTAssertEqual(capped[0, 0], 2, accuracy: 1e-12)
        XCTAssertEqual(capped[1, 1], 0.5, accuracy: 1e-12)
        XCTAssertEqual(spectrallyNormalized(w, maxNorm: 5), w)  // already below the cap
    }

    func testTheBlockBoundFalls() {
        var rng = SeededGenerator(seed: 10)
        let block = ResidualBlock(width: 5, std: 1, using: &rng)
        XCTAssertGreaterThan(blockLipschitzBound(block), 2)
        XCTAssertLessThanOrEqual(blockLipschitzBound(spectrallyNormalized(block, maxNorm: 1)), 2 * (1 + 1e-9))
    }
}
