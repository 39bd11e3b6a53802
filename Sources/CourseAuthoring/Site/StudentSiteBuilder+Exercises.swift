import CourseToolchain
import HandinRules

/// The boxes of a lesson page that stand for code blocks with a role: exercises, benchmarks, figures.
extension StudentSiteBuilder {
    /// The path of an exercise's file as students find it after unzipping `exercises.zip`.
    static func studentPath(_ exercise: Exercise, in lesson: Lesson) -> String {
        "exercises/" + packagePath(exercise, in: lesson)
    }

    /// The same path from inside `exercises/`, where the start page has the student's terminal.
    static func packagePath(_ exercise: Exercise, in lesson: Lesson) -> String {
        "Sources/\(lesson.moduleName)/\(exercise.fileName)"
    }

    /// The command that runs an exercise's visible tests, from inside `exercises/`.
    static func testCommand(_ exercise: Exercise, in lesson: Lesson) -> String? {
        guard let block = lesson.tests(for: exercise.id, hidden: false).first else { return nil }
        return "swift test --filter \(lesson.testModuleName).\(block.className)"
    }

    /// An exercise as students get it: everything they need to work on it in one box.
    func exerciseBox(_ exercise: Exercise, in lesson: Lesson) -> String {
        let title = exercise.title.map { ": \(Self.inlineHTML($0))" } ?? ""
        let points = SwiftSourceBuilder.format(points: exercise.points)
        let headingId = "exercise-\(exercise.id)-title"
        var box =
            "<section class=\"exercise\" id=\"exercise-\(exercise.id)\" aria-labelledby=\"\(headingId)\">"
            + "<h3 id=\"\(headingId)\">Exercise \(exercise.id)\(title) <span class=\"points\">\(points)</span></h3>\n<dl>"
            + "<dt>File</dt><dd><code>\(HTMLEscaping.escape(Self.studentPath(exercise, in: lesson)))</code></dd>"
            + "<dt>Points</dt><dd>\(points), earned by hidden tests run when your work is graded</dd>"
        for benchmark in lesson.benchmarks where benchmark.exercise == exercise.id {
            box +=
                "<dt>Benchmark</dt><dd>timed against the reference solution: it may take at most "
                + "\(Self.format(threshold: benchmark.threshold))× the reference's time</dd>"
        }
        box += Self.gradingRules(lesson)
        if let command = Self.testCommand(exercise, in: lesson) {
            box += "<dt>Visible tests</dt><dd>run them in <code>exercises/</code> with <code>\(HTMLEscaping.escape(command))</code></dd>"
        }
        box += "</dl>\n" + Self.code(exercise.stubCode)
        let visible = lesson.tests(for: exercise.id, hidden: false)
        if !visible.isEmpty {
            box +=
                "<details class=\"tests\" open><summary>Visible tests (in <code>exercises/Tests/\(lesson.testModuleName)/VisibleTests.swift</code>)</summary>\n"
                + Self.code(visible.map(\.snippet.code).joined(separator: "\n")) + "</details>\n"
        }
        if instructorEdition {
            box +=
                "<details class=\"solution\"><summary>Reference solution (instructors)</summary>\n"
                + Self.code(exercise.solutionCode) + "</details>\n"
        }
        return box + "</section>\n"
    }

    /// What the grader refuses in this lesson beyond the course's rules, and what it allows that
    /// they refuse (front matter `refuse`, `allow`): students read it before `handin` tells them.
    static func gradingRules(_ lesson: Lesson) -> String {
        var rules = ""
        if !lesson.meta.refuses.isEmpty {
            let names = lesson.meta.refuses.map { "<code>\(HTMLEscaping.escape($0))</code>" }.joined(separator: ", ")
            let pronoun = lesson.meta.refuses.count == 1 ? "it" : "them"
            rules += "<dt>Write it yourself</dt><dd>graded code may not use \(names) of the support library: the lesson asks you to write \(pronoun)</dd>"
        }
        if !lesson.meta.allows.isEmpty {
            let categories = lesson.meta.allows.map { HTMLEscaping.escape(AdmissionLists.optIns[$0] ?? $0) }.joined(separator: ", ")
            rules += "<dt>Also allowed</dt><dd>\(categories), which graded code may not use in other lessons</dd>"
        }
        return rules
    }

    /// Where a benchmark block stands: its threshold for students; its workload for instructors only.
    func benchmarkNote(_ info: InfoString, code: String) -> String {
        let exercise = HTMLEscaping.escape(info.value("exercise")?.value ?? "")
        let threshold = info.value("threshold")?.value ?? "?"
        let shown = Double(threshold).map(Self.format(threshold:)) ?? HTMLEscaping.escape(threshold)
        var text =
            "<p class=\"benchmark\">When graded, <a href=\"#exercise-\(exercise)\">exercise \(exercise)</a> is timed against "
            + "the reference solution: it may take at most \(shown)× the reference's time.</p>\n"
        if instructorEdition {
            text += "<details class=\"benchmark-spec\"><summary>Benchmark workload (instructors)</summary>\n" + Self.code(code) + "</details>\n"
        }
        return text
    }

    /// `2` for 2.0, `1.5` for 1.5.
    static func format(threshold: Double) -> String {
        threshold == threshold.rounded() ? String(Int(threshold)) : String(threshold)
    }

    /// A figure as an image with a text alternative (its caption), so a screen reader reads one
    /// sentence instead of every tick label of the SVG.
    func figure(id: String, title: String?, lesson: Lesson) -> String {
        let label = HTMLEscaping.escape(title.map(Self.titleText) ?? "Figure \(id)")
        let caption = title.map { "<figcaption>\(Self.inlineHTML($0))</figcaption>" } ?? ""
        guard var svg = figures[FigureRenderer.key(lesson, id)] else {
            return "<figure id=\"figure-\(id)\"><p>(figure \(id) was not drawn)</p>\(caption)</figure>\n"
        }
        if let open = svg.range(of: "<svg") {
            svg.replaceSubrange(open, with: "<svg role=\"img\" aria-label=\"\(label)\"")
        }
        return "<figure id=\"figure-\(id)\">\n\(svg)\(caption)</figure>\n"
    }
}
