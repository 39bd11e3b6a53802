@testable import ResidualEngine
import XCTest

final class MatrixTests: XCTestCase {
    /// Products of every layout and awkward sizes (edges of the tiles) against a naive triple loop.
    func testProductsAgainstNaiveLoops() {
        var rng = SeededGenerator(seed: 11)
        for (m, k, n) in [(1, 1, 1), (3, 5, 7), (8, 16, 16), (9, 17, 33), (64, 64, 64), (13, 100, 21)] {
            let a = Matrix.random(rows: m, cols: k, using: &rng), b = Matrix.random(rows: k, cols: n, using: &rng)
            var naive = Matrix(rows: m, cols: n)
            for i in 0..<m { for j in 0..<n { var s = 0.0; for t in 0..<k { s += a[i, t] * b[t, j] }; naive[i, j] = s } }
            for threads in [1, 2] {
                XCTAssertLessThan(maxRelativeError((a * b).values, naive.values), 1e-13)
                XCTAssertLessThan(maxRelativeError(Matrix.multiply(a, b, threads: threads).values, naive.values), 1e-13)
                XCTAssertLessThan(maxRelativeError(a.multiplied(byTransposeOf: b.transposed, threads: threads).values, naive.values), 1e-13)
                XCTAssertLessThan(maxRelativeError(a.transposed.transposeMultiplied(by: b, threads: threads).values, naive.values), 1e-13)
            }
        }
    }

    func testMatrixVectorProducts() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(a.multiplied(by: [1, 0, -1]), [-2, -2])
        XCTAssertEqual(a.transposeMultiplied(by: [1, 1]), [5, 7, 9])
        XCTAssertEqual(a.columnSums(), [5, 7, 9])
        XCTAssertEqual(a.sum(), 21)
        XCTAssertEqual(a.frobeniusNorm(), 91.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(a.transposed, Matrix([[1, 4], [2, 5], [3, 6]]))
        // Shapes around the transpose's 16×16 tiles: every entry lands where its definition says.
        for (rows, cols) in [(1, 40), (16, 16), (17, 33), (40, 1), (50, 37)] {
            let m = Matrix(rows: rows, cols: cols, (0..<rows * cols).map(Double.init))
            let t = m.transposed
            XCTAssertEqual(t.shape, Matrix(rows: cols, cols: rows).shape)
            for r in 0..<rows { for c in 0..<cols { XCTAssertEqual(t[c, r], m[r, c], "\(rows)×\(cols) at \(r), \(c)") } }
        }
        XCTAssertEqual(Vector.dot([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 1, 1, 1, 1, 1, 1, 1]), 45)
    }

    func testCopyOnWrite() {
        let a = Matrix(rows: 2, cols: 2, repeating: 1)
        var b = a
        b[0, 0] = 5
        XCTAssertEqual(a[0, 0], 1)
        XCTAssertEqual(b[0, 0], 5)
    }

    func testSpectralNormAgainstNumPySVD() throws {
        let fixture = try Fixture.load("spectral_norms.json")
        let cases = try XCTUnwrap(fixture["cases"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(cases.count, 5)
        for c in cases {
            let expected = try XCTUnwrap(c["spectral_norm"] as? Double)
            XCTAssertEqual(try Fixture.matrix(c["matrix"]).spectralNorm(), expected, accuracy: 1e-9 * expected, "\(c["name"] ?? "")")
        }
    }

    func testActivationsAgainstPyTorch() throws {
        let fixture = try Fixture.load("activations.json")
        let xs = try Fixture.vector(fixture["x"])
        for activation in [Activation.relu, .tanh, .sigmoid, .softplus, .gelu] {
            let entry = try XCTUnwrap(fixture[activation.rawValue] as? [String: Any])
            let values = try Fixture.vector(entry["value"]), derivatives = try Fixture.vector(entry["derivative"])
            XCTAssertLessThan(maxRelativeError(xs.map(activation.apply), values), 1e-14, activation.rawValue)
            XCTAssertLessThan(maxRelativeError(xs.map(activation.derivative), derivatives), 1e-14, activation.rawValue)
        }
    }

    func testSeededGeneratorIsReproducible() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        XCTAssertEqual((0..<5).map { _ in a.next() }, (0..<5).map { _ in b.next() })
        // SplitMix64's published first output for seed 0.
        var zero = SeededGenerator(seed: 0)
        XCTAssertEqual(zero.next(), 0xE220_A839_7B1D_CDAF)
        var normal = SeededGenerator(seed: 9)
        let samples = (0..<20_000).map { _ in normal.nextNormal() }
        let mean = samples.reduce(0, +) / 20_000
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000
        XCTAssertEqual(mean, 0, accuracy: 0.03)
        XCTAssertEqual(variance, 1, accuracy: 0.05)
    }
}

extension MatrixTests {
    /// Bias, residual and ReLU fused into the product's store equal the same steps done separately.
    func testFusedEpilogueMatchesSeparateSteps() {
        var rng = SeededGenerator(seed: 12)
        for (m, k, n) in [(9, 13, 21), (64, 64, 64), (3, 2, 17)] {
            let x = Matrix.random(rows: m, cols: k, using: &rng), w = Matrix.random(rows: n, cols: k, using: &rng)
            let bias = (0..<n).map { _ in rng.nextNormal() }
            let residual = Matrix.random(rows: m, cols: n, using: &rng)
            var expected = x.multiplied(byTransposeOf: w)
            expected.addToEachRow(bias)
            expected.add(residual)
            let relu = expected.map { max(0, $0) }
            for threads in [1, 2] {
                let fused = Matrix.multiply(
                    x, w, transposingB: true, threads: threads,
                    epilogue: .init(bias: bias, residual: residual))
                XCTAssertLessThan(maxRelativeError(fused.values, expected.values), 1e-14)
                let fusedRelu = Matrix.multiply(
                    x, w, transposingB: true, threads: threads,
                    epilogue: .init(bias: bias, residual: residual, relu: true))
                XCTAssertLessThan(maxRelativeError(fusedRelu.values, relu.values), 1e-14)
            }
        }
    }

