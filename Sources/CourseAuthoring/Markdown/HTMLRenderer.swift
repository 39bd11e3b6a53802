import CourseToolchain

/// Renders a `MarkdownNode` tree to HTML. Math becomes `<span class="math inline">` or
/// `<div class="math display">` holding the TeX, HTML-escaped only, for KaTeX to typeset.
public struct HTMLRenderer {
    /// Renders code blocks; return `nil` to get the default `<pre><code>` rendering.
    public var codeBlock: (MarkdownNode) -> String? = { _ in nil }
    /// Rewrites link destinations (`02-quantum.md#norm` → `quantum.html#norm`).
    public var linkDestination: (String) -> String = { $0 }
    /// A heading's `id` (the site's are unique on the page: `HeadingAnchors`).
    public var headingID: (MarkdownNode) -> String = { HTMLRenderer.slug($0.plainText) }
    /// Whether section headings (levels 2 and 3) end with a `#` link to themselves, to copy.
    public var linksHeadings = false
    /// Where a code span outside links and headings links to, if anywhere (a library's API: `Matrix`).
    public var codeSpanLink: (String) -> String? = { _ in nil }

    public init() {}

    /// The HTML for a whole document or any subtree.
    public func render(_ node: MarkdownNode) -> String {
        var out = ""
        render(node, into: &out)
        return out
    }

    private func renderChildren(_ node: MarkdownNode, into out: inout String) {
        for child in node.children {
            // Display math that fills a paragraph is a block of its own.
            if case .displayMath(let tex) = child.kind, node.kind.isBlockContainer {
                Self.startLine(&out)
                out += "<div class=\"math display\">\(HTMLEscaping.escape(tex))</div>\n"
            } else {
                render(child, into: &out)
            }
        }
    }

    private func render(_ node: MarkdownNode, into out: inout String) {
        switch node.kind {
        case .document, .customBlock, .customInline:
            renderChildren(node, into: &out)
        case .blockQuote:
            Self.startLine(&out)
            out += "<blockquote>\n"; renderChildren(node, into: &out); out += "</blockquote>\n"
        case .list(let ordered, let start, let tight):
            let tag = ordered ? "ol" : "ul"
            Self.startLine(&out)
            out += ordered && start != 1 ? "<ol start=\"\(start)\">\n" : "<\(tag)>\n"
            for item in node.children {
                Self.startLine(&out)
                out += "<li>"
                // Tight lists print their paragraphs without <p>, as cmark does.
                for child in item.children {
                    if case .paragraph = child.kind, tight { renderChildren(child, into: &out) } else { render(child, into: &out) }
                }
                out += "</li>\n"
            }
            out += "</\(tag)>\n"
        case .item:
            Self.startLine(&out)
            out += "<li>"; renderChildren(node, into: &out); out += "</li>\n"
        case .codeBlock(let info, let literal):
            Self.startLine(&out)
            if let custom = codeBlock(node) { out += custom; return }
            let language = info.split(separator: " ").first.map { " class=\"language-\(HTMLEscaping.escape(String($0)))\"" } ?? ""
            out += "<pre><code\(language)>\(HTMLEscaping.escape(literal))</code></pre>\n"
        case .htmlBlock(let html):
            Self.startLine(&out)
            out += html
            Self.startLine(&out)
        case .paragraph:
            Self.startLine(&out)
            out += "<p>"; renderChildren(node, into: &out); out += "</p>\n"
        case .heading(let level):
            let id = headingID(node)
            Self.startLine(&out)
            out += "<h\(level) id=\"\(id)\">"; withoutCodeLinks.renderChildren(node, into: &out)
            if linksHeadings && (2...3).contains(level) { out += " <a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a>" }
            out += "</h\(level)>\n"
        case .thematicBreak:
            Self.startLine(&out)
            out += "<hr />\n"
        case .text(let text):
            out += HTMLEscaping.escape(text)
        case .softBreak:
            out += "\n"
        case .lineBreak:
            out += "<br />\n"
        case .code(let code):
            if let href = codeSpanLink(code) {
                out += "<a class=\"api\" href=\"\(Self.escapeHref(href))\"><code>\(HTMLEscaping.escape(code))</code></a>"
            } else {
                out += "<code>\(HTMLEscaping.escape(code))</code>"
            }
        case .htmlInline(let html):
            out += html
        case .emphasis:
            out += "<em>"; renderChildren(node, into: &out); out += "</em>"
        case .strong:
            out += "<strong>"; renderChildren(node, into: &out); out += "</strong>"
        case .link(let destination, let title):
            let titleAttribute = title.isEmpty ? "" : " title=\"\(HTMLEscaping.escape(title))\""
            out += "<a href=\"\(Self.escapeHref(linkDestination(destination)))\"\(titleAttribute)>"
            withoutCodeLinks.renderChildren(node, into: &out)  // no link inside a link
            out += "</a>"
        case .image(let source, let title):
            let titleAttribute = title.isEmpty ? "" : " title=\"\(HTMLEscaping.escape(title))\""
            out += "<img src=\"\(Self.escapeHref(source))\" alt=\"\(HTMLEscaping.escape(node.plainText))\"\(titleAttribute) />"
        case .inlineMath(let tex):
            out += "<span class=\"math inline\">\(HTMLEscaping.escape(tex))</span>"
        case .displayMath(let tex):
            out += "<span class=\"math display\">\(HTMLEscaping.escape(tex))</span>"
        }
    }

    /// This renderer with code spans left unlinked.
    private var withoutCodeLinks: HTMLRenderer {
        var plain = self
        plain.codeSpanLink = { _ in nil }
        return plain
    }

    /// Ends the current line if something stands on it: every block starts on a line of its own,
    /// as cmark's `cr()` makes it (`<li>` then a newline before a loose item's `<p>`).
    private static func startLine(_ out: inout String) {
        if let last = out.utf8.last, last != UInt8(ascii: "\n") { out += "\n" }
    }

    /// Escapes a link or image destination for an attribute as cmark does (houdini's href rules):
    /// URL characters, `%` included, stay as they are; `&` and `'` become entities; every other
    /// byte (space, `<`, `>`, `"`, a backslash, each byte of a non-ASCII character) becomes `%XX`.
    /// So `</my uri>` gives `%3C/my%20uri%3E`, as on the `cmark` command line.
    public static func escapeHref(_ url: String) -> String {
        var out = ""
        out.reserveCapacity(url.utf8.count)
        for byte in url.utf8 {
            if byte < 0x80, hrefSafe.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else if byte == UInt8(ascii: "&") {
                out += "&amp;"
            } else if byte == UInt8(ascii: "'") {
                out += "&#x27;"
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// The bytes cmark leaves as they are in a destination: letters, digits and `-_.+!*(),%#@?=;:/$`.
    private static let hrefSafe: Set<UInt8> = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+!*(),%#@?=;:/$".utf8)

    /// A heading's anchor: lower-case letters and digits, words joined by `-`.
    public static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for ch in text.lowercased().unicodeScalars {
            if ch.properties.isAlphabetic || ("0"..."9").contains(ch) {
                if pendingDash && !out.isEmpty { out += "-" }
                out.unicodeScalars.append(ch)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "section" : out
    }
}

extension MarkdownNode.Kind {
    /// Whether children of this kind are blocks (as opposed to inline content).
    var isBlockContainer: Bool {
        switch self {
        case .document, .blockQuote, .list, .item, .customBlock: return true
        default: return false
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
