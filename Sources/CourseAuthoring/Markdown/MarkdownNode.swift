/// A pure-Swift Markdown tree converted from cmark's. No C pointer lives in it.
public struct MarkdownNode: Sendable, Equatable {
    /// What a node is, with the data cmark attaches to that kind.
    public enum Kind: Sendable, Equatable {
        case document
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        case item
        case codeBlock(info: String, literal: String)
        case htmlBlock(String)
        case paragraph
        case heading(level: Int)
        case thematicBreak
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case link(destination: String, title: String)
        case image(source: String, title: String)
        /// `$...$`, byte-exact as written between the dollars.
        case inlineMath(String)
        /// `$$...$$`, byte-exact as written between the dollars; a block when it fills its paragraph.
        case displayMath(String)
        case customBlock
        case customInline
    }

    public var kind: Kind
    public var children: [MarkdownNode]
    /// Where cmark says the node is; `nil` when cmark reports no position (inline nodes, mostly).
    public var range: SourceRange?

    public init(kind: Kind, children: [MarkdownNode] = [], range: SourceRange? = nil) {
        self.kind = kind
        self.children = children
        self.range = range
    }

    /// The literal text of a leaf (text, code, HTML, code block, math), `nil` for containers.
    public var literal: String? {
        switch kind {
        case .text(let s), .code(let s), .htmlInline(let s), .htmlBlock(let s),
            .inlineMath(let s), .displayMath(let s):
            return s
        case .codeBlock(_, let literal):
            return literal
        default:
            return nil
        }
    }

    /// The info string of a fenced code block (`swift exercise id=x`), `nil` otherwise.
    public var fenceInfo: String? {
        if case .codeBlock(let info, _) = kind { return info }
        return nil
    }

    /// The concatenated plain text below this node (math as written, breaks as spaces).
    public var plainText: String {
        switch kind {
        case .softBreak, .lineBreak: return " "
        case .inlineMath(let s): return "$\(s)$"
        case .displayMath(let s): return "$$\(s)$$"
        default: break
        }
        if let literal, children.isEmpty { return literal }
        return children.map(\.plainText).joined()
    }

    /// Every node below this one (and itself), depth first, in document order.
    public func walk(_ visit: (MarkdownNode) -> Void) {
        var stack: [MarkdownNode] = [self]
        while let node = stack.popLast() {
            visit(node)
            stack.append(contentsOf: node.children.reversed())
        }
    }
}
