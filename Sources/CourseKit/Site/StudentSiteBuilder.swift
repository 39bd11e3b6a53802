import Foundation

/// Renders the course as a static site: an index and one page per lesson, with a sidebar,
/// search, an in-page table of contents, previous/next links, highlighted Swift and KaTeX math.
///
/// The student edition shows each exercise as students get it (the stub), its points and its
/// visible tests; hidden tests, solutions and benchmark thresholds are never written.
public struct StudentSiteBuilder {
    public let course: Course
    public var courseTitle = "ResidualCourse"
    /// The instructor's edition also shows reference solutions, hidden tests and benchmark thresholds.
    public var instructorEdition = false
    /// Each figure's SVG by `lessonId/figureId` (drawn by `FigureRenderer`).
    public var figures: [String: String] = [:]
    /// The page layout (the course's own templates where it has them).
    public var templates: SiteTemplates

    public init(course: Course) throws {
        self.course = course
        self.templates = try SiteTemplates.load(root: course.root)
    }

    /// Every text file of the site by path (KaTeX's files are copied by `BuildAction`).
    public func tree() throws -> FileTree {
        var tree = FileTree()
        tree["index.html"] = page(title: courseTitle, current: nil, body: indexBody())
        tree["course.css"] = templates.stylesheet
        tree["course.js"] = SiteAssets.script
        tree["search-index.js"] = try SearchIndexWriter.script(for: course)
        for (index, lesson) in course.lessons.enumerated() {
            let previous = index > 0 ? course.lessons[index - 1] : nil
            let next = index + 1 < course.lessons.count ? course.lessons[index + 1] : nil
            tree[Self.pageName(lesson)] = page(title: lesson.meta.title, current: lesson,
                                               body: lessonBody(lesson, previous: previous, next: next))
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
        let links = SiteLinks(course: course)
        renderer.linkDestination = links.resolve
        var exercisesByLine: [Int: Exercise] = [:]
        for exercise in lesson.exercises { exercisesByLine[exercise.snippet.fenceLocation.line] = exercise }
        renderer.codeBlock = { node in
            guard let info = node.fenceInfo.map(InfoString.init) else { return nil }
            guard info.language == "swift" else { return nil }
            guard let role = info.role.flatMap(BlockRole.init(rawValue:)) else { return Self.code(node.literal ?? "") }
            switch role {
            case .exercise:
                guard let line = node.range?.lowerBound.line, let exercise = exercisesByLine[line] else { return "" }
                let title = exercise.title.map { ": \(HTMLRenderer.escape($0))" } ?? ""
                var section = "<section class=\"exercise\" id=\"exercise-\(exercise.id)\"><h3>Exercise \(exercise.id)\(title)"
                    + " <span class=\"points\">\(SwiftSourceBuilder.format(points: exercise.points))</span></h3>\n"
                    + "<p class=\"file\">In <code>exercises/Sources/\(lesson.moduleName)/\(exercise.fileName)</code>:</p>\n"
                    + Self.code(exercise.stubCode)
                if instructorEdition {
                    section += "<details class=\"solution\"><summary>Reference solution (instructors)</summary>\n"
                        + Self.code(exercise.solutionCode) + "</details>\n"
                }
                return section + "</section>\n"
            case .test:
                return "<details class=\"tests\" open><summary>Visible tests</summary>\n" + Self.code(node.literal ?? "") + "</details>\n"
            case .hiddenTest:
                guard instructorEdition else { return "" }  // never in the student edition
                return "<details class=\"hidden-tests\"><summary>Hidden tests (instructors)</summary>\n" + Self.code(node.literal ?? "") + "</details>\n"
            case .benchmark:
                let exercise = info.value("exercise")?.value ?? ""
                var text = "<p class=\"benchmark\">Exercise \(HTMLRenderer.escape(exercise)) is also timed against the reference solution when graded.</p>\n"
                if instructorEdition {
                    let threshold = info.value("threshold")?.value ?? "?"
                    text += "<details class=\"benchmark-spec\"><summary>Benchmark (instructors): at most \(HTMLRenderer.escape(threshold))× the reference's time</summary>\n"
                        + Self.code(node.literal ?? "") + "</details>\n"
                }
                return text
            case .support, .example:
                return Self.code(node.literal ?? "")
            case .figure:
                guard let id = info.value("id")?.value else { return "" }
                let caption = info.value("title").map { "<figcaption>\(HTMLRenderer.escape($0.value))</figcaption>" } ?? ""
                let svg = figures[FigureRenderer.key(lesson, id)] ?? "<p>(figure \(id) was not drawn)</p>"
                return "<figure id=\"figure-\(id)\">\n\(svg)\(caption)</figure>\n"
            }
        }
        var out = "<article>\n"
        let front = "<aside class=\"objectives\"><strong>Objectives</strong><ul>"
            + lesson.meta.objectives.map { "<li>\(HTMLRenderer.escape($0))</li>" }.joined() + "</ul></aside>\n"
            + tableOfContents(lesson)
        let content = renderer.render(lesson.document)
        // Objectives and the table of contents go after the first heading (the lesson's title).
        if let end = content.range(of: "</h1>\n") {
            out += content[..<end.upperBound] + front + content[end.upperBound...]
        } else {
            out += front + content
        }
        out += "</article>\n<nav class=\"pager\">"
        out += previous.map { "<a rel=\"prev\" href=\"\(Self.pageName($0))\">← \(HTMLRenderer.escape($0.meta.title))</a>" } ?? "<span></span>"
        out += next.map { "<a rel=\"next\" href=\"\(Self.pageName($0))\">\(HTMLRenderer.escape($0.meta.title)) →</a>" } ?? "<span></span>"
        return out + "</nav>\n"
    }

    func tableOfContents(_ lesson: Lesson) -> String {
        var items = ""
        for block in lesson.document.children {
            guard case .heading(let level) = block.kind, level == 2 || level == 3 else { continue }
            let text = block.plainText
            items += "<li class=\"level\(level)\"><a href=\"#\(HTMLRenderer.slug(text))\">\(HTMLRenderer.escape(text))</a></li>"
        }
        return items.isEmpty ? "" : "<nav class=\"toc\"><strong>On this page</strong><ul>\(items)</ul></nav>\n"
    }

    static func code(_ text: String) -> String {
        "<pre><code class=\"language-swift\">\(SwiftHighlighter.html(text))</code></pre>\n"
    }

    func page(title: String, current: Lesson?, body: String) -> String {
        let lessons: [[String: Any]] = course.lessons.map { lesson in
            ["title": lesson.meta.title, "href": Self.pageName(lesson), "current": lesson.meta.id == current?.meta.id]
        }
        return templates.page(["title": title, "courseTitle": courseTitle, "lessons": lessons, "body": body])
    }
}
