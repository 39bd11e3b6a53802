// Visible tests for lesson 6: Reversible residual networks and the memory problem.
// Run them with `swift test --parallel` (or `--filter ReversibleNetworksTests`).

import Foundation
import XCTest
import ResidualEngine
@testable import ReversibleNetworks

final class CouplingTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func constantBranch(_ value: Double) -> Branch {
        Branch(w1: [[0]], b1: [0], w2: [[0]], b2: [value])
    }

    func testConstantBranchesShift() {
        let block = ReversibleBlock(f: constantBranch(2), g: constantBranch(-1))
        let x = Halves(Matrix([[1], [5]]), Matrix([[0.5], [3]]))
        let y = blockForward(block, x)
        XCTAssertEqual(y, Halves(Matrix([[3], [7]]), Matrix([[-0.5], [2]])))
        XCTAssertEqual(blockInverse(block, y), x)
    }

    func testSecondHalfReadsTheNewFirstHalf() {
        // F(x) = tanh(x), G(x) = tanh(x): y₁ = 0.3 + tanh(0.5), then y₂ = 0.5 + tanh(y₁).
        let tanhBranch = Branch(w1: [[1]], b1: [0], w2: [[1]], b2: [0])
        let block = ReversibleBlock(f: tanhBranch, g: tanhBranch)
        let y = blockForward(block, Halves(Matrix([[0.3]]), Matrix([[0.5]])))
        XCTAssertEqual(y.first[0, 0], 0.3 + tanh(0.5), accuracy: 1e-15)
        XCTAssertEqual(y.second[0, 0], 0.5 + tanh(0.3 + tanh(0.5)), accuracy: 1e-15)
    }

    func testRoundTripOfARandomBlock() {
        let block = makeReversibleStack(depth: 1, halfWidth: 4, hidden: 8, scale: 1, seed: 1)[0]
        let x = randomHalves(rows: 3, halfWidth: 4, seed: 2)
        XCTAssertLessThan(maxDifference(blockInverse(block, blockForward(block, x)), x), 1e-14)
    }
}

final class StackTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testShiftsAddUp() {
        // Constant branches: three blocks shift x₁ by 1 + 2 + 3 and x₂ by −1 each.
        func shift(_ a: Double, _ b: Double) -> ReversibleBlock {
            ReversibleBlock(f: Branch(w1: [[0]], b1: [0], w2: [[0]], b2: [a]), g: Branch(w1: [[0]], b1: [0], w2: [[0]], b2: [b]))
        }
        let blocks = [shift(1, -1), shift(2, -1), shift(3, -1)]
        let x = Halves(Matrix([[0]]), Matrix([[10]]))
        let y = stackForward(blocks, x)
        XCTAssertEqual(y, Halves(Matrix([[6]]), Matrix([[7]])))
        XCTAssertEqual(stackInverse(blocks, y), x)
    }

    func testTenBlocksComeBack() {
        let blocks = makeReversibleStack(depth: 10, halfWidth: 4, hidden: 8, scale: 1, seed: 3)
        let x = randomHalves(rows: 5, halfWidth: 4, seed: 4)
        XCTAssertLessThan(maxDifference(stackInverse(blocks, stackForward(blocks, x)), x), 1e-13)
        let errors = reconstructionErrors(blocks, x)
        XCTAssertEqual(errors.count, 10)
        XCTAssertLessThan(Vector.maximum(errors) ?? 1, 1e-13)  // NaN-propagating, unlike Array.max()
    }
}

final class ReversibleBackwardTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func tanhBlock(_ w: Double) -> ReversibleBlock {
        ReversibleBlock(f: Branch(w1: [[w]], b1: [0], w2: [[1]], b2: [0]), g: Branch(w1: [[0]], b1: [0], w2: [[0]], b2: [0]))
    }

    func testOneScalarBlock() {
        let w = 2.0, x1 = 0.3, x2 = 0.5
        let t = tanh(w * x2)
        let output = Halves(Matrix([[x1 + t]]), Matrix([[x2]]))
        let tape = ActivationTape()
        let (input, gradients) = reversibleBackward([tanhBlock(w)], output: output,
                                                    outputGradient: Halves(Matrix([[1]]), Matrix([[1]])), tape: tape)
        XCTAssertEqual(input.first[0, 0], x1, accuracy: 1e-15)
        XCTAssertEqual(input.second[0, 0], x2, accuracy: 1e-15)
        XCTAssertEqual(gradients.input.first[0, 0], 1, accuracy: 1e-15)
        XCTAssertEqual(gradients.input.second[0, 0], 1 + w * (1 - t * t), accuracy: 1e-14)
        XCTAssertEqual(gradients.blocks.count, 1)
        guard let block = gradients.blocks.first else { return }
        XCTAssertEqual(block.f.inner.weight[0, 0], (1 - t * t) * x2, accuracy: 1e-15)
        XCTAssertEqual(block.f.outer.weight[0, 0], t, accuracy: 1e-15)
        XCTAssertEqual(block.f.outer.bias[0], 1, accuracy: 1e-15)
    }

    func testTheTapeIsUsedAndLeftEmpty() {
        let blocks = makeReversibleStack(depth: 5, halfWidth: 3, hidden: 4, scale: 1, seed: 8)
        let tape = ActivationTape()
        let y = randomHalves(rows: 2, halfWidth: 3, seed: 9)
        _ = reversibleBackward(blocks, output: y, outputGradient: y, tape: tape)
        XCTAssertTrue(tape.isEmpty)
        XCTAssertGreaterThan(tape.peakMatrices, 0)
    }

    func testNothingActivationSizedIsKeptPerBlock() {
        // A batch of 8 192 rows on blocks of half width 1 and hidden width 1: one block's input
        // (x₁, x₂) is 131 072 bytes, its parameter gradients about a kilobyte with the allocator's
        // bookkeeping. Thirty blocks more may add their gradients, not even one block's input. The
        // deep stack goes first, so whatever it keeps counts against it.
        var peaks: [Int] = []
        for depth in [32, 2] {
            let blocks = makeReversibleStack(depth: depth, halfWidth: 1, hidden: 1, scale: 1, seed: 10)
            let y = randomHalves(rows: 8_192, halfWidth: 1, seed: 11)
            let tape = ActivationTape()
            _ = reversibleBackward(blocks, output: y, outputGradient: y, tape: tape)
            peaks.append(tape.peakBytes)
        }
        XCTAssertLessThan(peaks[0] - peaks[1], 8_192 * 2 * 8)
    }
}

final class MemoryTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testOrdinaryKeepsSixMatricesPerBlock() {
        let blocks = makeReversibleStack(depth: 7, halfWidth: 2, hidden: 3, scale: 1, seed: 5)
        let x = randomHalves(rows: 2, halfWidth: 2, seed: 6)
        let tape = ActivationTape()
        let gradients = ordinaryBackward(blocks, input: x, outputGradient: x, tape: tape)
        XCTAssertEqual(tape.peakMatrices, 6 * 7)
        XCTAssertTrue(tape.isEmpty)
        XCTAssertEqual(gradients.blocks.count, 7)
    }

    func testPeaksAtTwoDepths() {
        let peaks = peakMemory(depths: [1, 10], halfWidth: 2, hidden: 3, batch: 2, seed: 1)
        XCTAssertEqual(peaks.map(\.depth), [1, 10])
        XCTAssertEqual(peaks.map(\.ordinary), [6, 60])
        XCTAssertEqual(peaks[0].reversible, peaks[1].reversible)
    }
}
