/// Puts the math that `MathProtector` cut out back into a converted tree, as math nodes.
struct MathRestorer {
    let spans: [MathProtector.Span]

    /// The tree with placeholders replaced; a paragraph that holds only display math becomes a block.
    func restore(_ node: MarkdownNode) -> MarkdownNode {
        var node = node
        switch node.kind {
        case .htmlBlock(let html): node.kind = .htmlBlock(restoreVerbatim(html))
        case .htmlInline(let html): node.kind = .htmlInline(restoreVerbatim(html))
        // Code should never hold a placeholder; if the scanner misread a block as prose, the code
        // still comes back as written.
        case .codeBlock(let info, let literal): node.kind = .codeBlock(info: info, literal: restoreVerbatim(literal))
        case .code(let literal): node.kind = .code(restoreVerbatim(literal))
        // A `$` in a destination or title (inline, or from a reference definition) is part of the
        // URL or the tooltip, never math.
        case .link(let destination, let title):
            node.kind = .link(destination: restoreVerbatim(destination), title: restoreVerbatim(title))
        case .image(let source, let title):
            node.kind = .image(source: restoreVerbatim(source), title: restoreVerbatim(title))
        default: break
        }
        node.children = restoreInlines(node.children.map(restore))
        if case .paragraph = node.kind, node.children.count == 1, case .displayMath = node.children[0].kind {
            node.kind = node.children[0].kind
            node.children = []
        }
        return node
    }

    private func restoreInlines(_ children: [MarkdownNode]) -> [MarkdownNode] {
        var result: [MarkdownNode] = []
        for (index, child) in children.enumerated() {
            // A soft break followed by a continuation mark was a newline inside math: drop it.
            if case .softBreak = child.kind, index + 1 < children.count,
                case .text(let next) = children[index + 1].kind, next.first == MathProtector.continuation
            {
                continue
            }
            guard case .text(let text) = child.kind, text.unicodeScalars.contains(where: Self.isMarker) else {
                result.append(child)
                continue
            }
            result.append(contentsOf: split(text, range: child.range))
        }
        return result
    }

    /// Raw HTML keeps math as the author wrote it, delimiters included.
    private func restoreVerbatim(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Self.isMarker) else { return text }
        var result = text.replacingOccurrences(of: "\n" + String(MathProtector.continuation), with: "")
        for (index, span) in spans.enumerated().reversed() {
            let (open, close) =
                span.display
                ? (MathProtector.displayOpen, MathProtector.displayClose)
                : (MathProtector.inlineOpen, MathProtector.inlineClose)
            let delimiter = span.display ? "$$" : "$"
            result = result.replacingOccurrences(of: "\(open)\(index)\(close)", with: delimiter + span.content + delimiter)
        }
        return result
    }

    private static func isMarker(_ scalar: Unicode.Scalar) -> Bool {
        (0xE000...0xE004).contains(scalar.value)
    }

    /// Splits a text literal into text and math nodes.
    private func split(_ text: String, range: SourceRange?) -> [MarkdownNode] {
        var nodes: [MarkdownNode] = []
        var plain = ""
        var scalars = text.unicodeScalars[...]
        func flush() {
            if !plain.isEmpty { nodes.append(MarkdownNode(kind: .text(plain), range: range)) }
            plain = ""
        }
        while let scalar = scalars.popFirst() {
            let display = Character(scalar) == MathProtector.displayOpen
            guard Character(scalar) == MathProtector.inlineOpen || display else {
                if Character(scalar) != MathProtector.continuation { plain.unicodeScalars.append(scalar) }
                continue
            }
            var digits = ""
            while let d = scalars.first, ("0"..."9").contains(d) { digits.unicodeScalars.append(d); scalars.removeFirst() }
            if scalars.first.map({ Self.isMarker($0) }) == true { scalars.removeFirst() }
            guard let index = Int(digits), spans.indices.contains(index) else { continue }
            flush()
            let span = spans[index]
            let location = span.location
            nodes.append(
                MarkdownNode(
                    kind: display ? .displayMath(span.content) : .inlineMath(span.content),
                    range: location...location))
        }
        flush()
        return nodes
    }
}
