import CourseToolchain
import Foundation

/// Renders the course as a static site: an index and one page per lesson, with a sidebar,
/// search, an in-page table of contents, previous/next links, highlighted Swift and KaTeX math.
///
/// The student edition shows each exercise as students get it: its file, the stub, its points, its
/// visible tests with the command that runs them, and its benchmark threshold; hidden tests,
/// solutions and benchmark workloads are never written. The index starts with how to get the
/// exercises (`exercises.zip`, written beside the pages by `BuildAction`) and run their tests.
public struct StudentSiteBuilder {
    public let course: Course
    public var courseTitle = "ResidualCourse"
    /// The instructor's edition also shows reference solutions, hidden tests and benchmark workloads,
    /// with a banner, "Instructor edition" in every title and `noindex`.
    public var instructorEdition = false
    /// Each figure's SVG by `lessonId/figureId` (drawn by `FigureRenderer`).
    public var figures: [String: String] = [:]
    /// The page layout (the course's own templates where it has them).
    public var templates: SiteTemplates
    /// Where page bodies and search entries are kept between builds (none: everything is rendered).
    package var fragmentCache: SiteFragmentCache?

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
        // The library's API, read once: its page, its search entries and the lessons' links to it.
        let reference = hasReference ? LibraryReference(sources: course.engineSources) : nil
        tree["search-index.js"] = try SearchIndexWriter.script(for: course, cache: fragmentCache, reference: reference)
        // Pages render independently: one per core.
        let lessons = course.lessons
        // Code spans that name the library's API (`Matrix`) link to its reference page.
        let apiLinks = reference.map(ReferenceAnchors.init)
        let pages = Array(lessons.indices).parallelMap(width: ProcessInfo.processInfo.activeProcessorCount) { index in
            let previous = index > 0 ? lessons[index - 1] : nil
            let next = index + 1 < lessons.count ? lessons[index + 1] : nil
            let body = cachedLessonBody(lessons[index], previous: previous, next: next, apiLinks: apiLinks)
            return page(title: Self.titleText(lessons[index].meta.title), current: lessons[index], body: body)
        }
        for (lesson, page) in zip(lessons, pages) { tree[Self.pageName(lesson)] = page }
        if let reference {
            tree[Self.referencePageName] = page(title: Self.referenceTitle, current: nil, body: cachedReferenceBody(reference), onReference: true)
        }
        return tree
    }

    static func pageName(_ lesson: Lesson) -> String { "\(lesson.meta.id).html" }

    /// `lessonBody`, from the cache when nothing it is made from changed: the lesson's text, its
    /// figures, its neighbours, the edition and the lesson files links resolve to.
    func cachedLessonBody(_ lesson: Lesson, previous: Lesson?, next: Lesson?, apiLinks: ReferenceAnchors? = nil) -> String {
        guard let fragmentCache else { return lessonBody(lesson, previous: previous, next: next, apiLinks: apiLinks) }
        var key = "\(instructorEdition)\u{0}\(lesson.file)\u{0}\(lesson.source)\u{0}\(apiLinks?.fingerprint ?? "")"
        for (name, svg) in figures.sorted(by: { $0.key < $1.key }) where name.hasPrefix(lesson.meta.id + "/") {
            key += "\u{0}\(name)\u{1}\(svg)"
        }
        for neighbour in [previous, next] { key += "\u{0}" + (neighbour.map { "\($0.meta.id)\u{1}\($0.meta.title)" } ?? "") }
        for other in course.lessons { key += "\u{0}\(other.file)\u{1}\(other.meta.id)" }
        return fragmentCache.text(kind: "page", key: key) { lessonBody(lesson, previous: previous, next: next, apiLinks: apiLinks) }
    }

    func lessonBody(_ lesson: Lesson, previous: Lesson?, next: Lesson?, apiLinks: ReferenceAnchors? = nil) -> String {
        var renderer = HTMLRenderer()
        if let apiLinks { renderer.codeSpanLink = apiLinks.href(forCode:) }
        let anchors = HeadingAnchors(lesson)  // one walk: the headings and the contents share it
        renderer.headingID = anchors.id(for:)
        renderer.linksHeadings = true
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
                return exerciseBox(exercise, in: lesson)
            case .test:
                return ""  // shown in its exercise's box, with the command that runs it
            case .hiddenTest:
                guard instructorEdition else { return "" }  // never in the student edition
                return "<details class=\"hidden-tests\"><summary>Hidden tests (instructors)</summary>\n" + Self.code(node.literal ?? "") + "</details>\n"
            case .benchmark:
                return benchmarkNote(info, code: node.literal ?? "")
            case .support:
                // Given code, not an exercise: say what it is and where it is in the package.
                return "<p class=\"support-label\">Given code (<code>exercises/Sources/\(lesson.supportModuleName)/\(LessonSupportModule.fileName)</code>): "
                    + "the lesson's exercises and tests use it; you do not edit it.</p>\n" + Self.code(node.literal ?? "")
            case .example:
                return Self.code(node.literal ?? "")
            case .figure:
                guard let id = info.value("id")?.value else { return "" }
                return figure(id: id, title: info.value("title")?.value, lesson: lesson)
            }
        }
        var out = "<article>\n"
        // Both fold on phones (course.js), so the lesson's text is not 900 px down the page.
        let front =
            "<details class=\"objectives foldable\" open><summary>Objectives</summary><ul>"
            + lesson.meta.objectives.map { "<li>\(Self.inlineHTML($0))</li>" }.joined() + "</ul></details>\n"
            + tableOfContents(lesson, anchors: anchors)
        let content = renderer.render(lesson.document)
        // Objectives and the table of contents go after the first heading (the lesson's title).
        if let end = content.range(of: "</h1>\n") {
            out += content[..<end.upperBound] + front + content[end.upperBound...]
        } else {
            out += front + content
        }
        out += "</article>\n<nav class=\"pager\">"
        out += previous.map { "<a rel=\"prev\" href=\"\(Self.pageName($0))\">← \(Self.inlineHTML($0.meta.title))</a>" } ?? "<span></span>"
        out += next.map { "<a rel=\"next\" href=\"\(Self.pageName($0))\">\(Self.inlineHTML($0.meta.title)) →</a>" } ?? "<span></span>"
        return out + "</nav>\n"
    }

    func tableOfContents(_ lesson: Lesson, anchors given: HeadingAnchors? = nil) -> String {
        let anchors = given ?? HeadingAnchors(lesson)
        var items = ""
        for block in lesson.document.children {
            guard case .heading(let level) = block.kind, level == 2 || level == 3 else { continue }
            // The entry reads as the heading is read (`$\lambda$` as λ, not as TeX); the anchor is
            // the heading's, made from its source text.
            var terms: [String] = []
            let text = SearchIndexWriter.readableLine(block, terms: &terms)
            items += "<li class=\"level\(level)\"><a href=\"#\(anchors.id(for: block))\">\(HTMLEscaping.escape(text))</a></li>"
        }
        return items.isEmpty ? "" : "<details class=\"toc foldable\" open><summary>On this page</summary><nav aria-label=\"On this page\"><ul>\(items)</ul></nav></details>\n"
    }

    static func code(_ text: String) -> String {
        "<pre><code class=\"language-swift\">\(SwiftHighlighter.html(text))</code></pre>\n"
    }

    func page(title: String, current: Lesson?, body: String, onReference: Bool = false) -> String {
        let lessons: [[String: Any]] = course.lessons.map { lesson in
            ["titleHTML": Self.inlineHTML(lesson.meta.title), "href": Self.pageName(lesson), "current": lesson.meta.id == current?.meta.id]
        }
        // The instructor's edition says so in every tab and search result, so it is not published by mistake.
        let fullTitle = instructorEdition ? "\(title) · Instructor edition" : title
        return templates.page([
            "title": fullTitle, "courseTitle": courseTitle, "lessons": lessons, "body": body,
            "instructorEdition": instructorEdition,
            "reference": hasReference ? ["title": Self.referenceTitle, "href": Self.referencePageName, "current": onReference] : false
        ])
    }
}
