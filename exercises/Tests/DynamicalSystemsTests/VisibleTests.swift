// Visible tests for lesson 1: ResNets as dynamical systems.
// Run them with `swift test --parallel` (or `--filter DynamicalSystemsTests`).

import Foundation
import XCTest
@testable import DynamicalSystems

final class EulerStepTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testStepFollowsTheVelocity() {
        // dx/dt = 1 in every component: one step of h = 0.5 moves each component by 0.5.
        let next = eulerStep([0, 1, 2], h: 0.5, f: { x in x.map { _ in 1 } })
        XCTAssertEqual(next, [0.5, 1.5, 2.5])
    }

    func testDecayShrinksTheState() {
        // dx/dt = -x with h = 0.1 multiplies the state by 0.9.
        let next = eulerStep([10], h: 0.1, f: { x in x.map { -$0 } })
        XCTAssertEqual(next[0], 9, accuracy: 1e-12)
    }
}

final class ResidualStackTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testTenBlocksOfDecay() {
        // (1 - 1/10)^10 = 0.3486784401
        let x = residualStack([1], depth: 10, horizon: 1, f: { v in v.map { -$0 } })
        XCTAssertEqual(x[0], 0.3486784401, accuracy: 1e-12)
    }

    func testDeeperStacksGetCloserToTheFlow() {
        let exact = exp(-1.0)
        let shallow = residualStack([1], depth: 10, horizon: 1, f: { v in v.map { -$0 } })[0]
        let deep = residualStack([1], depth: 100, horizon: 1, f: { v in v.map { -$0 } })[0]
        XCTAssertLessThan(abs(deep - exact), abs(shallow - exact))
    }
}

final class Rk4Tests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testRK4IsExactForAConstantField() {
        XCTAssertEqual(rk4Step([1, 2], h: 0.5, f: { v in v.map { _ in 2 } }), [2, 3])
    }

    func testTenRK4BlocksOfDecay() {
        let x = rk4Stack([1], depth: 10, horizon: 1, f: { v in v.map { -$0 } })
        XCTAssertEqual(x[0], exp(-1.0), accuracy: 1e-6)
    }
}

final class ObservedOrderTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testHalvingTheErrorIsFirstOrder() {
        XCTAssertEqual(observedOrder(coarseError: 0.2, fineError: 0.1), 1, accuracy: 1e-12)
    }
}

final class StabilityTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testGainOfTenBlocks() {
        XCTAssertEqual(eulerGain(lambda: -1, horizon: 1, depth: 10), 0.3486784401, accuracy: 1e-12)
    }

    func testLargeStepsOnAStiffModeAreUnstable() {
        XCTAssertFalse(isStable(lambda: -30, h: 0.1))
        XCTAssertTrue(isStable(lambda: -30, h: 0.01))
    }
}
