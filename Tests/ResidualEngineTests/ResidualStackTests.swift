import ResidualEngine
import XCTest

/// The residual MLP's forward pass and manual backward pass against PyTorch autograd (float64).
final class ResidualStackTests: XCTestCase {
    private func model(_ fixture: [String: Any], skip: Bool) throws -> ResidualStack {
        let blocks = try XCTUnwrap(fixture["blocks"] as? [[String: Any]]).map { block in
            ResidualBlock(
                inner: DenseLayer(weight: try Fixture.matrix(block["W1"]), bias: try Fixture.vector(block["b1"]), activation: .relu),
                outer: DenseLayer(weight: try Fixture.matrix(block["W2"]), bias: try Fixture.vector(block["b2"])),
                skip: skip)
        }
        return ResidualStack(blocks: blocks)
    }

    func testForwardAndGradientsMatchPyTorch() throws {
        let fixture = try Fixture.load("residual_mlp.json")
        for (skip, prefix) in [(true, ""), (false, "plain_")] {
            let stack = try model(fixture, skip: skip)
            let x = try Fixture.matrix(fixture["input"])
            let (y, caches) = stack.forward(x)
            XCTAssertLessThan(maxRelativeError(y.values, try Fixture.matrix(fixture["\(prefix)output"]).values), 1e-13, prefix)
            let loss = 0.5 * y.values.reduce(0) { $0 + $1 * $1 }
            XCTAssertEqual(loss, try XCTUnwrap(fixture["\(prefix)loss"] as? Double), accuracy: 1e-12 * max(1, loss))

            // dLoss/dY = Y for loss = ½‖Y‖².
            let (dx, grads) = stack.backward(y, caches: caches)
            XCTAssertLessThan(maxRelativeError(dx.values, try Fixture.matrix(fixture["\(prefix)grad_input"]).values), 1e-10, prefix)
            let expected = try XCTUnwrap(fixture["\(prefix)grad_blocks"] as? [[String: Any]])
            XCTAssertEqual(grads.count, expected.count)
            for (g, e) in zip(grads, expected) {
                XCTAssertLessThan(maxRelativeError(g.inner.weight.values, try Fixture.matrix(e["W1"]).values), 1e-10)
                XCTAssertLessThan(maxRelativeError(g.inner.bias, try Fixture.vector(e["b1"])), 1e-10)
                XCTAssertLessThan(maxRelativeError(g.outer.weight.values, try Fixture.matrix(e["W2"]).values), 1e-10)
                XCTAssertLessThan(maxRelativeError(g.outer.bias, try Fixture.vector(e["b2"])), 1e-10)
            }
        }
    }

    func testTwoThreadsGiveTheSameNumbers() {
        var rng = SeededGenerator(seed: 3)
        let blocks = (0..<4).map { _ in ResidualBlock(width: 37, std: 0.2, using: &rng) }
        let x = Matrix.random(rows: 19, cols: 37, using: &rng)
        let one = ResidualStack(blocks: blocks, threads: 1).forward(x).output
        let two = ResidualStack(blocks: blocks, threads: 2).forward(x).output
        XCTAssertEqual(one, two, "splitting rows between threads must not change a single bit")
    }

    func testTrainingLowersTheLoss() {
        var rng = SeededGenerator(seed: 4)
        var stack = ResidualStack(blocks: (0..<3).map { _ in ResidualBlock(width: 16, std: 0.3, using: &rng) })
        let x = Matrix.random(rows: 32, cols: 16, using: &rng)
        let first = stack.trainStep(x, learningRate: 0.05)
        var last = first
        for _ in 0..<20 { last = stack.trainStep(x, learningRate: 0.05) }
        XCTAssertLessThan(last, first)
    }

    func testGradientMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 5)
        let block = ResidualBlock(width: 5, hidden: 7, std: 0.5, activation: .tanh, using: &rng)
        let x = Matrix.random(rows: 3, cols: 5, using: &rng)
        func loss(_ input: Matrix) -> Double { 0.5 * block.forward(input).output.values.reduce(0) { $0 + $1 * $1 } }
        let (y, cache) = block.forward(x)
        let analytic = block.backward(y, cache: cache).input
        let h = 1e-6
        for r in 0..<3 {
            for c in 0..<5 {
                var plus = x, minus = x
                plus[r, c] += h
                minus[r, c] -= h
                XCTAssertEqual(analytic[r, c], (loss(plus) - loss(minus)) / (2 * h), accuracy: 1e-7)
            }
        }
    }
}
