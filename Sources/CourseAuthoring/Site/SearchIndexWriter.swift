import Foundation

/// The search index as a script (`search-index.js`), so search works from file:// where a page may
/// not fetch JSON: one entry per lesson section (the lesson's opening, with its summary and
/// objectives, has no section), holding the text as a reader sees it: math as its typeset
/// characters (`λ`), plus the TeX names of its symbols (`lambda`) in `terms`.
enum SearchIndexWriter {
    /// One section's searchable text.
    struct Entry {
        var section = "", anchor = "", text = ""
        var terms: [String] = []
    }

    /// Text of a block as read, leaving out, at any depth, code students do not see in full.
    static func readableText(_ node: MarkdownNode, terms: inout [String]) -> String {
        switch node.kind {
        case .codeBlock(let info, let literal):
            guard let role = InfoString(info).role else { return literal }
            return [BlockRole.example, .support, .test].map(\.rawValue).contains(role) ? literal : ""
        case .inlineMath(let tex), .displayMath(let tex):
            let read = TeXText.read(tex)
            for name in read.symbolNames where !terms.contains(name) { terms.append(name) }
            return " " + read.text + " "
        default:
            if node.children.isEmpty { return node.plainText }
            return node.children.map { readableText($0, terms: &terms) }.joined(separator: node.kind.isBlockContainer ? " " : "")
        }
    }

    /// A heading as one line a reader would read: math as typeset characters, white space collapsed.
    static func readableLine(_ node: MarkdownNode, terms: inout [String]) -> String {
        readableText(node, terms: &terms).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The sections of one lesson, in order, each once.
    static func entries(for lesson: Lesson) -> [Entry] {
        var entries: [Entry] = []
        var current = Entry()
        current.text =
            ([lesson.meta.summary ?? ""] + lesson.meta.objectives).map { line in
                StudentSiteBuilder.inlineParagraph(line).map { readableText($0, terms: &current.terms) } ?? line
            }.joined(separator: " ") + " "
        func flush() {
            current.text = current.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            // The opening always stays (it finds the lesson by its title); an empty section does not.
            if entries.isEmpty || !current.text.isEmpty {
                if let same = entries.firstIndex(where: { $0.anchor == current.anchor }) {
                    entries[same].text += " " + current.text  // two headings with one anchor: one result
                    entries[same].terms += current.terms.filter { !entries[same].terms.contains($0) }
                } else {
                    entries.append(current)
                }
            }
            current = Entry()
        }
        for block in lesson.document.children {
            if case .heading(let level) = block.kind {
                // The title heading is the lesson itself, not a section of it (no "Title › Title").
                if level == 1 && entries.isEmpty && current.section.isEmpty { continue }
                if level <= 3 {
                    flush()
                    var terms: [String] = []
                    current.section = readableLine(block, terms: &terms)
                    current.terms = terms
                    current.anchor = HTMLRenderer.slug(block.plainText)
                    continue
                }
            }
            current.text += readableText(block, terms: &current.terms) + " "
        }
        flush()
        return entries
    }

    static func script(for course: Course) throws -> String {
        var rows: [[String: String]] = []
        for lesson in course.lessons {
            for entry in entries(for: lesson) {
                rows.append([
                    "page": StudentSiteBuilder.pageName(lesson), "title": lesson.meta.title, "section": entry.section,
                    "anchor": entry.anchor, "text": entry.text, "terms": entry.terms.joined(separator: " ")
                ])
            }
        }
        let data = try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys])
        return "window.COURSE_SEARCH_INDEX = " + String(decoding: data, as: UTF8.self) + ";\n"
    }
}
