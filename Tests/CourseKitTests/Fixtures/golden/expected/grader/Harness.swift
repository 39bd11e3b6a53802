import Foundation
import XCTest
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

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import XCTest

public enum TestServer {
    public static func main(_ tests: [XCTestCaseEntry]) -> Never {
        let arguments = CommandLine.arguments
        guard SyscallFilter.install() else {
            if arguments.count == 3, arguments[1] == "--serve" { answer("error: cannot filter system calls") }
            fputs("error: cannot filter system calls\n", stderr)
            exit(2)
        }
        if arguments.count == 3, arguments[1] == "--serve", let timeout = Int(arguments[2]) {
            serve(tests, timeout: timeout)
        }
        guard SyscallFilter.installNoNewProcesses() else {
            fputs("error: cannot filter system calls\n", stderr)
            exit(2)
        }
        Observe.start(path: getenv("COURSE_OBSERVATIONS").map { String(cString: $0) })
        XCTMain(tests)
    }

    private static func serve(_ tests: [XCTestCaseEntry], timeout: Int) -> Never {
        // In a pid namespace of its own (bwrap: the namespace's init is 1, this is 2),
        // `kill(-1)` reaches exactly the processes a test left behind.
        let isolated = getpid() == 2 && getppid() == 1
        guard isolated else { answer("error: --serve runs only as the sandbox's first process"); exit(2) }
        guard let prctl = dlsym(dlopen(nil, RTLD_NOW), "prctl").map({ unsafeBitCast($0, to: Prctl.self) }),
            prctl(4 /* PR_SET_DUMPABLE */, 0, 0, 0, 0) == 0
        else { answer("error: cannot protect the server"); exit(2) }
        var childSignal = sigset_t()
        sigemptyset(&childSignal)
        sigaddset(&childSignal, SIGCHLD)
        sigprocmask(SIG_BLOCK, &childSignal, nil)
        rehearse()
        answer("ready")
        while let line = readLine(strippingNewline: true) {
            let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard fields.count == 3, fields[0] == "run", let index = Int(fields[1]) else { answer("error: bad command"); continue }
            var output: [Int32] = [-1, -1], record: [Int32] = [-1, -1]
            guard pipe(&output) == 0, pipe(&record) == 0 else { answer("error: no pipe"); exit(3) }
            fflush(stdout)
            let child = fork()
            if child == 0 {
                close(output[0])
                close(record[0])
                sigprocmask(SIG_UNBLOCK, &childSignal, nil)
                runTest(fields[2], output: output[1], record: record[1], tests: tests)
            }
            close(output[1])
            close(record[1])
            var streams = [Printed(fd: output[0], limit: 1 << 16), Printed(fd: record[0], limit: 16 << 20)]
            let (status, signal, timedOut) = wait(for: child, seconds: timeout, streams: &streams, signals: &childSignal)
            for i in streams.indices { streams[i].finish() }
            let clean = killLeftovers() && empty("/scratch") && empty("/tmp") && empty("/dev/shm")
            let (printed, recorded) = (streams[0].kept + streams[0].note, streams[1].kept)
            answer("done \(index) \(status) \(signal) \(timedOut ? 1 : 0) \(clean ? 1 : 0) \(printed.count) \(recorded.count)")
            send(printed)
            send(recorded)
            if !clean { exit(3) }
        }
        exit(0)
    }

    /// Does once, in the server, the work every test's recording repeats (the runtime's
    /// conformance lookups), so that the processes forked from it start with that work done.
    private static func rehearse() {
        _ = Observe.encode([0.5])
        _ = Observe.encode(1)
        _ = Observe.encode("s")
    }

    /// In the forked child: output and observations into the server's pipes, one test.
    private static func runTest(_ name: String, output: Int32, record: Int32, tests: [XCTestCaseEntry]) -> Never {
        // The server forks; a test may not (`SyscallFilter.noNewProcessesProgram`).
        guard SyscallFilter.installNoNewProcesses() else { _exit(121) }
        let nothing = open("/dev/null", O_RDONLY)
        guard nothing >= 0 else { _exit(120) }
        dup2(nothing, 0)
        dup2(output, 1)
        dup2(output, 2)
        close(output)
        close(nothing)
        Observe.start(fd: record)
        XCTMain(tests, arguments: [CommandLine.arguments[0], name], observers: [FailureLine()])
    }

