import Foundation

/// Grading could not be done: the submission could not be read, or the grader itself could not
/// work (no sandbox, no compiler, no bundle). It is never a score: `course grade` exits 2, says
/// why on stderr, and any report it was asked for says "could not grade" and why.
public struct GradingFault: Error, LocalizedError, Equatable, Sendable {
    /// What went wrong, written for the person who can fix it ("bubblewrap could not start a sandbox: …").
    public var reason: String

    /// The exit status of a `course grade` that could not grade.
    public static let exitStatus: Int32 = 2

    public init(reason: String) {
        self.reason = reason
    }

    /// Any error met while grading, as a fault; a fault stays as it is.
    public init(_ error: any Error) {
        if let fault = error as? GradingFault {
            self = fault
        } else if let described = (error as? LocalizedError)?.errorDescription {
            reason = described
        } else {
            // Foundation's generic description ("The operation could not be completed") names nothing.
            reason = String(describing: error)
        }
    }

    public var errorDescription: String? { reason }

    /// The fault as a report in `format` for the submission named `submission`, in place of the
    /// grade: every format says plainly that nothing was graded, and why.
    public func report(_ format: GradeAction.Format, submission: String) throws -> String {
        let name = SafeText.visible(submission), why = SafeText.visible(reason)
        switch format {
        case .text:
            return "could not grade \(name): \(why)\n"
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let body = JSONFault(submission: submission, reason: reason)
            return String(decoding: try encoder.encode(body), as: UTF8.self) + "\n"
        case .gradescope:
            // Gradescope requires a score when no test carries one; the output and extra_data say it is not a grade.
            return try GradescopeResults(
                score: 0, executionTime: nil,
                output: "This submission could not be graded, so it has no grade yet (the 0 is a placeholder): \(why)",
                tests: [], extraData: .init(reason: why)).encoded()
        case .junit:
            let attribute = SafeText.xml(submission, attribute: true)
            return """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="\(attribute)" tests="1" failures="0" errors="1" skipped="0" time="0.000">
                  <testsuite name="could not grade" timestamp="\(JUnitReport.timestampText(Date()))" tests="1" failures="0" errors="1" skipped="0" time="0.000">
                    <properties></properties>
                    <testcase classname="grading" name="could not grade" time="0.000">
                      <error message="could not grade" type="grading fault">\(SafeText.xml(reason))</error>
                    </testcase>
                    <system-out></system-out>
                    <system-err></system-err>
                  </testsuite>
                </testsuites>

                """
        }
    }

    /// The project's JSON schema for a submission that could not be graded.
    private struct JSONFault: Encodable {
        var schema = "residualcourse-grade/1"
        var status = "could not grade"
        var submission: String
        var reason: String
    }
}
