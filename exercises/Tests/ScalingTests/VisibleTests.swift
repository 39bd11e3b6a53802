// Visible tests for lesson 5: Depth, width and compound scaling.
// Run them with `swift test --parallel` (or `--filter ScalingTests`).

import Foundation
import XCTest
import ResidualEngine
@testable import Scaling

final class ConvCostTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testAThreeByThreeConvolution() {
        let (c, output) = cost(of: Conv2d(64, 64, kernel: 3), on: FeatureMap(channels: 64, side: 56))
        XCTAssertEqual(c.parameters, 36_864)          // 64 · 64 · 9
        XCTAssertEqual(c.macs, 115_605_504)           // 36 864 weights, each used at 56 · 56 positions
        XCTAssertEqual(output, FeatureMap(channels: 64, side: 56))
    }

    func testTheResNetStem() {
        XCTAssertEqual(outputSide(224, kernel: 7, stride: 2, padding: 3), 112)
        XCTAssertEqual(outputSide(7, kernel: 3, stride: 2, padding: 1), 4)
        let (c, output) = cost(of: Conv2d(3, 64, kernel: 7, stride: 2, padding: 3), on: FeatureMap(channels: 3, side: 224))
        XCTAssertEqual(c, Cost(parameters: 9_408, macs: 118_013_952))
        XCTAssertEqual(output, FeatureMap(channels: 64, side: 112))
    }

    func testBlocks() {
        let basic = cost(of: .basic(outChannels: 64, stride: 1), on: FeatureMap(channels: 64, side: 56))
        XCTAssertEqual(basic.cost, Cost(parameters: 73_984, macs: 231_211_008))   // 18C² + 4C, 18C²·HW
        let inception = cost(of: .inception(.googLeNet3a), on: FeatureMap(channels: 192, side: 28))
        XCTAssertEqual(inception.cost, Cost(parameters: 164_064, macs: 128_049_152))
        XCTAssertEqual(inception.output, FeatureMap(channels: 256, side: 28))
    }

    func testAChainAddsUp() {
        let layers: [Layer] = [.basic(outChannels: 64, stride: 1), .basic(outChannels: 64, stride: 1)]
        XCTAssertEqual(cost(of: layers, on: FeatureMap(channels: 64, side: 56)).cost.macs, 2 * 231_211_008)
    }
}

final class BudgetTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testLargestSquareWithinFifty() {
        XCTAssertEqual(largestWithin(budget: 50, limit: 100) { $0 * $0 }, 7)   // 49 ≤ 50 < 64
        XCTAssertEqual(largestWithin(budget: 50, limit: 5) { $0 * $0 }, 5)     // the limit binds
        XCTAssertNil(largestWithin(budget: 2, limit: 100) { $0 + 3 })          // not even n = 0 fits
    }

    func testHalfTheWidthFourTimesTheDepth() {
        let budget = 462_422_016  // two basic blocks of 64 channels at 56×56
        XCTAssertEqual(deepestStack(of: .basic(outChannels: 64, stride: 1), on: FeatureMap(channels: 64, side: 56), budget: budget), 2)
        XCTAssertEqual(deepestStack(of: .basic(outChannels: 32, stride: 1), on: FeatureMap(channels: 32, side: 56), budget: budget), 8)
        XCTAssertEqual(widestStack(depth: 1, side: 56, budget: budget), 88)
    }
}

final class CompoundScalingTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testTheConstants() {
        XCTAssertEqual(flopFactor(alpha: 1.2, beta: 1.1, gamma: 1.15), 1.92027, accuracy: 1e-12)
        XCTAssertEqual(flopFactor(alpha: 2, beta: 1, gamma: 1), 2)
    }

    func testRoundingRules() {
        XCTAssertEqual(1.1 * 50, 55.00000000000001)        // the naive ceiling would give 56
        XCTAssertEqual(scaledRepeats(50, depth: 1.1), 55)
        XCTAssertEqual(scaledRepeats(2, depth: 1.2), 3)
        XCTAssertEqual(scaledChannels(64, width: 1.1), 72)   // 70.4 → 72
        XCTAssertEqual(scaledChannels(32, width: 1.1), 32)   // 35.2 → 32
        XCTAssertEqual(scaledChannels(10, width: 1.99), 24)  // 19.9 → 16 is too far below → 24
        XCTAssertEqual(scaledResolution(224, by: 1.15), 258) // 257.6
    }

    func testOneStepOfResNet18() {
        let net = compoundScaled(.resnet18, phi: 1)
        XCTAssertEqual(net.resolution, 258)
        XCTAssertEqual(net.stemChannels, 72)
        XCTAssertEqual(net.stages.map(\.blocks), [3, 3, 3, 3])
        XCTAssertEqual(net.stages.map(\.channels), [72, 144, 280, 560])
        XCTAssertEqual(net.stages.map(\.stride), [1, 2, 2, 2])
        XCTAssertEqual(macRatios(.resnet18, phis: [0])[0], 1)
    }
}

final class SeparableTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testSeparatingAThreeByThree() {
        let (depthwise, pointwise) = separable(Conv2d(256, 256, kernel: 3))
        XCTAssertEqual(depthwise, Conv2d(256, 256, kernel: 3, groups: 256))
        XCTAssertEqual(pointwise, Conv2d(256, 256, kernel: 1))
        let ratio = separableMACRatio(Conv2d(256, 256, kernel: 3), on: FeatureMap(channels: 256, side: 14))
        XCTAssertEqual(ratio, 1.0 / 256 + 1.0 / 9, accuracy: 1e-15)   // 0.1150: 8.69 times cheaper
    }

    func testFewOutputChannelsDoNotPay() {
        XCTAssertGreaterThan(separableMACRatio(Conv2d(3, 1, kernel: 3), on: FeatureMap(channels: 3, side: 5)), 1)
    }

    func testAnMBConvBlock() {
        let (c, output) = mbconvCost(on: FeatureMap(channels: 80, side: 14), outChannels: 80, expansion: 6, kernel: 3, stride: 1)
        XCTAssertEqual(c, Cost(parameters: 83_200, macs: 15_899_520))
        XCTAssertEqual(output, FeatureMap(channels: 80, side: 14))
    }
}
