// The ceiling a matrix product on one core cannot pass: the core's fused multiply-add throughput
// on this build's vectors, measured in the same run as the workloads, so a run says how close the
// engine (and PyTorch) came to the machine rather than only to each other.
import Dispatch
import ResidualEngine
import ResidualPropagators

/// GFLOP/s of twelve independent FMA chains on the widest vector this build's instruction set
/// holds in one register (SIMD8 for AVX-512, SIMD4 for AVX2, SIMD2 otherwise), nothing loaded
/// from memory; the best of five runs, since other work on the machine can only slow it down.
func fmaPeakGFLOPs() -> Double {
    switch InstructionSet.build {
    case .avx512: return bestOfFive { fmaChains(SIMD8<Double>.self, iterations: $0) }
    case .avx2: return bestOfFive { fmaChains(SIMD4<Double>.self, iterations: $0) }
    case .portable: return bestOfFive { fmaChains(SIMD2<Double>.self, iterations: $0) }
    }
}

private func bestOfFive(_ run: (Int) -> Double) -> Double {
    let iterations = 20_000_000
    var best = 0.0
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        let flops = run(iterations)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = max(best, flops / seconds / 1e9)
    }
    return best
}

/// Runs twelve FMA chains (twelve cover two FMA pipes of latency up to six) and returns the
/// floating-point operations done; the sum is kept so the loop cannot be removed.
@inline(never)
private func fmaChains<V: SIMD>(_: V.Type, iterations: Int) -> Double where V.Scalar == Double {
    let m = V(repeating: 1.000_000_1), b = V(repeating: 1e-9)
    var c0 = V(repeating: 0.0), c1 = V(repeating: 0.1), c2 = V(repeating: 0.2), c3 = V(repeating: 0.3)
    var c4 = V(repeating: 0.4), c5 = V(repeating: 0.5), c6 = V(repeating: 0.6), c7 = V(repeating: 0.7)
    var c8 = V(repeating: 0.8), c9 = V(repeating: 0.9), c10 = V(repeating: 1.0), c11 = V(repeating: 1.1)
    for _ in 0..<iterations {
        c0.addProduct(m, b); c1.addProduct(m, b); c2.addProduct(m, b)
        c3.addProduct(m, b); c4.addProduct(m, b); c5.addProduct(m, b)
        c6.addProduct(m, b); c7.addProduct(m, b); c8.addProduct(m, b)
        c9.addProduct(m, b); c10.addProduct(m, b); c11.addProduct(m, b)
    }
    let sum = (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).sum()
    if sum == .infinity { print(sum) }
    return Double(iterations * 12 * V.scalarCount * 2)
}
