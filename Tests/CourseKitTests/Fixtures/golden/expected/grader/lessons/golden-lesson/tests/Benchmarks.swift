import Foundation
@testable import GoldenLesson

enum LessonBenchmarks {
    static func runSwapPair(_ timer: inout BenchmarkTimer, _ benchmarkSeed: UInt64) {
#sourceLocation(file: "lessons/01-golden.md", line: 54)
let pairs = (0..<1000).map { Pair(a: $0, b: -$0) }
timer.start()
blackHole(pairs.map(swapPair))
#sourceLocation()
        timer.stop()
    }

    static let all: [(String, (inout BenchmarkTimer, UInt64) -> Void)] = [
        ("swap-pair", runSwapPair),
    ]
}
