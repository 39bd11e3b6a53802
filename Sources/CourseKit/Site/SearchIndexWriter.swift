import Foundation

/// The search index as a script (`search-index.js`), so search works from file:// where a page may
/// not fetch JSON: one entry per lesson section, with its plain text (math and code included).
enum SearchIndexWriter {
    /// Plain text of a block, leaving out, at any depth, code students do not see in full.
    static func visibleText(_ node: MarkdownNode) -> String {
        if case .codeBlock(let info, let literal) = node.kind {
            guard let role = InfoString(info).role else { return literal }
            return [BlockRole.example, .support, .test].map(\.rawValue).contains(role) ? literal : ""
        }
        if node.children.isEmpty { return node.plainText }
        return node.children.map(visibleText).joined(separator: node.kind.isBlockContainer ? " " : "")
    }

    static func script(for course: Course) throws -> String {
        var entries: [[String: String]] = []
        for lesson in course.lessons {
            var section = "", anchor = "", text = ""
            func flush() {
                if !text.isEmpty || section.isEmpty {
                    entries.append(["page": StudentSiteBuilder.pageName(lesson), "title": lesson.meta.title,
                                    "section": section, "anchor": anchor, "text": text])
                }
                text = ""
            }
            for block in lesson.document.children {
                if case .heading(let level) = block.kind, level <= 3 {
                    flush()
                    section = block.plainText
                    anchor = HTMLRenderer.slug(block.plainText)
                    continue
                }
                text += visibleText(block) + " "
            }
            flush()
        }
        let data = try JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys])
        return "window.COURSE_SEARCH_INDEX = " + String(decoding: data, as: UTF8.self) + ";\n"
    }
}
