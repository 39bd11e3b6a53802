import CCmark
import Foundation  // free()

/// The one file that touches cmark: parses with the C library and returns a pure-Swift tree.
///
/// cmark's document, parser state and iterator are freed before `convert` returns; every literal is
/// copied out with `String(cString:)`, so no C pointer outlives the call.
enum CommonMarkConverter {
    /// Containers nested deeper than this are flattened into the deepest one kept: every later
    /// pass over the tree (math restoration, rendering, search, links) recurses, and no real
    /// lesson nests a hundredth as deep as 20,000 block quotes that would overflow their stacks.
    static let maximumDepth = 100

    /// Parses CommonMark text into a `MarkdownNode` document with 1-based source positions.
    static func convert(_ text: String) -> MarkdownNode { convertLimitingDepth(text).document }

    /// The document, and the line of the first container nested deeper than `maximumDepth`.
    static func convertLimitingDepth(_ text: String) -> (document: MarkdownNode, tooDeepAtLine: Int?) {
        let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8
        let document: OpaquePointer? = text.withCString { cString in
            cmark_parse_document(cString, text.utf8.count, options)
        }
        guard let document else { return (MarkdownNode(kind: .document), nil) }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { return (MarkdownNode(kind: .document), nil) }
        defer { cmark_iter_free(iterator) }

        // Containers are entered and exited; leaves are only entered. A stack builds the tree
        // without recursion, so deeply nested input cannot overflow the call stack.
        var stack: [MarkdownNode] = []
        var finished = MarkdownNode(kind: .document)
        var skipped = 0
        var tooDeepAtLine: Int?
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE || event == CMARK_EVENT_NONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_ENTER {
                let converted = MarkdownNode(kind: kind(of: node), range: range(of: node))
                if isLeaf(node) {
                    stack[stack.count - 1].children.append(converted)
                } else if skipped > 0 || stack.count > maximumDepth {
                    skipped += 1
                    if tooDeepAtLine == nil { tooDeepAtLine = Int(cmark_node_get_start_line(node)) }
                } else {
                    stack.append(converted)
                }
            } else if event == CMARK_EVENT_EXIT {
                if skipped > 0 { skipped -= 1; continue }
                guard let done = stack.popLast() else { continue }
                if stack.isEmpty { finished = done } else { stack[stack.count - 1].children.append(done) }
            }
        }
        return (finished, tooDeepAtLine)
    }

    /// libcmark's own HTML for `text` (what the `cmark` command line prints), raw HTML kept as
    /// `HTMLRenderer` keeps it. The CommonMark spec test holds `HTMLRenderer` to this.
    static func referenceHTML(_ text: String) -> String {
        let options = CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8
        guard let html = text.withCString({ cmark_markdown_to_html($0, text.utf8.count, options) }) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    private static func isLeaf(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_TEXT,
            CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
            return true
        default:
            return false
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
        let literal = { string(cmark_node_get_literal(node)) }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: literal())
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(literal())
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text(literal())
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(literal())
        case CMARK_NODE_HTML_INLINE: return .htmlInline(literal())
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK:
            return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_CUSTOM_BLOCK: return .customBlock
        default: return .customInline
        }
    }

    private static func range(of node: OpaquePointer) -> SourceRange? {
        let startLine = Int(cmark_node_get_start_line(node))
        let endLine = Int(cmark_node_get_end_line(node))
        guard startLine > 0, endLine > 0 else { return nil }
        let start = SourceLocation(line: startLine, column: max(1, Int(cmark_node_get_start_column(node))))
        let end = SourceLocation(line: endLine, column: max(1, Int(cmark_node_get_end_column(node))))
        return start <= end ? start...end : start...start
    }
}
