// Visible tests for lesson 2: Quantum time propagation.
// Run them with `swift test --parallel` (or `--filter QuantumPropagationTests`).

import Foundation
import XCTest
import ResidualEngine
@testable import QuantumPropagation

final class HamiltonianTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func assertClose(_ a: [Complex], _ b: [Complex], tolerance: Double = 1e-12, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, "different lengths", file: file, line: line)
        for (u, v) in zip(a, b) { XCTAssertEqual((u - v).length, 0, accuracy: tolerance, "\(u) ≠ \(v)", file: file, line: line) }
    }

    func testAFlatStateFeelsOnlyTheWalls() {
        // dx = 1: diagonal 1, off-diagonal −1/2. Inside, a constant has no curvature; at the ends
        // the missing neighbour (the wall, where ψ = 0) leaves half the diagonal.
        let h = applyHamiltonian([Complex(1), Complex(1), Complex(1)], potential: [0, 0, 0], spacing: 1)
        assertClose(h, [Complex(0.5), Complex(0), Complex(0.5)])
    }

    func testOnePointSpreadsToItsNeighbours() {
        // dx = 0.5: diagonal 1/dx² + V = 4 + 3 at the middle point, off-diagonal −1/(2dx²) = −2.
        // The imaginary unit just comes along: H is a real matrix.
        let h = applyHamiltonian([.zero, .i, .zero], potential: [0, 3, 0], spacing: 0.5)
        assertClose(h, [Complex(0, -2), Complex(0, 7), Complex(0, -2)])
    }
}

final class EulerDriftTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testOneStepOnOnePoint() {
        // One point, dx = 1, V = 0: H is the number 1, so a step multiplies by 1 − iΔt.
        let next = forwardEulerStep([Complex(1)], potential: [0], spacing: 1, timeStep: 0.5)
        XCTAssertEqual(next[0].real, 1, accuracy: 1e-15)
        XCTAssertEqual(next[0].imaginary, -0.5, accuracy: 1e-15)
    }

    func testGrowthFactorOfTheMiddleMode() {
        // E = 25, Δt = 0.01: |1 − 0.25i| = √1.0625.
        XCTAssertEqual(eulerGrowthFactor(energy: 25, timeStep: 0.01), 1.0625.squareRoot(), accuracy: 1e-15)
    }

    func testHistoryStartsWithTheInitialNorm() {
        // An identity "step" keeps the norm: three steps give four equal values.
        let box = Box(length: 20, points: 99)
        let norms = normHistory(box.mode(3), spacing: box.spacing, steps: 3) { $0 }
        XCTAssertEqual(norms.count, 4)
        for norm in norms { XCTAssertEqual(norm, 1, accuracy: 1e-12) }
    }

    func testEulerInflatesAnEigenvector() {
        // Mode 50 has E = 25: after 10 steps of 0.01 the norm is 1.0625^5.
        let box = Box(length: 20, points: 99)
        let norms = normHistory(box.mode(50), spacing: box.spacing, steps: 10) {
            forwardEulerStep($0, potential: box.freePotential, spacing: box.spacing, timeStep: 0.01)
        }
        XCTAssertEqual(norms.last!, pow(1.0625, 5), accuracy: 1e-9)
    }
}

final class CrankNicolsonTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testTwoByTwo() {
        // [2 1; 1 3]·x = (3, 5) has the solution x = (0.8, 1.4).
        let x = solveTridiagonal(lower: [Complex(1)], diagonal: [Complex(2), Complex(3)], upper: [Complex(1)],
                                 rhs: [Complex(3), Complex(5)])
        XCTAssertEqual(x[0].real, 0.8, accuracy: 1e-14)
        XCTAssertEqual(x[1].real, 1.4, accuracy: 1e-14)
        XCTAssertEqual(x[0].imaginary, 0, accuracy: 1e-14)
    }

    func testCrankNicolsonKeepsTheNorm() {
        let box = Box(length: 20, points: 99)
        var psi = box.packet(center: 7, width: 0.7, momentum: 3)
        for _ in 0..<50 { psi = crankNicolsonStep(psi, potential: box.freePotential, spacing: box.spacing, timeStep: 0.01) }
        XCTAssertEqual(discreteNorm(psi, spacing: box.spacing), 1, accuracy: 1e-12)
        // …and yet the state has moved: a step is not the identity.
        let start = box.packet(center: 7, width: 0.7, momentum: 3)
        XCTAssertGreaterThan(discreteNorm(zip(psi, start).map { $0 - $1 }, spacing: box.spacing), 0.5)
    }
}

final class ExactPropagatorTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testZeroTimeIsTheIdentity() {
        let box = Box(length: 20, points: 99)
        let psi = box.packet(center: 7, width: 0.7, momentum: 3)
        let same = exactFreeEvolution(psi, spacing: box.spacing, time: 0)
        for (a, b) in zip(same, psi) { XCTAssertEqual((a - b).length, 0, accuracy: 1e-12) }
    }

    func testAModeOnlyTurnsItsPhase() {
        // φ_1 is an eigenvector: after time t it is e^{−iE₁t}·φ_1.
        let box = Box(length: 20, points: 99)
        let t = 40.0, angle = -box.modeEnergy(1) * t
        let evolved = exactFreeEvolution(box.mode(1), spacing: box.spacing, time: t)
        for (a, b) in zip(evolved, box.mode(1)) {
            XCTAssertEqual((a - Complex(cos(angle), sin(angle)) * b).length, 0, accuracy: 1e-12)
        }
    }

    func testCrankNicolsonBeatsEuler() {
        let box = Box(length: 20, points: 99)
        let psi = box.packet(center: 7, width: 0.7, momentum: 3)
        let euler = propagationError(psi, spacing: box.spacing, time: 0.1, steps: 20, method: .forwardEuler)
        let cn = propagationError(psi, spacing: box.spacing, time: 0.1, steps: 20, method: .crankNicolson)
        XCTAssertLessThan(cn, euler)
    }
}
