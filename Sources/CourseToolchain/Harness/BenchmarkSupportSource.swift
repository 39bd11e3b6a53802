/// Swift source compiled into every benchmark workload: the seeded input generator authors draw
/// from, the timer whose start and stop the grader's bench server hooks, and `blackHole`, which
/// keeps what the timed part produced so the grader can compare it with the reference's.
///
/// Output encoding (`BenchmarkOutput`), read back by `BenchmarkValue`: `D` count and IEEE doubles,
/// `F` floats, `I` Int64s (all little-endian; arrays of plain structs of doubles, such as complex
/// numbers, flatten to `D`), `B` a byte, `S` length and UTF-8, `L` count and elements, `O` count
/// and stored parts (structs, classes, tuples), `E` case name then payload, `N` nil, `?` opaque.
/// Arrays of numbers are copied in one go: encoding runs inside the timed window, for both sides.
package enum BenchmarkSupportSource {
    package static let fileName = "BenchmarkSupport.swift"

    package static let text = #"""
    import Dispatch

    /// The inputs of one timed repetition: SplitMix64 from the repetition's `benchmarkSeed`, which
    /// the grader draws afresh for every repetition and sends to student and reference alike.
    struct BenchmarkRandom: RandomNumberGenerator {
        private var state: UInt64
        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in [0, 1).
        mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
    }

    /// Marks the timed part of a workload. The grader's bench server hooks `start` (answer
    /// "ready", wait for "go") and `stop` (send the output); the grader times that window itself.
    struct BenchmarkTimer {
        nonisolated(unsafe) static var willStart: () -> Void = {}
        nonisolated(unsafe) static var didStop: () -> Void = {}
        private var started: UInt64 = 0
        private(set) var nanoseconds: UInt64 = 0

        mutating func start() {
            BenchmarkOutput.begin()
            Self.willStart()
            started = DispatchTime.now().uptimeNanoseconds
        }

        mutating func stop() {
            nanoseconds += DispatchTime.now().uptimeNanoseconds - started
            BenchmarkOutput.end()
            Self.didStop()
        }
    }

    /// Keeps a result alive so the optimizer cannot delete the work that made it, and records it
    /// (in the timed part) as the benchmark's output.
    @inline(never) func blackHole<T>(_ value: T) {
        BenchmarkOutput.keep(value)
        withExtendedLifetime(value) {}
    }

    enum BenchmarkOutput {
        nonisolated(unsafe) private static var recording = false
        nonisolated(unsafe) private(set) static var kept: [Any] = []
        static let limit = 1024

        static func begin() { kept.removeAll(keepingCapacity: true); recording = true }
        static func end() { recording = false }
        static func keep(_ value: Any) { if recording && kept.count < limit { kept.append(value) } }

        /// Everything kept in the last timed part, as a list.
        static func encoded() -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(1 << 16)
            out.append(UInt8(ascii: "L"))
            word(UInt64(kept.count), into: &out)
            for value in kept { encode(value, depth: 0, into: &out) }
            return out
        }

        static func word(_ value: UInt64, into out: inout [UInt8]) {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }

        static func encode(_ value: Any, depth: Int, into out: inout [UInt8]) {
            if let known = value as? BenchmarkEncodable { known.benchmarkEncode(into: &out); return }
            if let number = value as? Double { out.append(UInt8(ascii: "D")); word(1, into: &out); word(number.bitPattern, into: &out); return }
            if let number = value as? Float { out.append(UInt8(ascii: "D")); word(1, into: &out); word(Double(number).bitPattern, into: &out); return }
            if let number = value as? any BinaryInteger {
                out.append(UInt8(ascii: "I")); word(1, into: &out); word(UInt64(truncatingIfNeeded: Int64(truncatingIfNeeded: number)), into: &out); return
            }
            if let flag = value as? Bool { out.append(UInt8(ascii: "B")); out.append(flag ? 1 : 0); return }
            if let text = value as? String {
                out.append(UInt8(ascii: "S")); word(UInt64(text.utf8.count), into: &out); out.append(contentsOf: text.utf8); return
            }
            if let array = value as? any BenchmarkFlatArray, array.appendFlat(into: &out) { return }
            guard depth < 16 else { out.append(UInt8(ascii: "?")); return }
            let mirror = Mirror(reflecting: value)
            let children = Array(mirror.children)
            switch mirror.displayStyle {
            case .optional?:
                if let some = children.first { encode(some.value, depth: depth + 1, into: &out) } else { out.append(UInt8(ascii: "N")) }
            case .enum?:
                let name = children.first?.label ?? "\(value)"
                out.append(UInt8(ascii: "E")); word(UInt64(name.utf8.count), into: &out); out.append(contentsOf: name.utf8)
                out.append(UInt8(ascii: "O")); word(UInt64(children.count), into: &out)
                for child in children { encode(child.value, depth: depth + 1, into: &out) }
            case .struct?, .class?, .tuple?:
                out.append(UInt8(ascii: "O")); word(UInt64(children.count), into: &out)
                for child in children { encode(child.value, depth: depth + 1, into: &out) }
            case .collection?, .set?, .dictionary?:
                out.append(UInt8(ascii: "L")); word(UInt64(children.count), into: &out)
                for child in children { encode(child.value, depth: depth + 1, into: &out) }
            default:
                out.append(UInt8(ascii: "?"))
            }
        }
    }

    /// Values `Mirror` cannot read (the support library's buffers) encode themselves.
    protocol BenchmarkEncodable {
        func benchmarkEncode(into out: inout [UInt8])
    }

    /// Arrays whose elements are numbers, or plain structs made only of doubles (complex numbers,
    /// points), are copied as one block of doubles.
    protocol BenchmarkFlatArray {
        func appendFlat(into out: inout [UInt8]) -> Bool
    }

    extension Array: BenchmarkFlatArray {
        func appendFlat(into out: inout [UInt8]) -> Bool {
            if Element.self == Double.self || Element.self == Float.self || Element.self == Int.self {
                out.append(UInt8(ascii: Element.self == Int.self ? "I" : "D"))
                BenchmarkOutput.word(UInt64(count), into: &out)
                if Element.self == Float.self {
                    for value in self { BenchmarkOutput.word(Double(value as! Float).bitPattern, into: &out) }
                } else {
                    withUnsafeBytes { out.append(contentsOf: $0) }
                }
                return true
            }
            guard _isPOD(Element.self), let first else { return false }
            let parts = Mirror(reflecting: first).children.count
            let allDoubles = Mirror(reflecting: first).children.allSatisfy { $0.value is Double }
            guard parts > 0, allDoubles, MemoryLayout<Element>.stride == parts * 8 else { return false }
            out.append(UInt8(ascii: "D"))
            BenchmarkOutput.word(UInt64(count * parts), into: &out)
            withUnsafeBytes { out.append(contentsOf: $0) }
            return true
        }
    }
    """#
}

extension BenchmarkSupportSource {
    package static let engineFileName = "EngineBenchmark.swift"

    /// Conformances for the support library's types whose storage is a buffer, each only when the
    /// course's library declares the type: rows, columns and the values, as `O[I, I, D]`.
    /// `importing` adds the library's import (a file of its own needs it; the test harness's
    /// engine file has it already).
    package static func engineText(engineSources: [String: String], importing: Bool = true) -> String {
        let declared = engineSources.values.joined(separator: "\n")
        let types = engineTypes.filter { declared.contains("public struct \($0):") || declared.contains("public struct \($0) ") }
        return (importing ? "import ResidualEngine\n" : "") + types.map(engineConformance).joined()
    }

    /// The support library's types that encode themselves.
    package static let engineTypes = ["Matrix", "FloatMatrix"]

    package static func engineConformance(_ type: String) -> String {
        """

                extension \(type): BenchmarkEncodable {
                    func benchmarkEncode(into out: inout [UInt8]) {
                        out.append(UInt8(ascii: "O"))
                        BenchmarkOutput.word(3, into: &out)
                        BenchmarkOutput.encode(rows, depth: 0, into: &out)
                        BenchmarkOutput.encode(cols, depth: 0, into: &out)
                        BenchmarkOutput.encode(values, depth: 0, into: &out)
                    }
                }

                """
    }

    /// The `main` of a bench runner, one per side (student, reference), each in its own sandbox.
    /// Started as `runner BENCHMARK-ID`, it answers `hello`, then for every `run SEED` line runs
    /// the workload with that seed: after the set-up it answers `ready` and waits for `go`; when
    /// the timed part ends it sends `output BYTES` and the encoded output, and `end` once the
    /// workload has returned. The grader times the window from `go` to the last output byte
    /// itself: nothing this process says about time is believed. Replies go to a private copy of
    /// stdout; the workload's own printing goes nowhere.
    package static let runnerMain = #"""
    #if canImport(Glibc)
    import Glibc
    #elseif canImport(Musl)
    import Musl
    #endif

    let channel = dup(1)
    _ = fcntl(channel, F_SETFD, FD_CLOEXEC)
    let silent = open("/dev/null", O_WRONLY)
    dup2(silent, 1)

    func reply(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(channel, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { exit(3) }
            offset += written
        }
    }
    func reply(_ line: String) { reply(Array((line + "\n").utf8)) }

    let arguments = CommandLine.arguments
    guard arguments.count == 2, let workload = benchmarkRuns().first(where: { $0.0 == arguments[1] })?.1 else {
        reply("error: no such benchmark")
        exit(2)
    }
    BenchmarkTimer.willStart = {
        reply("ready")
        guard readLine(strippingNewline: true) == "go" else { exit(0) }
    }
    BenchmarkTimer.didStop = {
        let output = BenchmarkOutput.encoded()
        reply("output \(output.count)")
        reply(output)
    }
    reply("hello")
    while let line = readLine(strippingNewline: true) {
        let fields = line.split(separator: " ")
        guard fields.count == 2, fields[0] == "run", let seed = UInt64(fields[1]) else { reply("error: bad command"); exit(2) }
        workload(seed)
        reply("end")
    }
    exit(0)
    """#
}
