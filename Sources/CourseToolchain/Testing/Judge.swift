import Foundation

/// What one test process left behind: how it ended, what it printed, and its transcript of
/// observations. Nothing in it is trusted; the `Judge` decides.
public struct TestRun: Sendable {
    public var name: String
    public var outcome: ProcessRunner.Outcome
    public var transcript: String
    /// Wall-clock seconds from asking for the test to its end, as the host saw it.
    public var seconds: Double = 0
}

/// Decides a test's verdict outside the test process, by replaying each of its assertions on
/// the values it observed.
///
/// The test process only reports values (`ObservationSource`); slots the blind form hid (the
/// expected constants) come from the *witness*: the same test run against the reference
/// solution, whose transcript never enters a student's sandbox. A test passes when it ran
/// exactly the witness's assertions, in the same order, every one holds, and the process ended
/// normally. So writing "passed" anywhere earns nothing: a forger must produce the values the
/// reference produced, which is the exercise.
///
/// NaN never satisfies a comparison, and infinities satisfy only exact equality with the same
/// infinity: wrong arithmetic must not pass through a tolerance.
public struct Judge: Sendable {
    /// Assertion sites by id (from the generated tests).
    public var sites: [Int: AssertionSite]
    /// Show expected values in failure messages (instructors; or students when a course allows).
    public var revealsExpected = false
    /// Prefix failure messages with the lesson line of the assertion (instructors only).
    public var showsLines = false
    /// The lesson file, for lines.
    public var lessonFile = ""
    /// Whether the process ran in the sandbox (which reports a signal as exit status 128 + N).
    public var sandboxed = false

