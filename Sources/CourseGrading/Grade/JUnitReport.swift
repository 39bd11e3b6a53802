import Foundation

/// JUnit XML as Ant's `XMLJUnitResultFormatter` writes it, which is what CI systems read:
/// `<testsuites>` with a `<testsuite>` per lesson and a `<testcase>` per graded item.
///
/// Every count the schema requires is present (`tests`, `failures`, `errors`, `skipped`,
/// `time`), a failed item carries `<failure type=…>`, a crash or timeout `<error type=…>`, and a
/// benchmark that was not timed is `<skipped>` rather than a failure. Points live in
/// `<properties>` (per lesson) and in each case's `<system-out>`, since the format has no field
/// for them. Tests/CourseKitTests/Fixtures/junit/ holds the schema the suite validates against.
struct JUnitReport {
    var report: GradeReport
    var timestamp: Date

    func document() -> String {
        let report = report.displaySafe
        let suites = report.lessons.map(Suite.init)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"\(attr(report.submission))\" tests=\"\(suites.sum(\.tests))\" failures=\"\(suites.sum(\.failures))\""
            + " errors=\"\(suites.sum(\.errors))\" skipped=\"\(suites.sum(\.skipped))\" time=\(seconds(suites.reduce(0) { $0 + $1.time }))>\n"
        for (index, suite) in suites.enumerated() { out += render(suite, id: index) }
        return out + "</testsuites>\n"
    }

    /// One lesson's items and their counts.
    private struct Suite {
        var lesson: GradeReport.LessonGrade
        var cases: [(exercise: String, item: GradeReport.ItemGrade)]
        init(_ lesson: GradeReport.LessonGrade) {
            self.lesson = lesson
            cases = lesson.exercises.flatMap { exercise in exercise.items.map { (exercise.id, $0) } }
        }
        var tests: Int { cases.count }
        var failures: Int { cases.filter { [.failed, .notCompiled].contains($0.item.status) }.count }
        var errors: Int { cases.filter { [.crashed, .timedOut].contains($0.item.status) }.count }
        var skipped: Int { cases.filter { $0.item.status == .notRun }.count }
        var time: Double { cases.reduce(0) { $0 + ($1.item.seconds ?? 0) } }
    }

    private func render(_ suite: Suite, id: Int) -> String {
        let lesson = suite.lesson
        var out =
            "  <testsuite name=\"\(attr(lesson.id))\" id=\"\(id)\" package=\"\(attr(lesson.id))\""
            + " timestamp=\"\(Self.timestampText(timestamp))\" tests=\"\(suite.tests)\" failures=\"\(suite.failures)\""
            + " errors=\"\(suite.errors)\" skipped=\"\(suite.skipped)\" time=\(seconds(suite.time))>\n"
        out += "    <properties>\n"
        for (name, value) in [
            ("title", lesson.title), ("score", GradeReport.points(lesson.score)),
            ("max_score", GradeReport.points(lesson.maxScore))
        ] {
            out += "      <property name=\"\(name)\" value=\"\(attr(value))\"/>\n"
        }
        out += "    </properties>\n"
        // Why the whole lesson failed, where it did: shown once per case that it decided.
        let lessonProblem: [String]? =
            lesson.compileErrors.map { [lesson.compileErrorsHeading.prefix(1).uppercased() + lesson.compileErrorsHeading.dropFirst(), $0] }
            ?? (lesson.apiErrors.isEmpty ? nil : ["Your code does not fit the tests:"] + lesson.apiErrors)
        for (exercise, item) in suite.cases {
            out += "    <testcase classname=\"\(attr(lesson.id)).\(attr(exercise))\" name=\"\(attr(item.name))\" time=\(seconds(item.seconds ?? 0))>\n"
            let detail = SafeText.xml(((item.status == .notCompiled ? lessonProblem : nil) ?? item.messages).joined(separator: "\n"))
            let summary = attr(item.messages.first ?? item.status.rawValue)
            switch item.status {
            case .passed: break
            case .notRun: out += "      <skipped message=\"\(summary)\"/>\n"
            case .failed, .notCompiled:
                out += "      <failure message=\"\(summary)\" type=\"\(item.status == .failed ? "assertion" : "compilation")\">\(detail)</failure>\n"
            case .crashed, .timedOut:
                out += "      <error message=\"\(summary)\" type=\"\(item.status == .crashed ? "crash" : "timeout")\">\(detail)</error>\n"
            }
            var said = ["points: \(GradeReport.points(item.score)) of \(GradeReport.points(item.maxScore))"]
            if item.benchmark != nil { said += item.messages }  // what a benchmark measured is worth seeing when it passes too
            out += "      <system-out>\(SafeText.xml(said.joined(separator: "\n")))</system-out>\n"
            out += "    </testcase>\n"
        }
        return out + "    <system-out></system-out>\n    <system-err></system-err>\n  </testsuite>\n"
    }

    private func attr(_ text: String) -> String { SafeText.xml(text, attribute: true) }

    /// A quoted `xs:decimal` of seconds, to the millisecond.
    private func seconds(_ value: Double) -> String { "\"" + String(format: "%.3f", max(0, value.isFinite ? value : 0)) + "\"" }

    /// ISO 8601 without a zone, as the Ant schema's `timestamp` wants (`xs:dateTime`, UTC).
    static func timestampText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date)
    }
}

private extension Array {
    func sum(_ count: (Element) -> Int) -> Int { reduce(0) { $0 + count($1) } }
}
