import Dispatch

/// The inputs of one timed repetition: SplitMix64 from the repetition's `benchmarkSeed`, which
/// the grader draws afresh for every repetition and sends to student and reference alike.
public struct BenchmarkRandom: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// Marks the timed part of a workload. The grader's bench server hooks `start` (answer
/// "ready", wait for "go") and `stop` (send the output); the grader times that window itself.
public struct BenchmarkTimer {
    public nonisolated(unsafe) static var willStart: () -> Void = {}
    public nonisolated(unsafe) static var didStop: () -> Void = {}
    private var started: UInt64 = 0
    public private(set) var nanoseconds: UInt64 = 0

    public init() {}

    public mutating func start() {
        BenchmarkOutput.begin()
        Self.willStart()
        started = DispatchTime.now().uptimeNanoseconds
    }

    public mutating func stop() {
        nanoseconds += DispatchTime.now().uptimeNanoseconds - started
        BenchmarkOutput.end()
        Self.didStop()
    }
}

/// Keeps a result alive so the optimizer cannot delete the work that made it, and records it
/// (in the timed part) as the benchmark's output.
@inline(never) public func blackHole<T>(_ value: T) {
    BenchmarkOutput.keep(value)
    withExtendedLifetime(value) {}
}

public enum BenchmarkOutput {
    nonisolated(unsafe) private static var recording = false
    public nonisolated(unsafe) private(set) static var kept: [Any] = []
    public static let limit = 1024

    public static func begin() { kept.removeAll(keepingCapacity: true); recording = true }
    public static func end() { recording = false }
    public static func keep(_ value: Any) { if recording && kept.count < limit { kept.append(value) } }

    /// Everything kept in the last timed part, as a list.
    public static func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        out.append(UInt8(ascii: "L"))
        word(UInt64(kept.count), into: &out)
        for value in kept { encode(value, depth: 0, into: &out) }
        return out
    }

    public static func word(_ value: UInt64, into out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    public static func encode(_ value: Any, depth: Int, into out: inout [UInt8]) {
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
public protocol BenchmarkEncodable {
    func benchmarkEncode(into out: inout [UInt8])
}

/// Arrays whose elements are numbers, or plain structs made only of doubles (complex numbers,
/// points), are copied as one block of doubles.
public protocol BenchmarkFlatArray {
    func appendFlat(into out: inout [UInt8]) -> Bool
}

extension Array: BenchmarkFlatArray {
    public func appendFlat(into out: inout [UInt8]) -> Bool {
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
