/// A value an assertion saw, read back from a test's transcript (the format is described in
/// `ObservationSource`). Parsed without trusting the writer: anything malformed is rejected.
public indirect enum ObservedValue: Equatable, Sendable {
    case double(Double)
    case float(Float)
    case int(Int64)
    case uint(UInt64)
    case bool(Bool)
    case string(String)
    case list([ObservedValue])
    /// A value of a type the harness does not know, by its stored parts (`o[…]`): the lesson's
    /// own structs and enums. Its type's `==` may mean less than equal parts.
    case structure([ObservedValue])
    case none
    /// A value of a type the grader cannot read.
    case opaque
    /// Evaluating the operand threw an error.
    case threw
    /// A constant the blind form did not evaluate: the witness holds it.
    case hidden
    /// The assertion has no such slot.
    case absent

    /// Nesting deeper than this is refused (a hostile transcript must not exhaust the stack).
    static let maximumDepth = 32

    /// Parses one slot; `nil` when it is malformed.
    static func parse(_ text: Substring) -> ObservedValue? {
        var bytes = Array(text.utf8)[...]
        guard let value = parseValue(&bytes, depth: 0), bytes.isEmpty else { return nil }
        return value
    }

    private static func parseValue(_ bytes: inout ArraySlice<UInt8>, depth: Int) -> ObservedValue? {
        guard depth < maximumDepth, let tag = bytes.popFirst() else { return nil }
        switch tag {
        case UInt8(ascii: "-"): return .absent
        case UInt8(ascii: "h"): return .hidden
        case UInt8(ascii: "!"): return .threw
        case UInt8(ascii: "?"): return .opaque
        case UInt8(ascii: "n"): return ObservedValue.none
        case UInt8(ascii: "b"):
            guard let bit = bytes.popFirst(), bit == UInt8(ascii: "0") || bit == UInt8(ascii: "1") else { return nil }
            return .bool(bit == UInt8(ascii: "1"))
        case UInt8(ascii: "d"): return hexDigits(&bytes, count: 16).map { .double(Double(bitPattern: $0)) }
        case UInt8(ascii: "f"): return hexDigits(&bytes, count: 8).map { .float(Float(bitPattern: UInt32($0))) }
        case UInt8(ascii: "i"): return Int64(token(&bytes)).map { .int($0) }
        case UInt8(ascii: "u"): return UInt64(token(&bytes)).map { .uint($0) }
        case UInt8(ascii: "s"):
            let hex = token(&bytes)
            guard hex.count % 2 == 0 else { return nil }
            var utf8: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
                utf8.append(byte)
                index = next
            }
            return String(validating: utf8, as: UTF8.self).map { .string($0) }
        case UInt8(ascii: "["): return parseList(&bytes, depth: depth).map { .list($0) }
        case UInt8(ascii: "o"):
            guard bytes.popFirst() == UInt8(ascii: "[") else { return nil }
            return parseList(&bytes, depth: depth).map { .structure($0) }
        default: return nil
        }
    }

    /// The elements of a list whose `[` was read, up to its `]`.
    private static func parseList(_ bytes: inout ArraySlice<UInt8>, depth: Int) -> [ObservedValue]? {
        var elements: [ObservedValue] = []
        if bytes.first == UInt8(ascii: "]") { bytes.removeFirst(); return [] }
        while true {
            guard let element = parseValue(&bytes, depth: depth + 1) else { return nil }
            elements.append(element)
            switch bytes.popFirst() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return elements
            default: return nil
            }
        }
    }

    /// Characters up to the next `,` or `]` (or the end).
    private static func token(_ bytes: inout ArraySlice<UInt8>) -> String {
        let end = bytes.firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "]") } ?? bytes.endIndex
        let text = String(decoding: bytes[..<end], as: UTF8.self)
        bytes = bytes[end...]
        return text
    }

    private static func hexDigits(_ bytes: inout ArraySlice<UInt8>, count: Int) -> UInt64? {
        guard bytes.count >= count else { return nil }
        let text = String(decoding: bytes.prefix(count), as: UTF8.self)
        bytes = bytes.dropFirst(count)
        return UInt64(text, radix: 16)
    }
}

/// One line of a transcript: an assertion site and its five slots (first operand, second
/// operand, accuracy, message, the comparison made in the test process).
public struct Observation: Equatable, Sendable {
    public var site: Int
    public var slots: [ObservedValue]

    static let slotCount = 5
    static let messageSlot = 3
    static let inProcessSlot = 4

    /// Every line of `text`; `nil` when any line is malformed (or there are more than `limit`).
    package static func transcript(_ text: String, limit: Int = 1_000_000) -> [Observation]? {
        var observations: [Observation] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 1 + slotCount, let site = Int(fields[0]), site >= 0, observations.count < limit else { return nil }
            var slots: [ObservedValue] = []
            for field in fields.dropFirst() {
                guard let value = ObservedValue.parse(field) else { return nil }
                slots.append(value)
            }
            observations.append(Observation(site: site, slots: slots))
        }
        return observations
    }
}
