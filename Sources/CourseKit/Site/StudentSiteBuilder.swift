import Foundation

/// Renders the course as static HTML pages: an index and one page per lesson.
///
/// The student edition shows each exercise as students get it (the stub), its points and its
/// visible tests; hidden tests, solutions and benchmark thresholds are never written.
public struct StudentSiteBuilder {
    public let course: Course
    public var courseTitle = "ResidualCourse"

    public init(course: Course) { self.course = course }

    /// Every page by file name.
    public func tree() -> FileTree {
        var tree = FileTree()
        tree["index.html"] = page(title: courseTitle, body: indexBody())
        tree["style.css"] = Self.stylesheet
        for (index, lesson) in course.lessons.enumerated() {
            let previous = index > 0 ? course.lessons[index - 1] : nil
            let next = index + 1 < course.lessons.count ? course.lessons[index + 1] : nil
            tree[Self.pageName(lesson)] = page(title: lesson.meta.title, body: lessonBody(lesson, previous: previous, next: next))
        }
        return tree
    }

    static func pageName(_ lesson: Lesson) -> String { "\(lesson.meta.id).html" }

    func indexBody() -> String {
        var out = "<h1>\(HTMLRenderer.escape(courseTitle))</h1>\n<ol class=\"lessons\">\n"
        for lesson in course.lessons {
            out += "<li><a href=\"\(Self.pageName(lesson))\">\(HTMLRenderer.escape(lesson.meta.title))</a>"
            out += " <span class=\"points\">\(SwiftSourceBuilder.format(points: lesson.points))</span>"
            if let summary = lesson.meta.summary { out += "<p>\(HTMLRenderer.escape(summary))</p>" }
            out += "<ul class=\"objectives\">" + lesson.meta.objectives.map { "<li>\(HTMLRenderer.escape($0))</li>" }.joined() + "</ul></li>\n"
        }
        return out + "</ol>\n"
    }

    func lessonBody(_ lesson: Lesson, previous: Lesson?, next: Lesson?) -> String {
        var renderer = HTMLRenderer()
        var exercisesByLine: [Int: Exercise] = [:]
        for exercise in lesson.exercises { exercisesByLine[exercise.snippet.fenceLocation.line] = exercise }
        renderer.codeBlock = { node in
            guard let info = node.fenceInfo.map(InfoString.init), info.language == "swift",
                  let role = info.role.flatMap(BlockRole.init(rawValue:)) else { return nil }
            switch role {
            case .exercise:
                guard let line = node.range?.lowerBound.line, let exercise = exercisesByLine[line] else { return "" }
                let title = exercise.title.map { ": \(HTMLRenderer.escape($0))" } ?? ""
                return "<section class=\"exercise\" id=\"exercise-\(exercise.id)\"><h3>Exercise \(exercise.id)\(title)"
                    + " <span class=\"points\">\(SwiftSourceBuilder.format(points: exercise.points))</span></h3>\n"
                    + Self.code(exercise.stubCode) + "</section>\n"
            case .test:
                return "<details class=\"tests\" open><summary>Visible tests</summary>\n" + Self.code(node.literal ?? "") + "</details>\n"
            case .hiddenTest:
                return ""  // never in the student edition
            case .benchmark:
                let exercise = info.value("exercise")?.value ?? ""
                return "<p class=\"benchmark\">Exercise \(HTMLRenderer.escape(exercise)) is also timed against the reference solution when graded.</p>\n"
            case .support, .example:
                return nil
            }
        }
        var out = "<nav class=\"pager\"><a href=\"index.html\">Contents</a>"
        if let previous { out += " · <a rel=\"prev\" href=\"\(Self.pageName(previous))\">← \(HTMLRenderer.escape(previous.meta.title))</a>" }
        if let next { out += " · <a rel=\"next\" href=\"\(Self.pageName(next))\">\(HTMLRenderer.escape(next.meta.title)) →</a>" }
        out += "</nav>\n<article>\n"
        out += "<aside class=\"objectives\"><h2>Objectives</h2><ul>"
            + lesson.meta.objectives.map { "<li>\(HTMLRenderer.escape($0))</li>" }.joined() + "</ul></aside>\n"
        out += renderer.render(lesson.document)
        return out + "</article>\n"
    }

    static func code(_ text: String) -> String {
        "<pre><code class=\"language-swift\">\(HTMLRenderer.escape(text))</code></pre>\n"
    }

    func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLRenderer.escape(title))</title>
        <link rel="stylesheet" href="style.css">
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static let stylesheet = """
        body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; font: 17px/1.55 system-ui, sans-serif; color: #222; }
        pre { background: #f6f6f4; padding: .8rem; overflow-x: auto; border-radius: 4px; }
        code { font-family: ui-monospace, monospace; font-size: .9em; }
        .points { color: #666; font-size: .85em; font-weight: normal; }
        .exercise { border-left: 3px solid #2a6; padding-left: .8rem; margin: 1.5rem 0; }
        .math.display { display: block; text-align: center; margin: 1rem 0; overflow-x: auto; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2rem .5rem; }
        @media (prefers-color-scheme: dark) { body { background: #161616; color: #ddd; } pre { background: #222; } }

        """
}
