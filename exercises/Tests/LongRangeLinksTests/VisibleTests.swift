// Visible tests for lesson 3: Long-range links.
// Run them with `swift test --parallel` (or `--filter LongRangeLinksTests`).

import Foundation
import XCTest
import ResidualEngine
@testable import LongRangeLinks

final class BackpropTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func scalarStack(_ weights: [Double], residual: Bool) -> DenseStack {
        DenseStack(weights: weights.map { [[$0]] }, biases: weights.map { _ in [0] }, residual: residual)
    }

    func testOneLayer() {
        let zero = Matrix([[0]]), one = Matrix([[1]])
        XCTAssertEqual(backpropagate(scalarStack([0.5], residual: false), input: zero, outputGradient: one)[0, 0], 0.5, accuracy: 1e-15)
        XCTAssertEqual(backpropagate(scalarStack([0.5], residual: true), input: zero, outputGradient: one)[0, 0], 1.5, accuracy: 1e-15)
    }

    func testTenLayersMultiplyTheirFactors() {
        // Plain: 0.5^10 ≈ 0.001. Residual: 1.5^10 ≈ 57.7. Same weights, different wiring.
        let weights = [Double](repeating: 0.5, count: 10)
        let zero = Matrix([[0]]), one = Matrix([[1]])
        XCTAssertEqual(backpropagate(scalarStack(weights, residual: false), input: zero, outputGradient: one)[0, 0], pow(0.5, 10), accuracy: 1e-15)
        XCTAssertEqual(backpropagate(scalarStack(weights, residual: true), input: zero, outputGradient: one)[0, 0], pow(1.5, 10), accuracy: 1e-12)
    }

    func testForwardOfOneLayer() {
        let stack = DenseStack(weights: [[[1, 2], [0, -1]]], biases: [[0.5, 0]], residual: true)
        let y = stackForward(stack, Matrix([[1, 1]]))
        XCTAssertEqual(y[0, 0], 1 + tanh(3.5), accuracy: 1e-15)
        XCTAssertEqual(y[0, 1], 1 + tanh(-1), accuracy: 1e-15)
    }
}

final class GradientDepthTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testOneNormPerDepth() {
        let (x, layers) = experimentSetup(width: 8, depth: 6, scale: 0.5, seed: 1)
        let plain = inputGradientNorms(input: x, layers: layers, residual: false)
        XCTAssertEqual(plain.count, 6)
        // Depth 3 is the stack of the first three layers.
        let direct = backpropagate(DenseStack(layers: Array(layers[..<3]), residual: false), input: x,
                                   outputGradient: Matrix(rows: 1, cols: 8, repeating: 1 / 8.0.squareRoot()))
        XCTAssertEqual(plain[2], direct.frobeniusNorm(), accuracy: 1e-14)
    }

    func testAHalvingRate() {
        XCTAssertEqual(ratePerLayer([8, 4, 2, 1], fromDepth: 1, toDepth: 4), 0.5, accuracy: 1e-15)
    }
}

final class PathsTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testThreeBlocks() {
        // Paths through 3 blocks: 1 skips everything, 3 cross one branch, 3 cross two, 1 crosses all.
        XCTAssertEqual((0...3).map { pathCount(depth: 3, branches: $0) }, [1, 3, 3, 1])
        let shares = pathLengthShares(depth: 3)
        for (share, count) in zip(shares, [1.0, 3, 3, 1]) { XCTAssertEqual(share, count / 8, accuracy: 1e-14) }
    }

    func testMeanIsHalfTheDepth() {
        XCTAssertEqual(meanPathLength(depth: 10), 5, accuracy: 1e-12)
    }
}

final class ChainDistancesTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testBareChain() {
        XCTAssertEqual(chainDistances(residues: 5, bonds: [], from: 0), [0, 1, 2, 3, 4])
        let summary = chainSummary(residues: 5, bonds: [])
        XCTAssertEqual(summary.diameter, 4)
        XCTAssertEqual(summary.meanDistance, 2, accuracy: 1e-12)  // (5 + 1) / 3
    }

    func testOneStapleClosesARing() {
        // Bonding the ends of a chain of 6 makes a ring: nobody is more than 3 links away.
        XCTAssertEqual(chainDistances(residues: 6, bonds: [(0, 5)], from: 0), [0, 1, 2, 3, 2, 1])
        XCTAssertEqual(chainSummary(residues: 6, bonds: [(0, 5)]).diameter, 3)
    }
}
