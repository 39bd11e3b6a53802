import CourseToolchain
import Foundation

/// The search index as a script (`search-index.js`), so search works from file:// where a page may
/// not fetch JSON: one entry per lesson section (the lesson's opening, with its summary and
/// objectives, has no section) and per exercise box, holding the text as a reader sees it: math as its typeset
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
        collapsingWhitespace(readableText(node, terms: &terms))
    }

    /// The words of `text` joined by single spaces: what `split(whereSeparator: \.isWhitespace)`
    /// then `joined(separator: " ")` give, scalar by scalar (a tenth of the time on a site build).
    /// Where one character joins white space with a neighbour (a space with a combining accent
    /// after it, a prepended mark before it) or white space is not ASCII, the text takes the
    /// character-by-character way.
    static func collapsingWhitespace(_ text: String) -> String {
        var words = String.UnicodeScalarView()
        var gap = false
        var previous: (scalar: Unicode.Scalar, white: Bool) = ("a", false)
        for scalar in text.unicodeScalars {
            let white = isWhite(scalar)
            if (white && !scalar.isASCII) || (white && !previous.scalar.isASCII && Self.mayJoinWhatFollows(previous.scalar))
                || (!scalar.isASCII && previous.white && Self.mayJoinWhatPrecedes(scalar))
            {
                return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            }
            previous = (scalar, white)
            if white {
                gap = !words.isEmpty
            } else {
                if gap { words.append(" ") }
                gap = false
                words.append(scalar)
            }
        }
        return String(words)
    }

    private static func isWhite(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || ("\t"..."\r").contains(scalar) : scalar.properties.isWhitespace
    }

    /// Extending and spacing marks and the joiner: a character goes on through them.
    private static func mayJoinWhatPrecedes(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isGraphemeExtend || scalar.properties.generalCategory == .spacingMark || scalar.value == 0x200D
    }

    /// Format characters (among them the prepended marks, such as U+0600) and any mark.
    private static func mayJoinWhatFollows(_ scalar: Unicode.Scalar) -> Bool {
        [.format, .spacingMark, .nonspacingMark, .enclosingMark, .otherLetter].contains(scalar.properties.generalCategory)
    }

    /// The sections of one lesson, in order, each once.
    static func entries(for lesson: Lesson) -> [Entry] {
        var entries: [Entry] = []
        var current = Entry()
        let anchors = HeadingAnchors(lesson)
        current.text =
            ([lesson.meta.summary ?? ""] + lesson.meta.objectives).map { line in
                StudentSiteBuilder.inlineParagraph(line).map { readableText($0, terms: &current.terms) } ?? line
            }.joined(separator: " ") + " "
        func flush() {
            current.text = collapsingWhitespace(current.text)
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
                    current.anchor = anchors.id(for: block)
                    continue
                }
            }
            current.text += readableText(block, terms: &current.terms) + " "
        }
        flush()
        // Each exercise box, by what a student types: its id (`euler-step`), its file
        // (`EulerStep.swift`), its title and the code of its stub (the signature they fill in).
        for exercise in lesson.exercises {
            var entry = Entry()
            entry.section = "Exercise \(exercise.id)" + (exercise.title.map { ": \($0)" } ?? "")
            entry.anchor = "exercise-\(exercise.id)"
            entry.text = collapsingWhitespace(StudentSiteBuilder.studentPath(exercise, in: lesson) + " " + exercise.stubCode)
            entries.append(entry)
        }
        return entries
    }

    /// The index script. Each lesson's rows are serialised on their own (and kept in `cache` by
    /// the lesson's text, page and title) and joined: the same bytes as serialising all rows at once.
    /// `reference` is the support library's API when the caller has read it already (else it is read here).
    static func script(for course: Course, cache: SiteFragmentCache? = nil, reference: LibraryReference? = nil) throws -> String {
        let rowsByLesson = try course.lessons.parallelMap(width: ProcessInfo.processInfo.activeProcessorCount) { lesson in
            let key = "\(lesson.file)\u{0}\(StudentSiteBuilder.pageName(lesson))\u{0}\(lesson.meta.title)\u{0}\(lesson.source)"
            let make = { try rowsJSON(lesson) }
            return try cache.map { try $0.text(kind: "search", key: key, make: make) } ?? make()
        }
        var rows = rowsByLesson
        if !course.engineSources.isEmpty {
            let make = { try referenceRowsJSON(reference ?? LibraryReference(sources: course.engineSources)) }
            let key = LibraryReference.cacheKey(course.engineSources)
            rows.append(try cache.map { try $0.text(kind: "reference-search", key: key, make: make) } ?? make())
        }
        return "window.COURSE_SEARCH_INDEX = [" + rows.filter { !$0.isEmpty }.joined(separator: ",") + "];\n"
    }

    /// The support library's reference: a row per type (its declaration, documentation and the
    /// names of its members), and one per member at its own entry, found by how lessons write it
    /// (`Matrix.random`, `Matrix(rows:cols:)`) as well as by its name and documentation.
    private static func referenceRowsJSON(_ reference: LibraryReference) throws -> String {
        let anchors = ReferenceAnchors(reference)
        func plain(_ markdown: String) -> String {
            var terms: [String] = []
            return markdown.isEmpty ? "" : readableText(MarkdownParser.parse(markdown).0, terms: &terms)
        }
        func row(_ section: String, _ anchor: String, _ text: String) -> [String: String] {
            [
                "page": StudentSiteBuilder.referencePageName, "title": StudentSiteBuilder.referenceTitle, "section": section, "anchor": anchor,
                "text": collapsingWhitespace(text), "terms": ""
            ]
        }
        var rows: [[String: String]] = []
        for symbol in reference.types + reference.globals + reference.extensions {
            let isExtension = symbol.kind == "extension"
            rows.append(
                row(
                    isExtension ? "extension \(symbol.name)" : symbol.name, anchors.id(symbol),
                    "\(symbol.declaration) \(plain(symbol.documentation)) " + symbol.members.map(\.name).joined(separator: " ")))
            for member in symbol.members {
                // An initializer as it is called, `Matrix(rows:cols:)`; the rest as `Matrix.random(…)`.
                let qualified =
                    isExtension ? member.name : member.kind == "init" ? "\(symbol.name)\(member.name.dropFirst(4))" : "\(symbol.name).\(member.name)"
                rows.append(row(qualified, anchors.id(member, in: symbol), "\(member.declaration) \(plain(member.documentation))"))
            }
        }
        let array = String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]), as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    /// A lesson's rows as JSON objects separated by commas, without the enclosing brackets.
    private static func rowsJSON(_ lesson: Lesson) throws -> String {
        let rows = entries(for: lesson).map { entry in
            [
                "page": StudentSiteBuilder.pageName(lesson), "title": StudentSiteBuilder.titleText(lesson.meta.title), "section": entry.section,
                "anchor": entry.anchor, "text": entry.text, "terms": entry.terms.joined(separator: " ")
            ]
        }
        let array = String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]), as: UTF8.self)
        return String(array.dropFirst().dropLast())  // `[…]`
    }
}
