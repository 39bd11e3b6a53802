import Foundation

/// Gradescope's `results.json`, the fields this project writes (see Gradescope's autograder
/// specification): encoded with `JSONEncoder`, never assembled from strings.
struct GradescopeResults: Encodable {
    /// One graded item.
    struct Test: Encodable {
        var name: String
        var number: String
        var score: Double
        var maxScore: Double
        var status: String
        var output: String
        var outputFormat = "text"
        var visibility = "visible"

        enum CodingKeys: String, CodingKey {
            case name, number, score, status, output, visibility
            case maxScore = "max_score", outputFormat = "output_format"
        }
    }

    /// Why a submission could not be graded, for whoever reads the results afterwards.
    struct Fault: Encodable {
        var couldNotGrade = true
        var reason: String
        enum CodingKeys: String, CodingKey { case couldNotGrade = "could_not_grade", reason }
    }

    var score: Double
    var executionTime: Double?
    var output: String
    var outputFormat = "text"
    var visibility = "visible"
    var stdoutVisibility = "hidden"
    var tests: [Test]
    var extraData: Fault?

    enum CodingKeys: String, CodingKey {
        case score, output, visibility, tests
        case executionTime = "execution_time", outputFormat = "output_format"
        case stdoutVisibility = "stdout_visibility", extraData = "extra_data"
    }

    /// Pretty-printed JSON with sorted keys and a final newline.
    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

extension GradeReport {
    /// Gradescope's `results.json`: one test entry per graded item, named "lesson › exercise › test".
    ///
    /// Fields and values follow Gradescope's autograder specification: `score`, `execution_time`,
    /// `output`, `visibility`, `stdout_visibility`, and `tests[]` with `name`, `number`, `score`,
    /// `max_score`, `status` ("passed"/"failed"), `output`, `output_format` and `visibility`.
    /// Texts are made visible first: Gradescope shows them as text, and people read the file in terminals.
    public func gradescope(executionSeconds: Double) throws -> String {
        let report = displaySafe
        var tests: [GradescopeResults.Test] = []
        for (l, lesson) in report.lessons.enumerated() {
            for (e, exercise) in lesson.exercises.enumerated() {
                for (i, item) in exercise.items.enumerated() where item.status != .notRun {
                    var output = item.messages.joined(separator: "\n")
                    if let errors = lesson.compileErrors { output = "Your code does not compile:\n" + errors }
                    if !lesson.apiErrors.isEmpty { output = "Your code does not fit the tests:\n" + lesson.apiErrors.joined(separator: "\n") }
                    tests.append(.init(name: "\(lesson.title) › \(exercise.id) › \(Self.readableName(item.name))",
                                       number: "\(l + 1).\(e + 1).\(i + 1)", score: item.score, maxScore: item.maxScore,
                                       status: item.status == .passed ? "passed" : "failed", output: output,
                                       visibility: lesson.visibility ?? "visible"))
                }
            }
        }
        return try GradescopeResults(score: score, executionTime: executionSeconds.rounded(),
                                     output: "\(GradeReport.points(score)) of \(GradeReport.points(maxScore)) points.",
                                     tests: tests).encoded()
    }

    /// JUnit XML for CI systems: a testsuite per lesson, a testcase per graded item. Every text
    /// goes through `SafeText.xml`, so the document holds no character XML 1.0 forbids.
    public func junit() -> String {
        let report = displaySafe
        func attr(_ text: String) -> String { SafeText.xml(text, attribute: true) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let all = report.lessons.flatMap { $0.exercises.flatMap { $0.items.filter { $0.status != .notRun } } }
        let failures = all.filter { $0.status == .failed || $0.status == .notCompiled }.count
        let errors = all.filter { $0.status == .crashed || $0.status == .timedOut }.count
        out += "<testsuites name=\"\(attr(report.submission))\" tests=\"\(all.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for lesson in report.lessons {
            let items = lesson.exercises.flatMap { e in e.items.filter { $0.status != .notRun }.map { (e.id, $0) } }
            out += "  <testsuite name=\"\(attr(lesson.id))\" tests=\"\(items.count)\">\n"
            for (exercise, item) in items {
                out += "    <testcase classname=\"\(attr(lesson.id)).\(attr(exercise))\" name=\"\(attr(item.name))\">"
                let lines: [String]
                if let errors = lesson.compileErrors { lines = [errors] } else if !lesson.apiErrors.isEmpty { lines = lesson.apiErrors } else { lines = item.messages }
                let detail = SafeText.xml(lines.joined(separator: "\n"))
                switch item.status {
                case .passed, .notRun:
                    // What a benchmark measured is worth seeing when it passes too.
                    if item.benchmark != nil { out += "\n      <system-out>\(detail)</system-out>\n    " }
                case .failed, .notCompiled: out += "\n      <failure message=\"\(item.status.rawValue)\">\(detail)</failure>\n    "
                case .crashed, .timedOut: out += "\n      <error message=\"\(item.status.rawValue)\">\(detail)</error>\n    "
                }
                out += "</testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// `EulerStepHiddenTests/testZeroStep` → `testZeroStep`.
    static func readableName(_ name: String) -> String { String(name.split(separator: "/").last ?? Substring(name)) }
}
