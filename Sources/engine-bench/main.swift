// Times the engine's workloads and prints one JSON object: workload → median milliseconds, and
// `fma_peak_gflops`, one core's fused multiply-add ceiling for this build (FMAPeak.swift).
// Used by bench/engine (which runs NumPy and PyTorch on the same workloads in the same run).
//   engine-bench [--threads N] [--repetitions R] [--only NAME]
import Dispatch
import Foundation
import ResidualEngine
import ResidualPropagators

let workloads = ["forward_w64", "train_w64", "forward_w256", "train_w256", "gemm", "cn_4096"]
let usage = "usage: engine-bench [--threads N] [--repetitions R] [--only NAME]\n  NAME: \(workloads.joined(separator: ", ")) (gemm runs only when named)\n"
var threads = 1
var repetitions = 15
var only: String?
var arguments = CommandLine.arguments.dropFirst()

/// Prints `message` and the usage to standard error and exits with status 64 (a usage error, as `course`).
func usageError(_ message: String) -> Never {
    FileHandle.standardError.write(Data("engine-bench: \(message)\n\(usage)".utf8))
    exit(64)
}

/// The positive whole number after `flag`.
func count(after flag: String) -> Int {
    guard let text = arguments.popFirst(), let value = Int(text), value > 0 else { usageError("\(flag) needs a positive whole number") }
    return value
}

while let flag = arguments.popFirst() {
    switch flag {
    case "--threads": threads = count(after: flag)
    case "--repetitions": repetitions = count(after: flag)
    case "--only":
        guard let name = arguments.popFirst(), workloads.contains(name) else { usageError("--only needs a workload name") }
        only = name
    case "-h", "--help":
        print(usage, terminator: "")
        exit(0)
    default: usageError("unknown argument '\(flag)'")
    }
}

/// The median time of `body`; `setup` runs untimed before each repetition (and the warm-up).
func medianMilliseconds(setup: () -> Void = {}, _ body: () -> Void) -> Double {
    setup()
    body()  // warm-up
    var times: [Double] = []
    for _ in 0..<repetitions {
        setup()
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    return times[times.count / 2]
}

func stack(width: Int) -> (ResidualStack, Matrix) {
    var rng = SeededGenerator(seed: 1)
    let blocks = (0..<50).map { _ in ResidualBlock(width: width, std: 0.05, using: &rng) }
    return (ResidualStack(blocks: blocks, threads: threads), Matrix.random(rows: 64, cols: width, using: &rng))
}

var results: [(String, Double)] = []
for width in [64, 256] {
    let (model, x) = stack(width: width)
    if only == nil || only == "forward_w\(width)" {
        results.append(("forward_w\(width)", medianMilliseconds { _ = model.predict(x) }))
    }
    if only == nil || only == "train_w\(width)" {
        // Every repetition trains the initial weights (as the NumPy/PyTorch side does): repeated
        // steps at this learning rate diverge, and NaN arithmetic would distort the timing. A fresh
        // model also owns its weights, so no copy-on-write copy lands inside the timed step.
        var trained = model
        var loss = 0.0
        results.append(
            (
                "train_w\(width)",
                medianMilliseconds(setup: { trained = stack(width: width).0 }) {
                    loss = trained.trainStep(x, learningRate: 0.01)
                }
            ))
        precondition(loss.isFinite, "the training step produced a non-finite loss")
    }
}
if only == "gemm" {
    // Single products, for working on the kernel: GFLOP/s per layout.
    var rng = SeededGenerator(seed: 2)
    for (m, k, n) in [(64, 64, 64), (64, 256, 256)] {
        let a = Matrix.random(rows: m, cols: k, using: &rng), b = Matrix.random(rows: k, cols: n, using: &rng)
        let bt = b.transposed
        var sink = 0.0
        let nn = medianMilliseconds { for _ in 0..<100 { sink += Matrix.multiply(a, b, threads: threads)[0, 0] } } / 100
        let nt = medianMilliseconds { for _ in 0..<100 { sink += a.multiplied(byTransposeOf: bt, threads: threads)[0, 0] } } / 100
        results.append(("gemm_nn_\(m)x\(k)x\(n)_gflops", 2.0 * Double(m * k * n) / (nn * 1e6)))
        results.append(("gemm_nt_\(m)x\(k)x\(n)_gflops", 2.0 * Double(m * k * n) / (nt * 1e6)))
        blackHole(sink)
    }
}
@inline(never) func blackHole(_ x: Double) { if x == .infinity { print(x) } }
if only == nil || only == "cn_4096" {
    let n = 4096, dx = 10.0 / Double(n + 1), dt = 0.001
    let grid = (0..<n).map { -5 + Double($0 + 1) * dx }
    let hamiltonian = GridHamiltonian(potential: grid.map { 0.5 * $0 * $0 }, spacing: dx)
    let stepper = CrankNicolson(hamiltonian: hamiltonian, timeStep: dt)
    var psi = grid.map { Complex(libmFreeGaussian($0), 0) }
    results.append(("cn_4096", medianMilliseconds { for _ in 0..<1000 { psi = stepper.step(psi) } }))
}

func libmFreeGaussian(_ x: Double) -> Double { 1 / (1 + x * x) }

// Through an encoder: a NaN or infinite time must fail loudly, not print JSON nobody can parse.
// What the kernel was chosen from, so a run's numbers say which kernel they measured.
var object: [String: Any] = [
    "threads": threads,
    "kernel": [
        "cpu": InstructionSet.cpu.description, "build": InstructionSet.build.description,
        "kernel": MatrixKernel.selected.description
    ]
]
// One core's FMA ceiling for this build, measured now: what the GFLOP/s above are judged against.
object["fma_peak_gflops"] = (fmaPeakGFLOPs() * 10).rounded() / 10
for (name, milliseconds) in results {
    precondition(milliseconds.isFinite, "\(name): the measured time is \(milliseconds)")
    object[name] = (milliseconds * 1000).rounded() / 1000
}
print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
