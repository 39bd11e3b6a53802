import Foundation

/// The views of a `GradeReport` that `course grade --format` offers.
public enum ReportFormat: String, CaseIterable, Sendable { case text, json, gradescope, junit }

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
        var lessonProblems: [String] = []
        for (l, lesson) in report.lessons.enumerated() {
            // Why a whole lesson scored nothing goes to the top of the page, once; its tests point there.
            var problem: String?
            if let errors = lesson.compileErrors {
                problem = "your code does not compile"
                lessonProblems.append("\(lesson.title): \(lesson.compileErrorsHeading)\n" + errors)
            } else if !lesson.apiErrors.isEmpty {
                problem = "your code does not fit the tests"
                lessonProblems.append("\(lesson.title): your code does not fit the tests:\n" + lesson.apiErrors.joined(separator: "\n"))
            }
            for (e, exercise) in lesson.exercises.enumerated() {
                let items = exercise.items.enumerated().filter { $0.element.status != .notRun }
                let maxima = Self.centsSummingExactly(items.map(\.element.maxScore))
                for ((i, item), maxScore) in zip(items, maxima) {
                    var output = item.messages.joined(separator: "\n")
                    if item.status == .notCompiled, let problem { output = "Not run: \(problem) (see the top of this page)." }
                    let name = item.kind == .benchmark ? "benchmark \(item.name) (speed against the reference)" : Self.readableName(item.name)
                    let score = item.score >= item.maxScore ? maxScore : min(maxScore, Self.cents(item.score))
                    tests.append(
                        .init(
                            name: "\(lesson.title) › \(exercise.id) › \(name)",
                            number: "\(l + 1).\(e + 1).\(i + 1)", score: score, maxScore: maxScore,
                            status: item.status == .passed ? "passed" : "failed", output: output,
                            visibility: lesson.visibility ?? "visible"))
                }
            }
        }
        // The total is the sum of what the tests show, so the page adds up.
        let total = Self.cents(tests.reduce(0) { $0 + $1.score })
        let maximum = Self.cents(tests.reduce(0) { $0 + $1.maxScore })
        // Which files were graded, where that is not simply the student's: on Gradescope the top
        // of the page is the only place an unread upload (a `.rar`, a backup copy, a name in
        // another case) can show, and the tests' failures alone read like wrong code.
        var intake = report.lessons.flatMap { lesson in
            (lesson.missingFiles.isEmpty ? [] : ["\(lesson.title): not found in your upload, so the stubs were graded: \(lesson.missingFiles.joined(separator: ", "))"])
                + lesson.fileNotes.filter { (lesson.visibility ?? "visible") == "visible" || !$0.contains(Grader.notGradedAgain) }
                .map { "\(lesson.title): \($0)" }
        }
        if report.lessons.contains(where: { !$0.missingFiles.isEmpty }) {
            intake.append("Upload your .swift files from exercises/Sources/ (or a .zip or .tar.gz of them).")
        }
        // The output is always shown: with tests held back (a lesson's `visibility`), its total
        // would tell a student how the held-back tests went, one resubmission at a time.
        let shown = tests.filter { $0.visibility == "visible" }
        let held = tests.count - shown.count
        let headline =
            held == 0
            ? "\(GradeReport.points(total)) of \(GradeReport.points(maximum)) points."
            : (shown.isEmpty
                ? "Your results are shown when the course releases them."
                : "\(GradeReport.points(Self.cents(shown.reduce(0) { $0 + $1.score }))) of "
                    + "\(GradeReport.points(Self.cents(shown.reduce(0) { $0 + $1.maxScore }))) points in the tests shown now; "
                    + "the other \(held) test\(held == 1 ? " is" : "s are") shown when the course releases them.")
        let output = ([headline] + intake + lessonProblems).joined(separator: "\n\n")
        return try GradescopeResults(score: total, executionTime: executionSeconds.rounded(), output: output, tests: tests).encoded()
    }

    /// `value` rounded to hundredths.
    static func cents(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// `values` rounded to hundredths so that they add up to their rounded sum (largest
    /// remainders get the spare cents), so 11 points in three shares show as 3.67, 3.67, 3.66.
    static func centsSummingExactly(_ values: [Double]) -> [Double] {
        guard !values.isEmpty else { return [] }
        let target = Int((values.reduce(0, +) * 100).rounded())
        var floors = values.map { Int(($0 * 100).rounded(.down)) }
        let byRemainder = values.indices.sorted { values[$0] * 100 - Double(floors[$0]) > values[$1] * 100 - Double(floors[$1]) }
        var spare = target - floors.reduce(0, +)
        for index in byRemainder where spare > 0 {
            floors[index] += 1
            spare -= 1
        }
        return floors.map { Double($0) / 100 }
    }

    /// JUnit XML for CI systems (see `JUnitReport`); `timestamp` is when grading ran.
    public func junit(timestamp: Date = Date()) -> String { JUnitReport(report: self, timestamp: timestamp).document() }

    /// `EulerStepHiddenTests/testZeroStep` → `testZeroStep`.
    static func readableName(_ name: String) -> String { String(name.split(separator: "/").last ?? Substring(name)) }
}
