/// Links between lessons: `NN-file.md` and `NN-file.md#section` become page links, and every
/// internal link must point at a lesson and heading that exist.
package struct SiteLinks {
    let course: Course
    /// Lesson file name (`01-resnets.md`) → page.
    let pages: [String: Lesson]

    package init(course: Course) {
        self.course = course
        self.pages = Dictionary(uniqueKeysWithValues: course.lessons.map { (String($0.file.split(separator: "/").last ?? ""), $0) })
    }

    /// The heading anchors of a lesson page.
    static func anchors(_ lesson: Lesson) -> Set<String> {
        HeadingAnchors(lesson).all
    }

    /// The page address for a lesson-relative destination; external links are returned as they are.
    func resolve(_ destination: String) -> String {
        let (path, fragment) = Self.split(destination)
        guard Self.isInternal(path), path.hasSuffix(".md"), let lesson = pages[Self.fileName(path)] else { return destination }
        return StudentSiteBuilder.pageName(lesson) + (fragment.map { "#" + $0 } ?? "")
    }

    /// A diagnostic for each internal link whose lesson or heading does not exist.
    package func brokenLinks() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Each page's anchors once, not once per link that points at it.
        let anchors = Dictionary(course.lessons.map { ($0.file, Self.anchors($0)) }, uniquingKeysWith: { first, _ in first })
        for lesson in course.lessons {
            let lines = lesson.source.split(separator: "\n", omittingEmptySubsequences: false)
            func visit(_ node: MarkdownNode, blockLine: Int) {
                let line = node.range?.lowerBound.line ?? blockLine
                if case .link(let destination, _) = node.kind, let problem = problem(destination, in: lesson, anchors: anchors) {
                    // Inline nodes carry no position in cmark: point at the destination in the block's lines.
                    var location = SourceLocation(line: line, column: 1)
                    for offset in 0..<8 where line - 1 + offset < lines.count {
                        if let range = lines[line - 1 + offset].range(of: "(" + destination) {
                            location = SourceLocation(
                                line: line + offset,
                                column: lines[line - 1 + offset].utf8.distance(from: lines[line - 1 + offset].startIndex, to: range.lowerBound) + 2)
                            break
                        }
                    }
                    diagnostics.append(Diagnostic("course.link.broken", file: lesson.file, at: location, problem))
                }
                for child in node.children { visit(child, blockLine: line) }
            }
            visit(lesson.document, blockLine: 1)
        }
        return diagnostics
    }

    private func problem(_ destination: String, in lesson: Lesson, anchors anchorsByFile: [String: Set<String>]) -> String? {
        let (path, fragment) = Self.split(destination)
        guard Self.isInternal(path) else { return nil }
        var target = lesson
        if !path.isEmpty {
            guard path.hasSuffix(".md") else { return nil }  // images and other files are not checked here
            // A Markdown file elsewhere (`../docs/x.md`) is not a lesson link; one beside the
            // lessons that is not a lesson is a typo.
            guard !path.contains("/") || path.hasPrefix("./") else { return nil }
            guard let other = pages[Self.fileName(path)] else {
                return "link to '\(path)', which is not a lesson of this course (lessons: \(pages.keys.sorted().joined(separator: ", ")))"
            }
            target = other
        }
        if let fragment, let anchors = anchorsByFile[target.file], !anchors.contains(fragment) {
            let hint = Suggestion.closest(to: fragment, in: Array(anchors)).map { "; did you mean '#\($0)'?" } ?? ""
            return "link to '#\(fragment)', which names no heading, exercise or figure of \(target.file) "
                + "(an exercise is '#exercise-ID', a figure '#figure-ID')\(hint)"
        }
        return nil
    }

    static func split(_ destination: String) -> (String, String?) {
        guard let hash = destination.firstIndex(of: "#") else { return (destination, nil) }
        return (String(destination[..<hash]), String(destination[destination.index(after: hash)...]))
    }

    static func isInternal(_ path: String) -> Bool { !path.contains(":") && !path.hasPrefix("/") }

    static func fileName(_ path: String) -> String { String(path.split(separator: "/").last ?? Substring(path)) }
}