    /// Prints what XCTest itself records as a failure: assertions are rewritten into records, so
    /// that is an error thrown out of a `throws` test (`caught error: "unknownToken(\"p\")"`),
    /// which then reaches the student's feedback with the test's output.
    final class FailureLine: XCTestObservation {
        func testCase(_ testCase: XCTestCase, didFailWithDescription description: String, inFile filePath: String?, atLine lineNumber: Int) {
            print(description)
        }
    }

    /// What a test writes to a pipe (its output, or its observations): the first `limit`
    /// bytes are kept, the rest is read and counted, so that writing much costs the test
    /// nothing but time.
    struct Printed {
        let fd: Int32
        let limit: Int
        var kept: [UInt8] = []
        var dropped = 0
        var ended = false

        init(fd: Int32, limit: Int) {
            self.fd = fd
            self.limit = limit
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }

        /// A line saying how much was dropped, if anything was.
        var note: [UInt8] { dropped > 0 ? Array("\n[… \(dropped) more bytes of output not kept]\n".utf8) : [] }

        /// Reads what is there now.
        mutating func drain() {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while !ended {
                let count = read(fd, &buffer, buffer.count)
                if count == 0 { ended = true }
                if count <= 0 { return }
                let room = max(0, limit - kept.count)
                kept += buffer[..<min(count, room)]
                dropped += max(0, count - room)
            }
        }

        /// Reads what is left and closes the pipe.
        mutating func finish() {
            drain()
            close(fd)
        }
    }

    /// Exit status, signal (0 when none) and whether the test ran out of time. Reads the test's
    /// output meanwhile, so a test that prints much never blocks on a full pipe.
    private static func wait(for child: pid_t, seconds: Int, streams: inout [Printed], signals: inout sigset_t) -> (Int32, Int32, Bool) {
        var status: Int32 = 0
        guard child > 0 else { return (121, 0, false) }
        let deadline = now() + Double(seconds)
        while waitpid(child, &status, WNOHANG) == 0 {
            let left = deadline - now()
            if left <= 0 {
                kill(child, SIGKILL)
                waitpid(child, &status, 0)
                return (0, SIGKILL, true)
            }
            if streams.allSatisfy(\.ended) {
                var pause = timespec(tv_sec: Int(left), tv_nsec: Int((left - left.rounded(.down)) * 1e9))
                _ = sigtimedwait(&signals, nil, &pause)
            } else {
                // Short slices: the test may exit while something it started keeps a pipe open.
                var probes = streams.filter { !$0.ended }.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
                _ = poll(&probes, nfds_t(probes.count), Int32(min(left, 0.02) * 1000) + 1)
                for i in streams.indices { streams[i].drain() }
            }
        }
        let signal = status & 0x7f
        return signal == 0 ? ((status >> 8) & 0xff, 0, false) : (0, signal, false)
    }

    /// Kills whatever a test started and reaps it; `false` if something survives a second.
    private static func killLeftovers() -> Bool {
        for _ in 0..<1000 {
            if kill(-1, SIGKILL) != 0 { return true }
            while waitpid(-1, nil, WNOHANG) > 0 {}
            usleep(1000)
        }
        return false
    }

