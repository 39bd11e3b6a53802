import Foundation

/// A benchmark's timed result as a bench runner sent it (see `BenchmarkSupportSource` for the
/// encoding), read without trusting it: lengths are checked against what is there.
indirect enum BenchmarkValue: Equatable {
    case doubles([Double])
    case integers([Int64])
    case bool(Bool)
    case string(String)
    case list([BenchmarkValue])
    case object([BenchmarkValue])
    case enumCase(String, BenchmarkValue)
    case none
    case opaque

    /// Decodes `bytes`; `nil` when they are not one well-formed value.
    init?(decoding bytes: [UInt8]) {
        var reader = Reader(bytes: bytes)
        guard let value = reader.value(depth: 0), reader.offset == bytes.count else { return nil }
        self = value
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func word() -> UInt64? {
            guard bytes.count - offset >= 8 else { return nil }
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            offset += 8
            return value
        }

        /// A count that the remaining bytes could hold at `size` bytes per element.
        mutating func count(size: Int) -> Int? {
            guard let n = word(), n <= UInt64(bytes.count - offset) / UInt64(max(size, 1)) else { return nil }
            return Int(n)
        }

        mutating func value(depth: Int) -> BenchmarkValue? {
            guard depth < 64, offset < bytes.count else { return nil }
            let tag = bytes[offset]
            offset += 1
            switch tag {
            case UInt8(ascii: "D"):
                guard let n = count(size: 8) else { return nil }
                return .doubles((0..<n).map { _ in Double(bitPattern: word()!) })
            case UInt8(ascii: "I"):
                guard let n = count(size: 8) else { return nil }
                return .integers((0..<n).map { _ in Int64(bitPattern: word()!) })
            case UInt8(ascii: "B"):
                guard offset < bytes.count else { return nil }
                offset += 1
                return .bool(bytes[offset - 1] != 0)
            case UInt8(ascii: "S"):
                guard let n = count(size: 1) else { return nil }
                offset += n
                return .string(String(decoding: bytes[(offset - n)..<offset], as: UTF8.self))
            case UInt8(ascii: "L"), UInt8(ascii: "O"):
                guard let n = count(size: 1) else { return nil }
                var parts: [BenchmarkValue] = []
                for _ in 0..<n {
                    guard let part = value(depth: depth + 1) else { return nil }
                    parts.append(part)
                }
                return tag == UInt8(ascii: "L") ? .list(parts) : .object(parts)
            case UInt8(ascii: "E"):
                guard let n = count(size: 1) else { return nil }
                offset += n
                let name = String(decoding: bytes[(offset - n)..<offset], as: UTF8.self)
                guard let payload = value(depth: depth + 1) else { return nil }
                return .enumCase(name, payload)
            case UInt8(ascii: "N"): return BenchmarkValue.none
            case UInt8(ascii: "?"): return .opaque
            default: return nil
            }
        }
    }
}

extension BenchmarkValue {
    /// Where `self` (the student's result) differs from `reference` by more than `tolerance`
    /// relative to the reference's magnitude (at least 1); `nil` when it matches. The reference's
    /// number is named only when `revealing` (the lesson's feedback shows expected values).
    func mismatch(against reference: BenchmarkValue, tolerance: Double, revealing: Bool, path: String = "") -> String? {
        let place = path.isEmpty ? "" : " at \(path)"
        func expected(_ value: String) -> String { revealing ? " where the reference has \(value)" : ", not the reference's value" }
        switch (self, reference) {
        case let (.doubles(mine), .doubles(theirs)):
            guard mine.count == theirs.count else { return "\(mine.count) numbers\(place) where the reference has \(theirs.count)" }
            for (i, (a, b)) in zip(mine, theirs).enumerated() where !Self.close(a, b, tolerance: tolerance) {
                let at = mine.count == 1 ? place : " at \(path)[\(i)]"
                return "\(Self.show(a))\(at)" + expected(Self.show(b))
            }
            return nil
        case let (.integers(mine), .integers(theirs)):
            guard mine.count == theirs.count else { return "\(mine.count) integers\(place) where the reference has \(theirs.count)" }
            if let i = mine.indices.first(where: { mine[$0] != theirs[$0] }) {
                return "\(mine[i])\(mine.count == 1 ? place : " at \(path)[\(i)]")" + expected(String(theirs[i]))
            }
            return nil
        case let (.list(mine), .list(theirs)), let (.object(mine), .object(theirs)):
            guard mine.count == theirs.count else { return "\(mine.count) parts\(place) where the reference has \(theirs.count)" }
            for (i, (a, b)) in zip(mine, theirs).enumerated() {
                if let problem = a.mismatch(against: b, tolerance: tolerance, revealing: revealing, path: path + ".\(i)") { return problem }
            }
            return nil
        case let (.enumCase(mine, a), .enumCase(theirs, b)):
            guard mine == theirs else { return "case \(mine)\(place) where the reference has \(theirs)" }
            return a.mismatch(against: b, tolerance: tolerance, revealing: revealing, path: path)
        default:
            return self == reference ? nil : "a different kind of value\(place) than the reference's"
        }
    }

    static func close(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    private static func show(_ x: Double) -> String { String(format: "%.12g", x) }
}
