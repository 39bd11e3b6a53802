@testable import ResidualEngine
import XCTest

/// A NaN or an infinity in any position must reach the result of every reduction, so that a
/// tolerance check on it fails instead of skipping the entry.
final class NonFiniteTests: XCTestCase {
    /// Lengths that cover an empty tail, a tail only, and SIMD chunks with a tail.
    let lengths = [1, 2, 7, 8, 9, 16, 17, 31]
    /// NaNs with and without the sign bit, and a payload (all must count).
    let nans: [Double] = [.nan, -.nan, Double(nan: 0x1234, signaling: false)]

    /// Values from -2 to 2 with both signs, so the largest magnitude is known (2.5 is planted).
    func values(_ n: Int) -> [Double] {
        (0..<n).map { i in
            let magnitude = Double(i % 5) / 2
            return i % 2 == 0 ? magnitude : -magnitude
        }
    }

    func testMaxAbsOfFiniteValues() {
        XCTAssertEqual(Vector.maxAbs([]), 0)
        XCTAssertEqual(Matrix(rows: 0, cols: 3).maxAbs(), 0)
        for n in lengths {
            for position in 0..<n {
                var v = values(n)
                v[position] = -2.5
                XCTAssertEqual(Vector.maxAbs(v), 2.5, "n \(n), position \(position)")
                XCTAssertEqual(Matrix(rows: 1, cols: n, v).maxAbs(), 2.5, "n \(n), position \(position)")
            }
        }
        XCTAssertEqual(Vector.maxAbs([-0.0, 0.0]), 0)
        XCTAssertEqual(Vector.maxAbs([.leastNonzeroMagnitude]), .leastNonzeroMagnitude)
        XCTAssertEqual(Vector.maxAbs([-.greatestFiniteMagnitude, 1]), .greatestFiniteMagnitude)
    }

    func testMaxAbsCarriesNaNFromAnyPosition() {
        for n in lengths {
            for position in 0..<n {
                for nan in nans {
                    var v = values(n)
                    v[position] = nan
                    XCTAssertTrue(Vector.maxAbs(v).isNaN, "n \(n), position \(position)")
                    let m = Matrix(rows: n, cols: 1, v)
                    XCTAssertTrue(m.maxAbs().isNaN, "n \(n), position \(position)")
                    // A NaN wins over an infinity elsewhere.
                    v[(position + 1) % n] = n > 1 ? -.infinity : v[position]
                    XCTAssertTrue(Vector.maxAbs(v).isNaN, "n \(n), position \(position) with ∞")
                }
            }
        }
    }

    func testMaxAbsIsInfiniteForAnInfinityInAnyPosition() {
        for n in lengths {
            for position in 0..<n {
                for infinity in [Double.infinity, -.infinity] {
                    var v = values(n)
                    v[position] = infinity
                    XCTAssertEqual(Vector.maxAbs(v), .infinity, "n \(n), position \(position)")
                    XCTAssertEqual(Matrix(rows: 1, cols: n, v).maxAbs(), .infinity, "n \(n), position \(position)")
                }
            }
        }
    }

    func testDifferencesMaximaMinimaAndArgmax() {
        XCTAssertEqual(Vector.maxAbsDifference([1, 2, 3], [1, 2.5, 2]), 1)
        XCTAssertTrue(Vector.maxAbsDifference([1, .nan], [1, 2]).isNaN)
        XCTAssertTrue(Vector.maxAbsDifference([.infinity], [.infinity]).isNaN)  // ∞ − ∞ matches nothing
        XCTAssertEqual(Vector.maxAbsDifference([.infinity], [0]), .infinity)
        for n in lengths {
            for position in 0..<n {
                var v = values(n)
                v[position] = 3
                XCTAssertEqual(Vector.maximum(v), 3)
                XCTAssertEqual(Vector.argmax(v), position)
                v[position] = -3
                XCTAssertEqual(Vector.minimum(v), -3)
                v[position] = .nan
                XCTAssertTrue(try XCTUnwrap(Vector.maximum(v)).isNaN, "n \(n), position \(position)")
                XCTAssertTrue(try XCTUnwrap(Vector.minimum(v)).isNaN, "n \(n), position \(position)")
                XCTAssertNil(Vector.argmax(v), "n \(n), position \(position)")
                v[position] = .infinity
                XCTAssertEqual(Vector.maximum(v), .infinity)
                XCTAssertEqual(Vector.argmax(v), position)
                v[position] = -.infinity
                XCTAssertEqual(Vector.minimum(v), -.infinity)
            }
        }
        XCTAssertNil(Vector.maximum([]))
        XCTAssertNil(Vector.argmax([]))
        XCTAssertEqual(Vector.argmax([1, 4, 4, 2]), 1)  // the first of equal maxima
    }

    func testNormsCarryNaNAndInfinity() {
        for n in lengths {
            for position in 0..<n {
                var v = values(n)
                v[position] = .nan
                XCTAssertTrue(Vector.norm(v).isNaN, "n \(n), position \(position)")
                XCTAssertTrue(Matrix(rows: 1, cols: n, v).frobeniusNorm().isNaN)
                XCTAssertTrue(Matrix(rows: 1, cols: n, v).sum().isNaN)
                v[position] = -.infinity
                XCTAssertEqual(Vector.norm(v), .infinity, "n \(n), position \(position)")
                XCTAssertEqual(Matrix(rows: 1, cols: n, v).frobeniusNorm(), .infinity)
            }
        }
    }

    func testSpectralNormCarriesNaNAndInfinity() {
        var rng = SeededGenerator(seed: 5)
        let a = Matrix.random(rows: 3, cols: 4, using: &rng)
        XCTAssertTrue(a.spectralNorm().isFinite)
        for row in 0..<a.rows {
            for col in 0..<a.cols {
                var b = a
                b[row, col] = .nan
                XCTAssertTrue(b.spectralNorm().isNaN, "(\(row), \(col))")
                b[row, col] = -.infinity
                XCTAssertEqual(b.spectralNorm(), .infinity, "(\(row), \(col))")
            }
        }
        // A NaN in a matrix that is otherwise zero is not a zero matrix.
        var zero = Matrix(rows: 2, cols: 2)
        XCTAssertEqual(zero.spectralNorm(), 0)
        zero[1, 0] = .nan
        XCTAssertTrue(zero.spectralNorm().isNaN)
    }

    func testMaxRelativeErrorHelperCarriesNaN() {
        XCTAssertEqual(maxRelativeError([1, 2], [1, 2]), 0)
        XCTAssertTrue(maxRelativeError([1, .nan, 2], [1, 2, 2]).isNaN)
        XCTAssertTrue(maxRelativeError([1, 2, .nan], [1, 2, 2]).isNaN)
        XCTAssertEqual(maxRelativeError([1, .infinity], [1, 2]), .infinity)
    }
}