    /// Removes what a test wrote to a scratch folder; `false` when something cannot be removed.
    private static func empty(_ folder: String) -> Bool {
        guard let directory = opendir(folder) else { return true }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(directory)
        return names.allSatisfy { name in
            let path = "\(folder)/\(name)"
            var info = stat()
            if lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
                chmod(path, 0o700)
                return empty(path) && rmdir(path) == 0
            }
            return unlink(path) == 0
        }
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Writes all of `bytes` to the grader.
    private static func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { exit(3) }
            offset += written
        }
    }

    private static func answer(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    /// `prctl`, which Swift does not import because it is variadic in C.
    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
}

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

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A seccomp filter every runner installs first thing in `main`, before any student code runs;
/// it binds the process and everything it starts. System calls that would move a process off
/// the CPU its batch worker owns (`sched_setaffinity`), reach into another process (`ptrace`,
/// `process_vm_readv`/`writev`, `pidfd_getfd`, `kcmp`), make namespaces or mounts (also through
/// `clone` flags and the new mount API), or open the kernel's larger attack surfaces (`bpf`,
/// `perf_event_open`, `userfaultfd`, `io_uring`, keyrings) fail with EPERM. Calls through another
/// ABI (`int $0x80` on x86_64, x32) fail too, and `clone3`, whose flags a filter cannot read,
/// answers ENOSYS, so the C library starts threads with `clone`.
///
/// The object rules already refuse calls to these by name; code that builds a function pointer
/// from raw memory could still make them, and the kernel cannot be talked round.
public enum SyscallFilter {
    #if arch(x86_64)
    /// AUDIT_ARCH_X86_64, and the refused numbers: sched_setaffinity, ptrace, process_vm_readv,
    /// process_vm_writev, perf_event_open, bpf, unshare, setns, mount, umount2, pivot_root, keyctl,
    /// add_key, request_key, userfaultfd, personality, kcmp, then the numbers both ABIs share:
    /// io_uring_setup, open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, pidfd_getfd,
    /// process_madvise, mount_setattr.
    public static let native: (arch: UInt32, clone: UInt32, clone3: UInt32, refused: [UInt32], otherABIFrom: UInt32?)? = (
        0xC000_003E, 56, 435,
        [203, 101, 310, 311, 298, 321, 272, 308, 165, 166, 155, 250, 248, 249, 323, 135, 312]
            + [425, 428, 429, 430, 431, 432, 433, 438, 440, 442],
        0x4000_0000
    )
    #elseif arch(arm64)
    /// AUDIT_ARCH_AARCH64 and the same calls by aarch64's numbers.
    public static let native: (arch: UInt32, clone: UInt32, clone3: UInt32, refused: [UInt32], otherABIFrom: UInt32?)? = (
        0xC000_00B7, 220, 435,
        [122, 117, 270, 271, 241, 280, 97, 268, 40, 39, 41, 219, 217, 218, 282, 92, 272]
            + [425, 428, 429, 430, 431, 432, 433, 438, 440, 442],
        nil
    )
    #else
    /// No table for this architecture: the runner goes unfiltered (the filter is a layer, not the sandbox).
    public static let native: (arch: UInt32, clone: UInt32, clone3: UInt32, refused: [UInt32], otherABIFrom: UInt32?)? = nil
    #endif

    #if arch(x86_64)
    /// fork and vfork, which make a process without flags to read (aarch64 has only `clone`).
    public static let forks: [UInt32] = [57, 58]
    #else
    public static let forks: [UInt32] = []
    #endif

    /// CLONE_THREAD: a `clone` with it starts a thread of the same process.
    public static let threadFlag: UInt32 = 0x0001_0000

    /// `clone` flags that make namespaces (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER,
    /// NEWPID, NEWNET, NEWTIME).
    public static let namespaceFlags: UInt32 = 0x7E02_0080

    /// The filter program: classic BPF over `struct seccomp_data` (nr at offset 0, arch at 4,
    /// the first argument's low word at 16 on a little-endian machine).
    public static func program() -> [UInt64] {
        guard let native else { return [instruction(give, 0, 0, allow)] }
        // Instructions with jumps to labels, resolved once the layout is known.
        enum Target { case next, refuse, enosys, allowed, cloneCheck }
        var code: [(UInt16, Target, Target, UInt32)] = []
        code.append((load, .next, .next, 4))
        code.append((jumpIfEqual, .next, .refuse, native.arch))  // another ABI's call: refused
        code.append((load, .next, .next, 0))
        if let otherABI = native.otherABIFrom { code.append((jumpIfAtLeast, .refuse, .next, otherABI)) }
        code.append((jumpIfEqual, .enosys, .next, native.clone3))
        code.append((jumpIfEqual, .cloneCheck, .next, native.clone))
        for number in native.refused { code.append((jumpIfEqual, .refuse, .next, number)) }
        let labels: [Target: Int] = [
            .allowed: code.count, .cloneCheck: code.count + 1, .refuse: code.count + 4, .enosys: code.count + 5
        ]
        code.append((give, .next, .next, allow))
        code.append((load, .next, .next, 16))
        code.append((jumpIfAnyBits, .refuse, .next, namespaceFlags))
        code.append((give, .next, .next, allow))
        code.append((give, .next, .next, 0x0005_0000 | UInt32(EPERM)))
        code.append((give, .next, .next, 0x0005_0000 | UInt32(ENOSYS)))
        return code.enumerated().map { index, step in
            func offset(_ target: Target) -> UInt8 { target == .next ? 0 : UInt8(labels[target]! - index - 1) }
            return instruction(step.0, offset(step.1), offset(step.2), step.3)
        }
    }