    func testShapeMismatchesNameBothShapes() {
        // Preconditions stop the process, so the messages are checked where they are built.
        let a = Matrix(rows: 2, cols: 3), b = Matrix(rows: 4, cols: 5)
        XCTAssertEqual(a.shape, "(2×3)")
        XCTAssertEqual(b.shape, "(4×5)")
    }
}

extension MatrixTests {
    func testBranchFreeReLUAndMaskOnEdgeValues() {
        let v = SIMD8<Double>(-1, -0.0, 0, 1e-310, -1e-310, 2.5, .infinity, -.infinity)
        let r = SIMDBits.relu(v)  // (NaN: see testNaNSurvivesReLUEverywhere)
        XCTAssertEqual(Array((0..<8).map { r[$0] }), [0, 0, 0, 1e-310, 0, 2.5, .infinity, 0])
        XCTAssertEqual(r[1].sign, .plus, "-0 becomes +0")
        let g = SIMD8<Double>(repeating: 7)
        let kept = SIMDBits.keep(g, wherePositive: v)
        XCTAssertEqual(Array((0..<8).map { kept[$0] }), [0, 0, 0, 7, 0, 7, 7, 0])
    }
}

extension MatrixTests {
    func testFloatMatricesAgreeWithDoublesToSinglePrecision() {
        var rng = SeededGenerator(seed: 31)
        let a = Matrix.random(rows: 9, cols: 21, using: &rng), b = Matrix.random(rows: 21, cols: 35, using: &rng)
        let product = (FloatMatrix(a) * FloatMatrix(b)).doubles
        XCTAssertLessThan(maxRelativeError(product.values, (a * b).values), 1e-5)
        XCTAssertEqual(FloatMatrix(a).transposed.doubles, a.transposed.map { Double(Float($0)) })
        let sum = FloatMatrix(rows: 1, cols: 2, [1, 2]) + FloatMatrix(rows: 1, cols: 2, [0.5, -2])
        XCTAssertEqual(sum.values, [1.5, 0])
        XCTAssertEqual((2 * sum - sum).values, [1.5, 0])
        XCTAssertEqual(MemoryLayout<Float>.size * FloatMatrix(a).values.count * 2, MemoryLayout<Double>.size * a.count)
    }
}

extension MatrixTests {
    /// More threads than cores: every column panel is still computed.
    func testProductsWithManyThreads() {
        var rng = SeededGenerator(seed: 41)
        let a = Matrix.random(rows: 20, cols: 33, using: &rng), b = Matrix.random(rows: 33, cols: 150, using: &rng)
        let serial = Matrix.multiply(a, b, threads: 1)
        for threads in [3, 8, 64] {
            XCTAssertEqual(Matrix.multiply(a, b, threads: threads), serial, "threads: \(threads)")
            XCTAssertEqual(a.multiplied(byTransposeOf: b.transposed, threads: threads), serial)
        }
    }

    func testNaNSurvivesReLUEverywhere() {
        let nan = Double.nan, negativeNaN = -Double.nan
        let v = SIMD8<Double>(nan, negativeNaN, -1, 2, 0, 0, 0, 0)
        let r = SIMDBits.relu(v)
        XCTAssertTrue(r[0].isNaN && r[1].isNaN, "NaN propagates, as in PyTorch")
        XCTAssertEqual(r[2], 0)
        XCTAssertEqual(r[3], 2)
        XCTAssertTrue(Activation.relu.apply(nan).isNaN)
        let kept = SIMDBits.keep(SIMD8<Double>(repeating: 5), wherePositive: v)
        XCTAssertEqual(kept[0], 0, "NaN > 0 is false")
        XCTAssertEqual(kept[3], 5)
        // Whole tiles and edge tiles agree.
        let x = Matrix(rows: 9, cols: 1, [Double](repeating: 1, count: 9))
        let w = Matrix(rows: 17, cols: 1, (0..<17).map { $0 == 3 ? nan : -1 })
        let y = Matrix.multiply(x, w, transposingB: true, epilogue: .init(relu: true))
        XCTAssertTrue((0..<9).allSatisfy { y[$0, 3].isNaN } && (0..<9).allSatisfy { y[$0, 16] == 0 })
    }
}
