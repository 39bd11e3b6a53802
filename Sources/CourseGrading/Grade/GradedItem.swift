import CourseToolchain

/// One thing that earns points: a hidden test or a benchmark, with its share of the exercise.
public struct GradedItem: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case test, benchmark }
    public var kind: Kind
    /// `Class/testName` for tests, the benchmark id for benchmarks.
    public var name: String
    public var exercise: String
    public var points: Double

    package init(kind: Kind, name: String, exercise: String, points: Double) {
        self.kind = kind
        self.name = name
        self.exercise = exercise
        self.points = points
    }
}

/// What a failing hidden test shows: its name, which check failed and the student's own value,
/// with the author's message (`messages`, the default), or also the expected value (`values`), or
/// only how it failed (`verdicts`).
///
/// The submission's code receives the hidden tests' inputs, and under `messages` and `values`
/// whatever it makes of them reaches the report: its own value in a failed check, the text it
/// crashes with. A student can fail a test on purpose to read its inputs that way. `verdicts`
/// shows nothing the code computed or printed, for courses where inputs must stay hidden.
public enum HiddenTestFeedback: String, Codable, Sendable, CaseIterable {
    case messages, values, verdicts

    /// What the student reads of `verdict`.
    package func shown(_ verdict: TestVerdict) -> [String] {
        guard self == .verdicts else { return verdict.messages }
        return verdict.status == .passed ? [] : ["the test did not pass (this lesson shows only whether each hidden test passed)"]
    }

    /// The status the student sees: under `verdicts` only passed or failed. Which way a test
    /// failed (a check, a crash, the clock) is the code's to choose, so it would carry about
    /// 1.6 bits of the inputs per test (a red team made a submission pick it from them).
    package func shownStatus(_ status: TestVerdict.Status) -> TestVerdict.Status {
        self == .verdicts && status != .passed ? .failed : status
    }

    /// What the student reads of why a benchmark was not timed: under `verdicts`, not what the
    /// code printed as it crashed nor the value it got wrong, which carry the workload's inputs.
    package func shownBenchmarkProblem(_ problem: String, crashed: Bool) -> [String] {
        guard self == .verdicts else { return [problem] }
        return [
            crashed
                ? "the benchmark crashed or did not finish (this lesson shows no output of its benchmarks)"
                : "the benchmark's results are not the reference's, or its runner broke the protocol (this lesson shows no values)"
        ]
    }

    /// Whether a test's or benchmark's wall-clock time may be reported: a submission can make it
    /// whatever it likes, so under `verdicts` it could carry what the code read.
    var showsTimes: Bool { self != .verdicts }
}
