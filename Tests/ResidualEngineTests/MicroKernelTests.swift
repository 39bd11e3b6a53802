@testable import ResidualEngine
import XCTest

/// Every kernel, whichever this build selects, against one fused multiply-add loop, bit for bit:
/// a build for AVX2 and one for AVX-512 must give lessons the same values.
final class MicroKernelTests: XCTestCase {
    let kernels = [MatrixKernel(for: .avx512), MatrixKernel(for: .avx2), MatrixKernel(for: .portable)]

    func testKernelsCoverBothTileShapes() {
        XCTAssertEqual(kernels.map { "\($0.rows)×\($0.columns)" }, ["8×16", "4×8", "4×8"])
    }

    /// Sizes on and off both tiles' edges, every layout, the whole epilogue, one and two threads.
    /// The last two are large enough for the kernels to prefetch (k·n ≥ 2¹⁵), with an odd k (the
    /// step after the two-step loop) and, last, a ragged column panel after in-place ones.
    func testEveryKernelMatchesTheFusedLoopBitForBit() {
        var rng = SeededGenerator(seed: 23)
        for (m, k, n) in [(1, 1, 1), (3, 5, 7), (4, 8, 8), (8, 16, 16), (9, 17, 33), (13, 40, 21), (64, 64, 64), (16, 129, 256), (9, 257, 136)] {
            let a = Matrix.random(rows: m, cols: k, using: &rng), b = Matrix.random(rows: k, cols: n, using: &rng)
            var residual = Matrix.random(rows: m, cols: n, using: &rng)
            residual[0, 0] = -1e6  // an entry ReLU must clear
            let bias = (0..<n).map { _ in rng.nextNormal() * 0.5 }
            let epilogue = ProductEpilogue(bias: bias, residual: residual, relu: true)
            let expected = fusedProduct(a, b, epilogue: epilogue)
            XCTAssertEqual(expected[0, 0].bitPattern, 0, "the ReLU case is not exercised at \(m)×\(k)×\(n)")
            for kernel in kernels {
                for threads in [1, 2] {
                    let layouts = [
                        (
                            "A·B",
                            Matrix.multiply(
                                a, transposingA: false, b, transposingB: false, threads: threads,
                                epilogue: epilogue, kernel: kernel)
                        ),
                        (
                            "A·(Bᵀ)ᵀ",
                            Matrix.multiply(
                                a, transposingA: false, b.transposed, transposingB: true, threads: threads,
                                epilogue: epilogue, kernel: kernel)
                        ),
                        (
                            "(Aᵀ)ᵀ·B",
                            Matrix.multiply(
                                a.transposed, transposingA: true, b, transposingB: false, threads: threads,
                                epilogue: epilogue, kernel: kernel)
                        )
                    ]
                    for (layout, product) in layouts {
                        XCTAssertEqual(
                            product.values.map(\.bitPattern), expected.values.map(\.bitPattern),
                            "\(layout) \(m)×\(k)×\(n) on \(kernel), \(threads) thread(s)")
                    }
                }
            }
        }
    }

    func testInstructionSetFromCPUFlags() {
        XCTAssertEqual(InstructionSet.level(ofFeatures: ["sse2", "avx", "avx2", "fma"]), .avx2)
        XCTAssertEqual(InstructionSet.level(ofFeatures: ["avx2"]), .portable, "AVX2 without FMA")
        XCTAssertEqual(InstructionSet.level(ofFeatures: ["avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl"]), .avx512)
        XCTAssertEqual(InstructionSet.level(ofFeatures: ["avx2", "fma", "avx512f"]), .avx2, "AVX-512F alone (Knights Landing)")
        XCTAssertEqual(InstructionSet.level(ofFeatures: []), .portable)
    }

    /// The kernel in use is the build's, and the CPU running these tests can run that build.
    func testSelectedKernelFollowsTheBuild() {
        XCTAssertEqual(MatrixKernel.selected.instructionSet, InstructionSet.build)
        XCTAssertGreaterThanOrEqual(InstructionSet.cpu, InstructionSet.build)
    }

    /// C = A·B accumulated over k in order with fused multiply-adds from zero, then + bias,
    /// + residual and ReLU (−0 to +0, NaN kept), as the kernels do.
    private func fusedProduct(_ a: Matrix, _ b: Matrix, epilogue: ProductEpilogue) -> Matrix {
        var c = Matrix(rows: a.rows, cols: b.cols)
        for i in 0..<a.rows {
            for j in 0..<b.cols {
                var sum = 0.0
                for t in 0..<a.cols { sum.addProduct(a[i, t], b[t, j]) }
                sum += epilogue.bias![j]
                sum += epilogue.residual![i, j]
                if sum.sign == .minus && !sum.isNaN { sum = 0 }
                c[i, j] = sum
            }
        }
        return c
    }
}
