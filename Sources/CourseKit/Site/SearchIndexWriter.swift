import Foundation

/// The search index as a script (`search-index.js`), so search works from file:// where a page may
/// not fetch JSON: one entry per lesson section, with its plain text (math and code included).
enum SearchIndexWriter {
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
                // Only code students see in full: examples, support and visible tests.
                if case .codeBlock(let info, _) = block.kind, let role = InfoString(info).role,
                   ![BlockRole.example, .support, .test].map(\.rawValue).contains(role) { continue }
                text += block.plainText + " "
            }
            flush()
        }
        let data = try JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys])
        return "window.COURSE_SEARCH_INDEX = " + String(decoding: data, as: UTF8.self) + ";\n"
    }
}