    public init(sites: [AssertionSite]) {
        self.sites = Dictionary(sites.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The sites a grader bundle lists for a lesson (`tests/sites.json`).
    public init(sitesFile: URL) throws {
        self.init(sites: try JSONDecoder().decode([AssertionSite].self, from: Data(contentsOf: sitesFile)))
    }

    /// The verdict on `run`, judged against the witness's observations of the same test.
    /// `blind`: the run hid the constant slots (a student's run); otherwise every slot is its own.
    public func verdict(_ run: TestRun, witness: [Observation], blind: Bool) -> TestVerdict {
        let outcome = run.outcome
        if outcome.timedOut { return TestVerdict(name: run.name, status: .timedOut, messages: ["no result within the time limit"]) }
        guard let observed = Observation.transcript(run.transcript) else {
            return TestVerdict(name: run.name, status: .failed, messages: ["the test's record of its checks is damaged (something wrote to it)"])
        }
        for (index, observation) in observed.enumerated() {
            guard index < witness.count, observation.site == witness[index].site, let site = sites[observation.site] else {
                return TestVerdict(name: run.name, status: .failed, messages: [outOfOrder(observation, at: index, witness: witness)])
            }
            if let failure = judge(observation, witness: witness[index], site: site, blind: blind) {
                return TestVerdict(name: run.name, status: .failed, messages: ResultFile.cap([failure]))
            }
        }
        let signal = outcome.signal ?? (sandboxed && outcome.status > 128 && outcome.status < 160 ? outcome.status - 128 : nil)
        if let signal {
            let how = signal == SIGXFSZ ? "stopped: printed or wrote more than the sandbox allows" : "crashed (signal \(signal))"
            return TestVerdict(name: run.name, status: .crashed, messages: ResultFile.cap([how] + crashLines(outcome.output)))
        }
        if outcome.status != 0 {
            let how =
                observed.count < witness.count
                ? "the test stopped with an error before all its checks ran"
                : "the test ended with an error (exit status \(outcome.status))"
            return TestVerdict(name: run.name, status: .failed, messages: ResultFile.cap([how] + crashLines(outcome.output)))
        }
        if observed.count != witness.count {
            return TestVerdict(
                name: run.name, status: .failed,
                messages: [
                    observed.count < witness.count
                        ? "the test ended before all its checks ran (did your code exit?)"
                        : "the test ran more checks than with the reference solution"
                ])
        }
        return TestVerdict(name: run.name, status: .passed, messages: [])
    }

    /// What a run did where it left the witness's order of checks: an `XCTFail` the reference
    /// never reaches (a `guard … else { XCTFail(…) }` that caught the code), a check more, or
    /// another check. The author's message stays hidden: the witness never evaluated it.
    private func outOfOrder(_ observation: Observation, at index: Int, witness: [Observation]) -> String {
        let reached = sites[observation.site]
        let expected = index < witness.count ? sites[witness[index].site] : nil
        var text =
            reached?.kind == .fail
            ? "the test reached an XCTFail that it never reaches with the reference solution"
            : expected == nil
                ? "the test ran more checks than with the reference solution"
                : "the test's checks ran in another order than with the reference solution"
        text += " (check \(index + 1)"
        if let reached, let expected, reached.kind != .fail, reached.kind != expected.kind {
            text += ": \(reached.kind.xctestName) where the reference's run makes \(expected.kind.xctestName)"
        }
        if showsLines, let reached { text += "; \(lessonFile):\(reached.line)" }
        return text + ")"
    }

    /// Why the process stopped; with the lesson's path for its file ids when lines are shown.
    private func crashLines(_ output: String) -> [String] {
        TestRunner.crashLines(output).map { showsLines ? LessonFileIDs.readable($0, lessonFile: lessonFile) : $0 }
    }

    /// `nil` when the assertion holds; otherwise the message for the student.
    func judge(_ observation: Observation, witness: Observation, site: AssertionSite, blind: Bool) -> String? {
        var values = observation.slots
        for slot in 0..<4 where blind && site.hiddenMask & (1 << slot) != 0 {
            guard values[slot] == .hidden else { return message(site, "the test's record of its checks is damaged", witness: witness, own: observation) }
            values[slot] = witness.slots[slot]
        }
        if values.prefix(4).contains(.hidden) { return message(site, "the test's record of its checks is damaged", witness: witness, own: observation) }
        if values.prefix(3).contains(.threw) { return message(site, "\(site.kind.xctestName) failed: an operand threw an error", witness: witness, own: observation) }
        let (a, b, accuracy, inProcess) = (values[0], values[1], values[2], values[Observation.inProcessSlot])
        let holds: Bool
        switch site.kind {
        case .isTrue, .isNil, .notNil, .identical, .notIdentical, .throwsError, .noThrow, .unwrap: holds = a == .bool(true)
        case .isFalse: holds = a == .bool(false)
        case .fail: holds = false
        case .equal: holds = accuracy == .absent ? Self.equal(a, b, inProcess: inProcess) : Self.close(a, b, within: accuracy) == true
        case .notEqual:
            holds =
                accuracy == .absent
                ? Self.equal(a, b, inProcess: inProcess.negated) == false
                : Self.close(a, b, within: accuracy) == false
        case .greater: holds = Self.order(a, b, inProcess) { $0 > 0 }
        case .greaterOrEqual: holds = Self.order(a, b, inProcess) { $0 >= 0 }
        case .less: holds = Self.order(a, b, inProcess) { $0 < 0 }
        case .lessOrEqual: holds = Self.order(a, b, inProcess) { $0 <= 0 }
        }
        if holds { return nil }
        return message(site, failureText(site, own: observation.slots, witness: witness.slots, values: values), witness: witness, own: observation)
    }

    /// `XCTAssertEqual failed: 0.5`. Without `revealsExpected`, the run's own values only: where
    /// the blind form hid one operand (the expected constant), the other in full; where it hid
    /// neither, the expected value is one it could not hide (`Cost(parameters: 341_440, …)`, a
    /// table's tuple, a value of a type with an `init` of its own), so each operand shows only
    /// the parts where it is not the witness's: the code's own wrong values. An expected value,
    /// built alike in both runs, never shows, whatever its type.
    private func failureText(_ site: AssertionSite, own: [ObservedValue], witness: [ObservedValue], values: [ObservedValue]) -> String {
        var text = "\(site.kind.xctestName) failed"
        switch site.kind {
        case .equal, .notEqual, .greater, .greaterOrEqual, .less, .lessOrEqual:
            let oneHidden = own.prefix(2).contains(.hidden)
            let shown =
                revealsExpected
                ? (0..<2).map { Self.describe(values[$0]) + (own[$0] == .hidden ? " (expected)" : "") }
                : (0..<2).compactMap { slot -> String? in
                    guard own[slot] != .hidden, own[slot] != .absent else { return nil }
                    return oneHidden ? Self.describe(own[slot]) : Self.describe(own[slot], apartFrom: witness[slot])
                }
            if !shown.isEmpty { text += ": " + shown.joined(separator: " vs ") }
            if revealsExpected, values[2] != .absent { text += " (accuracy \(Self.describe(values[2])))" }
        default: break
        }
        return text
    }

    private func message(_ site: AssertionSite, _ text: String, witness: Observation, own: Observation) -> String {
        var out = showsLines ? "\(lessonFile):\(site.line): " : ""
        out += text
        if case .string(let author) = witness.slots[Observation.messageSlot], !author.isEmpty {
            var theirs: String?
            if case .string(let recorded) = own.slots[Observation.messageSlot] { theirs = recorded }
            out += " — " + AuthorMessageParts.shown(witness: author, own: theirs)
        }
        return out
    }

    // MARK: - Comparisons

    /// Numbers as Double for comparison, with their precision; `nil` for other values.
    private static func number(_ value: ObservedValue) -> (value: Double, isFloat: Bool, exactInteger: Int64?)? {
        switch value {
        case .double(let d): (d, false, nil)
        case .float(let f): (Double(f), true, nil)
        case .int(let i): (Double(i), false, i)
        case .uint(let u): (Double(u), false, Int64(exactly: u))
        default: nil
        }
    }

    /// Exact equality, element by element; `nil` when a value cannot be compared here.
    static func equal(_ a: ObservedValue, _ b: ObservedValue, inProcess: ObservedValue) -> Bool {
        if a == .opaque || b == .opaque { return inProcess == .bool(true) }
        // The lesson's own types: their `==` (support code, or the student's own type) when both
        // sides were evaluated in the test; their stored parts against a hidden constant.
        if case .structure = a, case .bool(let holds) = inProcess { return holds }
        return strictlyEqual(a, b) ?? false
    }

    private static func strictlyEqual(_ a: ObservedValue, _ b: ObservedValue) -> Bool? {
        if let x = number(a), let y = number(b) {
            if let i = x.exactInteger, let j = y.exactInteger { return i == j }
            if x.value.isNaN || y.value.isNaN { return false }
            return x.value == y.value
        }
        switch (a, b) {
        case (.list(let xs), .list(let ys)), (.structure(let xs), .structure(let ys)):
            guard xs.count == ys.count else { return false }
            for (x, y) in zip(xs, ys) where strictlyEqual(x, y) != true { return false }
            return true
        case (.opaque, _), (_, .opaque): return nil
        default: return a == b
        }
    }

    /// `|a − b| ≤ accuracy` for finite numbers (in Float when both are Floats); lists element-wise.
    static func close(_ a: ObservedValue, _ b: ObservedValue, within accuracy: ObservedValue) -> Bool? {
        guard let tolerance = number(accuracy), tolerance.value.isFinite else { return nil }
        if let x = number(a), let y = number(b) {
            guard x.value.isFinite, y.value.isFinite else { return nil }
            if x.isFloat && y.isFloat && tolerance.isFloat { return abs(Float(x.value) - Float(y.value)) <= Float(tolerance.value) }
            return abs(x.value - y.value) <= tolerance.value
        }
        if case .list(let xs) = a, case .list(let ys) = b {
            guard xs.count == ys.count else { return false }
            for (x, y) in zip(xs, ys) {
                guard let near = close(x, y, within: accuracy) else { return nil }
                if !near { return false }
            }
            return true
        }
        return nil
    }

    /// Orders finite numbers or strings; opaque values by the in-process result.
    private static func order(_ a: ObservedValue, _ b: ObservedValue, _ inProcess: ObservedValue, _ test: (Int) -> Bool) -> Bool {
        if let x = number(a), let y = number(b) {
            guard x.value.isFinite, y.value.isFinite else { return false }
            if let i = x.exactInteger, let j = y.exactInteger { return test(i < j ? -1 : i == j ? 0 : 1) }
            return test(x.value < y.value ? -1 : x.value == y.value ? 0 : 1)
        }
        if case .string(let s) = a, case .string(let t) = b { return test(s < t ? -1 : s == t ? 0 : 1) }
        if a == .opaque || b == .opaque { return inProcess == .bool(true) }
        // A lesson type's own `<` decides: its stored parts have no order of their own.
        if case .structure = a { return inProcess == .bool(true) }
        return false
    }

    /// `describe(value)` with every part equal to the same part of `witness` written `…`; `nil`
    /// when the whole value is the witness's. Lists and tuples of the same length are compared
    /// part by part; anything else is the value's own or not at all.
    static func describe(_ value: ObservedValue, apartFrom witness: ObservedValue) -> String? {
        if value == witness { return nil }
        switch (value, witness) {
        case (.list(let xs), .list(let ws)) where xs.count == ws.count:
            let parts = zip(xs.prefix(6), ws).map { describe($0, apartFrom: $1) ?? "…" }
            if parts.allSatisfy({ $0 == "…" }), let first = xs.indices.first(where: { xs[$0] != ws[$0] }) {
                return "[… (\(xs.count) values; the first that differs, at index \(first): \(describe(xs[first], apartFrom: ws[first]) ?? "…"))]"
            }
            return "[" + parts.joined(separator: ", ") + (xs.count > 6 ? ", … (\(xs.count) values)" : "") + "]"
        case (.structure(let xs), .structure(let ws)) where xs.count == ws.count:
            return "(" + zip(xs.prefix(6), ws).map { describe($0, apartFrom: $1) ?? "…" }.joined(separator: ", ") + (xs.count > 6 ? ", …" : "") + ")"
        default:
            return describe(value)
        }
    }

    /// A short rendering of a value for messages.
    static func describe(_ value: ObservedValue) -> String {
        switch value {
        case .double(let d): return "\(d)"
        case .float(let f): return "\(f)"
        case .int(let i): return "\(i)"
        case .uint(let u): return "\(u)"
        case .bool(let b): return "\(b)"
        case .string(let s): return "\"" + String(s.prefix(80)) + (s.count > 80 ? "…" : "") + "\""
        case .list(let xs):
            let shown = xs.prefix(6).map(describe).joined(separator: ", ")
            return "[" + shown + (xs.count > 6 ? ", … (\(xs.count) values)" : "") + "]"
        case .structure(let xs): return "(" + xs.prefix(6).map(describe).joined(separator: ", ") + (xs.count > 6 ? ", …" : "") + ")"
        case .none: return "nil"
        case .opaque: return "(a value the grader cannot show)"
        case .threw: return "(an error)"
        case .hidden, .absent: return "(hidden)"
        }
    }
}

private extension ObservedValue {
    /// The in-process result of `!=` read as one of `==`.
    var negated: ObservedValue {
        if case .bool(let b) = self { return .bool(!b) }
        return self
    }
}
