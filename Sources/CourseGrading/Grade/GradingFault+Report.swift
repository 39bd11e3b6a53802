import CourseToolchain
import Foundation

extension GradingFault {
    /// The fault as a report in `format` for the submission named `submission`, in place of the
    /// grade: every format says plainly that nothing was graded, and why.
    public func report(_ format: ReportFormat, submission: String) throws -> String {
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
                tests: [], extraData: .init(reason: why)
            ).encoded()
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