    /// The second filter, for a process that runs a test or a benchmark: no new process (`fork`,
    /// `vfork`, `clone` without CLONE_THREAD fail with EPERM). A process the submission started
    /// would live beside the runner, beyond the grader's reach: a child that spins while the
    /// reference is timed slows the reference on the CPU they share, and its CPU time is not the
    /// runner's. Threads stay (a lesson may allow them); the grader stops the runner's whole
    /// process, threads and all, while the reference is timed (`BenchmarkSession.paused`).
    public static func noNewProcessesProgram() -> [UInt64] {
        guard let native else { return [instruction(give, 0, 0, allow)] }
        let refuse = 0x0005_0000 | UInt32(EPERM)
        var code: [UInt64] = [instruction(load, 0, 0, 4)]
        // Another ABI's call: the first filter refuses it already; refused here too, on its own.
        code.append(instruction(jumpIfEqual, 1, 0, native.arch))
        code.append(instruction(give, 0, 0, refuse))
        code.append(instruction(load, 0, 0, 0))
        // Each fork number jumps to the refusal at the end, past the rest of the forks and the
        // four instructions of the `clone` check.
        for (index, number) in forks.enumerated() {
            code.append(instruction(jumpIfEqual, UInt8(forks.count - index - 1 + 4), 0, number))
        }
        code.append(instruction(jumpIfEqual, 0, 2, native.clone))  // clone: read its flags; anything else is allowed
        code.append(instruction(load, 0, 0, 16))
        code.append(instruction(jumpIfAnyBits, 0, 1, threadFlag))
        code.append(instruction(give, 0, 0, allow))
        code.append(instruction(give, 0, 0, refuse))
        return code
    }

    private static let load: UInt16 = 0x20, jumpIfEqual: UInt16 = 0x15, jumpIfAtLeast: UInt16 = 0x35
    private static let jumpIfAnyBits: UInt16 = 0x45, give: UInt16 = 0x06
    private static let allow: UInt32 = 0x7FFF_0000

    private static func instruction(_ code: UInt16, _ jt: UInt8, _ jf: UInt8, _ k: UInt32) -> UInt64 {
        UInt64(code) | UInt64(jt) << 16 | UInt64(jf) << 24 | UInt64(k) << 32
    }

    /// Installs `noNewProcessesProgram` on top of `program`; `false` when the kernel would not take it.
    public static func installNoNewProcesses() -> Bool {
        install(noNewProcessesProgram())
    }

    /// Installs the filter for this thread and every thread and process it starts; `false` when
    /// the kernel would not take it.
    public static func install() -> Bool {
        install(program())
    }

    private static func install(_ filter: [UInt64]) -> Bool {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        // prctl is variadic in C, so it is called through its address.
        guard let prctl = dlsym(dlopen(nil, RTLD_NOW), "prctl").map({ unsafeBitCast($0, to: Prctl.self) }) else { return false }
        guard prctl(38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0) == 0 else { return false }
        return filter.withUnsafeBufferPointer { instructions in
            // struct sock_fprog: the count, padded to 8 bytes, then the instructions' address.
            var header: [UInt64] = [UInt64(instructions.count), UInt64(UInt(bitPattern: instructions.baseAddress))]
            return header.withUnsafeMutableBufferPointer { fprog in
                prctl(22 /* PR_SET_SECCOMP */, 2 /* SECCOMP_MODE_FILTER */, UInt(bitPattern: fprog.baseAddress), 0, 0) == 0
            }
        }
    }
}
