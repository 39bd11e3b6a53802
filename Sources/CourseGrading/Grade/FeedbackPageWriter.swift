/// A self-contained HTML page for one graded submission, to hand back to the student: scores per
/// lesson and exercise, each failing test's name and message (never the hidden test's code),
/// compiler diagnostics against the student's own lines, and benchmark ratios as a small chart.
/// Every text is made visible (no control characters) and escaped on the way in.
public enum FeedbackPageWriter {
    /// The page for `report`.
    public static func page(_ report: GradeReport, courseTitle: String = "ResidualCourse") -> String {
        let report = report.displaySafe
        var body = "<h1>\(escape(courseTitle)): feedback for \(escape(report.submission))</h1>\n"
        body += "<p class=\"total\">\(score(report.score, report.maxScore)) points</p>\n"
        for lesson in report.lessons {
            body += "<section><h2>\(escape(lesson.title)) <span class=\"score\">\(score(lesson.score, lesson.maxScore))</span></h2>\n"
            if !lesson.missingFiles.isEmpty {
                body += "<p class=\"warn\">Not handed in (the stubs were used): \(lesson.missingFiles.map { "<code>\(escape($0))</code>" }.joined(separator: ", "))</p>\n"
            }
            body += lesson.fileNotes.map { "<p class=\"warn\">\(escape($0))</p>\n" }.joined()
            if let errors = lesson.compileErrors {
                body +=
                    "<p class=\"bad\">\(escape(lesson.compileErrorsHeading.prefix(1).uppercased() + lesson.compileErrorsHeading.dropFirst()))</p>\n<pre>\(escape(errors))</pre>\n"
            }
            if !lesson.apiErrors.isEmpty {
                body += "<p class=\"bad\">Your code does not fit the tests:</p>\n<ul>" + lesson.apiErrors.map { "<li><code>\(escape($0))</code></li>" }.joined() + "</ul>\n"
            }
            body += "<table><tr><th>Exercise</th><th>Points</th><th>Not passed</th></tr>\n"
            for exercise in lesson.exercises {
                let failing = exercise.items.filter { $0.status != .passed && $0.kind == .test }
                let list = failing.map { item in
                    "<li><strong>\(escape(GradeReport.readableName(item.name)))</strong> (\(item.status.rawValue))"
                        + (item.messages.isEmpty ? "" : "<pre>\(escape(item.messages.joined(separator: "\n")))</pre>") + "</li>"
                }.joined()
                body +=
                    "<tr><td>\(escape(exercise.id))</td><td>\(score(exercise.score, exercise.maxScore))</td><td>"
                    + (list.isEmpty ? "–" : "<ul>\(list)</ul>") + "</td></tr>\n"
            }
            body += "</table>\n"
            let benchmarks = lesson.exercises.flatMap { $0.items.filter { $0.kind == .benchmark } }
            if !benchmarks.isEmpty { body += benchmarkChart(benchmarks) }
            body += "</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Feedback: \(escape(report.submission))</title>
            <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
            table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #ddd; padding: .3rem .5rem; vertical-align: top; text-align: left; }
            pre { background: #f5f5f2; padding: .5rem; overflow-x: auto; white-space: pre-wrap; } .score, .total { color: #555; }
            .bad { color: #b3261e; } .warn { color: #8a5a00; } ul { margin: 0; padding-left: 1.2rem; }
            </style></head><body>
            \(body)</body></html>

            """
    }

    /// Bars of each benchmark's time ratio with its threshold as a line: under the line passes.
    static func benchmarkChart(_ items: [GradeReport.ItemGrade]) -> String {
        let parsed = items.map { item in (item.name, item.benchmark?.ratio, item.benchmark?.threshold, item.benchmark) }
        let largest = max(1, parsed.compactMap { max($0.3?.high ?? 0, $0.2 ?? 0) }.max() ?? 1) * 1.15
        let rowHeight = 34.0, width = 560.0, left = 170.0
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(rowHeight * Double(parsed.count) + 30))\" font-size=\"12\" font-family=\"sans-serif\">"
        for (index, (name, ratio, threshold, figures)) in parsed.enumerated() {
            let y = 10 + rowHeight * Double(index)
            let scale = (width - left - 20) / largest
            svg += "<text x=\"0\" y=\"\(y + 16)\">\(escape(name))</text>"
            if let ratio {
                let passed = threshold.map { ratio <= $0 } ?? false
                svg += "<rect x=\"\(left)\" y=\"\(y + 4)\" width=\"\(max(1, ratio * scale))\" height=\"16\" fill=\"\(passed ? "#2e7d32" : "#c62828")\"/>"
                if let figures {
                    // The ratio's 95 % interval as a whisker across the bar's end.
                    svg += "<line x1=\"\(left + figures.low * scale)\" x2=\"\(left + figures.high * scale)\" y1=\"\(y + 12)\" y2=\"\(y + 12)\" stroke=\"#111\"/>"
                }
                svg += "<text x=\"\(left + max(ratio, figures?.high ?? 0) * scale + 4)\" y=\"\(y + 16)\">\(GradeReport.points(ratio))×</text>"
            } else {
                svg += "<text x=\"\(left)\" y=\"\(y + 16)\" fill=\"#666\">not timed</text>"
            }
            if let threshold {
                svg += "<line x1=\"\(left + threshold * scale)\" x2=\"\(left + threshold * scale)\" y1=\"\(y)\" y2=\"\(y + 24)\" stroke=\"#333\" stroke-dasharray=\"3 2\"/>"
            }
        }
        svg += "</svg>"
        return "<h3>Benchmarks: your time as a multiple of the reference's (dashed: the threshold)</h3>\n<figure>\(svg)</figure>\n"
    }

    static func score(_ got: Double, _ max: Double) -> String { "\(GradeReport.points(got)) / \(GradeReport.points(max))" }

    /// Text for HTML, with any control character shown as visible text.
    static func escape(_ text: String) -> String { SafeText.html(text) }
}
