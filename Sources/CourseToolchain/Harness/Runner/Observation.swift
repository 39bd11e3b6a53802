#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The Swift runtime's own case-name lookup, which the standard library's printing uses.
@_silgen_name("swift_EnumCaseName")
private func _observedEnumCaseName<T>(_ value: T) -> UnsafePointer<CChar>?

/// A value the grader can read back from the transcript.
public protocol Observable {
    func observe(into out: inout String)
}

public enum Observe {
    nonisolated(unsafe) private static var fd: Int32 = -1
    nonisolated(unsafe) private static var buffer: [UInt8] = []

    /// Appends observations to the file at `path` (a test's own transcript).
    public static func start(path: String?) {
        guard let path else { return }
        start(fd: open(path, O_WRONLY | O_APPEND | O_CLOEXEC))
    }

    /// Writes observations to `descriptor` (the test server's pipe).
    public static func start(fd descriptor: Int32) {
        fd = descriptor
        buffer.reserveCapacity(1 << 16)
        atexit { Observe.flush() }
    }

    public static func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { break }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private static func emit(_ site: Int, _ slots: [String]) {
        buffer += Array("\(site) \(slots.joined(separator: " "))\n".utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Stands in for a hidden constant; its slot is never evaluated.
    public static func hidden<T>() -> T { fatalError("a hidden value was evaluated") }

    private static func isHidden(_ mask: Int, _ slot: Int) -> Bool { mask & (1 << slot) != 0 }

    public static func encode<T>(_ value: T) -> String {
        var out = ""
        structure(value, depth: 0, into: &out)
        return out.utf8.count > 1 << 22 ? "?" : out
    }

    /// Values of types the harness knows by their own encoding; raw-value enums by their raw
    /// value; other structs, enums, tuples and collections by what `Mirror` sees of their
    /// stored parts (the lesson's own types, such as a cost record), so that the grader can
    /// compare them without running their `==`. `?` past a depth that only cycles reach.
    public static func structure(_ value: Any, depth: Int, into out: inout String) {
        if let observable = value as? Observable { observable.observe(into: &out); return }
        guard depth < 12 else { out += "?"; return }
        // No `as? any RawRepresentable` (or any other protocol the value might conform to): a
        // conformance the submission adds to a lesson's type would then decide the encoding
        // (red team, round 20). A raw-value enum is read by its case, a struct by its stored parts.
        let mirror = Mirror(reflecting: value)
        var parts: [String] = []
        for child in mirror.children {
            var part = ""
            structure(child.value, depth: depth + 1, into: &part)
            parts.append(part)
        }
        switch mirror.displayStyle {
        case .optional?: out += parts.first ?? "n"
        case .enum?:
            var label = ""
            // A case by its name and its payload's labels (`moved(to:)` and `moved(by:)` are two
            // cases); one without a payload by the runtime's name: `"\(value)"` would ask a
            // `description`, which a student's extension may give the lesson's enum.
            let payload = mirror.children.first
            let name = payload?.label.map { $0 + payloadLabels(payload!.value) }
            (name ?? caseName(value) ?? "\(value)").observe(into: &label)
            out += "o[" + ([label] + parts).joined(separator: ",") + "]"
        case .set?, .dictionary?: out += "[" + parts.sorted().joined(separator: ",") + "]"
        case .struct?, .class?, .tuple?: out += "o[" + parts.joined(separator: ",") + "]"
        case .collection?: out += "[" + parts.joined(separator: ",") + "]"
        default: out += "?"
        }
    }

    /// `(to:)` for a payload `(to: 5)`, `(_:by:)` for `(1, by: 2)`; empty when no element has a label.
    public static func payloadLabels(_ payload: Any) -> String {
        let mirror = Mirror(reflecting: payload)
        guard mirror.displayStyle == .tuple else { return "" }
        let labels = mirror.children.map { child in child.label.flatMap { $0.hasPrefix(".") ? nil : $0 } }
        guard labels.contains(where: { $0 != nil }) else { return "" }
        return "(" + labels.map { ($0 ?? "_") + ":" }.joined() + ")"
    }

    /// The case name of an enum value, as the runtime records it (what `print` shows when the
    /// enum has no `description`); `nil` without reflection metadata.
    public static func caseName(_ value: Any) -> String? {
        func name<T>(_ value: T) -> String? { _observedEnumCaseName(value).map { String(cString: $0) } }
        return _openExistential(value, do: name)
    }

    /// Evaluates a slot unless hidden: its encoding, and its value for the in-process result.
    private static func slot<T>(_ mask: Int, _ index: Int, _ value: () throws -> T) -> (String, T?) {
        if isHidden(mask, index) { return ("h", nil) }
        do {
            let v = try value()
            return (encode(v), v)
        } catch {
            return ("!", nil)
        }
    }

    private static func message(_ mask: Int, _ text: () -> String) -> String {
        isHidden(mask, 3) ? "h" : encode(text())
    }

    private static func result(_ holds: Bool?) -> String { holds.map { $0 ? "b1" : "b0" } ?? "-" }

    private static func pair<T>(
        _ site: Int, _ mask: Int, _ a: () throws -> T, _ b: () throws -> T,
        _ text: () -> String, _ holds: (T, T) -> Bool
    ) {
        let (ea, va) = slot(mask, 0, a)
        let (eb, vb) = slot(mask, 1, b)
        var inProcess: Bool?
        if let va, let vb { inProcess = holds(va, vb) }
        emit(site, [ea, eb, "-", message(mask, text), result(inProcess)])
    }

    private static func single<T>(_ site: Int, _ mask: Int, _ value: () throws -> T, _ text: () -> String) {
        let (encoded, _) = slot(mask, 0, value)
        emit(site, [encoded, "-", "-", message(mask, text), "-"])
    }

    public static func isTrue(_ site: Int, _ mask: Int, _ e: @autoclosure () throws -> Bool, _ m: @autoclosure () -> String = "") {
        single(site, mask, e, m)
    }

    public static func isFalse(_ site: Int, _ mask: Int, _ e: @autoclosure () throws -> Bool, _ m: @autoclosure () -> String = "") {
        single(site, mask, e, m)
    }

    public static func equal<T: Equatable>(
        _ site: Int, _ mask: Int, _ a: @autoclosure () throws -> T,
        _ b: @autoclosure () throws -> T, _ m: @autoclosure () -> String = ""
    ) {
        pair(site, mask, a, b, m, ==)
    }

    public static func notEqual<T: Equatable>(
        _ site: Int, _ mask: Int, _ a: @autoclosure () throws -> T,
        _ b: @autoclosure () throws -> T, _ m: @autoclosure () -> String = ""
    ) {
        pair(site, mask, a, b, m, !=)
    }

    public static func equal<T: FloatingPoint>(
        _ site: Int, _ mask: Int, _ a: @autoclosure () throws -> T, _ b: @autoclosure () throws -> T,
        accuracy: @autoclosure () throws -> T, _ m: @autoclosure () -> String = ""
    ) {
        withAccuracy(site, mask, a, b, accuracy, m)
    }

    public static func notEqual<T: FloatingPoint>(
        _ site: Int, _ mask: Int, _ a: @autoclosure () throws -> T, _ b: @autoclosure () throws -> T,
        accuracy: @autoclosure () throws -> T, _ m: @autoclosure () -> String = ""
    ) {
        withAccuracy(site, mask, a, b, accuracy, m)
    }

    private static func withAccuracy<T: FloatingPoint>(
        _ site: Int, _ mask: Int, _ a: () throws -> T, _ b: () throws -> T,
        _ accuracy: () throws -> T, _ text: () -> String
    ) {
        let (ea, _) = slot(mask, 0, a)
        let (eb, _) = slot(mask, 1, b)
        let (ec, _) = slot(mask, 2, accuracy)
        emit(site, [ea, eb, ec, message(mask, text), "-"])
    }

    public static func greater<T: Comparable>(
        _ site: Int, _ mask: Int, _ a: @autoclosure () throws -> T,
        _ b: @autoclosure () throws -> T, _ m: @autoclosure () -> String = ""
    ) {
        pair(site, mask, a, b, m, >)
    }

    public static func greaterOrEqual<T: Comparable>(
        _ site: Int, _ mask: Int, _ a: @autoclosure () throws -> T,
        _ b: @autoclosure () throws -> T, _ m: @autoclosure () -> String = ""
    ) {
        pair(site, mask, a, b, m, >=)
    }

    public static func less<T: Comparable>(
        _ site: Int, _ mask: Int, _ a: @autoclosure () throws -> T,
        _ b: @autoclosure () throws -> T, _ m: @autoclosure () -> String = ""
    ) {
        pair(site, mask, a, b, m, <)
    }

    public static func lessOrEqual<T: Comparable>(
        _ site: Int, _ mask: Int, _ a: @autoclosure () throws -> T,
        _ b: @autoclosure () throws -> T, _ m: @autoclosure () -> String = ""
    ) {
        pair(site, mask, a, b, m, <=)
    }

    public static func isNil(_ site: Int, _ mask: Int, _ e: @autoclosure () throws -> Any?, _ m: @autoclosure () -> String = "") {
        single(site, mask, { try e() == nil }, m)
    }

    public static func notNil(_ site: Int, _ mask: Int, _ e: @autoclosure () throws -> Any?, _ m: @autoclosure () -> String = "") {
        single(site, mask, { try e() != nil }, m)
    }

    public static func identical(
        _ site: Int, _ mask: Int, _ a: @autoclosure () throws -> AnyObject?,
        _ b: @autoclosure () throws -> AnyObject?, _ m: @autoclosure () -> String = ""
    ) {
        single(site, 0, { try a() === b() }, m)
    }

    public static func notIdentical(
        _ site: Int, _ mask: Int, _ a: @autoclosure () throws -> AnyObject?,
        _ b: @autoclosure () throws -> AnyObject?, _ m: @autoclosure () -> String = ""
    ) {
        single(site, 0, { try a() !== b() }, m)
    }

    public static func fail(_ site: Int, _ mask: Int, _ m: @autoclosure () -> String = "") {
        emit(site, ["-", "-", "-", message(mask, m), "-"])
    }

    public static func throwsError<T>(
        _ site: Int, _ mask: Int, _ e: @autoclosure () throws -> T, _ m: @autoclosure () -> String = "",
        _ handler: (Error) -> Void = { _ in }
    ) {
        var caught: Error?
        do { _ = try e() } catch { caught = error }
        emit(site, [caught == nil ? "b0" : "b1", "-", "-", message(mask, m), "-"])
        if let caught { handler(caught) }
    }

    public static func noThrow<T>(_ site: Int, _ mask: Int, _ e: @autoclosure () throws -> T, _ m: @autoclosure () -> String = "") {
        var threw = false
        do { _ = try e() } catch { threw = true }
        emit(site, [threw ? "b0" : "b1", "-", "-", message(mask, m), "-"])
    }

    public struct UnexpectedNil: Error {}

    public static func unwrap<T>(_ site: Int, _ mask: Int, _ e: @autoclosure () throws -> T?, _ m: @autoclosure () -> String = "") throws -> T {
        let value = try? e()
        let unwrapped = value.flatMap { $0 }
        emit(site, [unwrapped == nil ? "b0" : "b1", "-", "-", message(mask, m), "-"])
        guard let unwrapped else { throw UnexpectedNil() }
        return unwrapped
    }

    public static func hex<T: FixedWidthInteger>(_ bits: T, into out: inout String) {
        let digits = String(bits, radix: 16)
        out += String(repeating: "0", count: T.bitWidth / 4 - digits.count) + digits
    }

    public static func list<S: Sequence>(_ elements: S, into out: inout String) where S.Element: Observable {
        out += "["
        var first = true
        for element in elements {
            if !first { out += "," }
            first = false
            element.observe(into: &out)
        }
        out += "]"
    }
}

extension Double: Observable { public func observe(into out: inout String) { out += "d"; Observe.hex(bitPattern, into: &out) } }
extension Float: Observable { public func observe(into out: inout String) { out += "f"; Observe.hex(bitPattern, into: &out) } }
extension Int: Observable { public func observe(into out: inout String) { out += "i\(self)" } }
extension Int8: Observable { public func observe(into out: inout String) { out += "i\(self)" } }
extension Int16: Observable { public func observe(into out: inout String) { out += "i\(self)" } }
extension Int32: Observable { public func observe(into out: inout String) { out += "i\(self)" } }
extension Int64: Observable { public func observe(into out: inout String) { out += "i\(self)" } }
extension UInt: Observable { public func observe(into out: inout String) { out += "u\(self)" } }
extension UInt8: Observable { public func observe(into out: inout String) { out += "u\(self)" } }
extension UInt16: Observable { public func observe(into out: inout String) { out += "u\(self)" } }
extension UInt32: Observable { public func observe(into out: inout String) { out += "u\(self)" } }
extension UInt64: Observable { public func observe(into out: inout String) { out += "u\(self)" } }
extension Bool: Observable { public func observe(into out: inout String) { out += self ? "b1" : "b0" } }
extension String: Observable {
    public func observe(into out: inout String) {
        out += "s"
        for byte in utf8 { Observe.hex(byte, into: &out) }
    }
}
extension Substring: Observable { public func observe(into out: inout String) { String(self).observe(into: &out) } }
extension Character: Observable { public func observe(into out: inout String) { String(self).observe(into: &out) } }
extension Array: Observable where Element: Observable { public func observe(into out: inout String) { Observe.list(self, into: &out) } }
extension ArraySlice: Observable where Element: Observable { public func observe(into out: inout String) { Observe.list(self, into: &out) } }
extension ContiguousArray: Observable where Element: Observable { public func observe(into out: inout String) { Observe.list(self, into: &out) } }
extension Optional: Observable where Wrapped: Observable {
    public func observe(into out: inout String) {
        switch self {
        case .none: out += "n"
        case .some(let value): value.observe(into: &out)
        }
    }
}
