import CourseToolchain
internal import SwiftIDEUtils
internal import SwiftParser
internal import SwiftSyntax

/// Highlights Swift source at build time as HTML spans, so pages read well with JavaScript off.
///
/// The classification is the Swift parser's own (SwiftIDEUtils, the one SourceKit-LSP uses), so
/// tokens a hand-written lexer gets wrong come out whole: `1e-12` and `0x1p-3` are one number,
/// `$0` one identifier, an interpolated expression is code inside its string, `#if` is a
/// directive and nested block comments are one comment. It costs nothing to link: swift-syntax
/// is already a dependency for admission and test rewriting (see the README for the build time).
public enum SwiftHighlighter {
    /// HTML for `code`, every character escaped, tokens wrapped in `<span class="tok-…">` and each
    /// line in `<span class="line">` (lines joined by `\n`), so the stylesheet can wrap a long
    /// line with a hanging indent; a token that spans lines is split at each line's end.
    public static func html(_ code: String) -> String {
        let tree = Parser.parse(source: code)
        let bytes = Array(code.utf8)
        var lines: [String] = [""]
        // Neighbouring pieces of one class are written as one span (`#`, `"raw"`, `#`).
        var run: (kind: String?, text: String) = (nil, "")
        func flushRun() {
            guard !run.text.isEmpty else { return }
            let escaped = HTMLEscaping.escape(run.text)
            lines[lines.count - 1] += run.kind.map { "<span class=\"tok-\($0)\">\(escaped)</span>" } ?? escaped
            run.text = ""
        }
        var cursor = 0
        func emit(_ kind: String?, _ end: Int) {
            guard end > cursor else { return }
            // Line by line, on the bytes (splitting a decoded String by Character was a tenth of a site build).
            var start = cursor
            var first = true
            while true {
                let stop = bytes[start..<end].firstIndex(of: UInt8(ascii: "\n")) ?? end
                if !first { flushRun(); lines.append("") }
                if run.kind != kind { flushRun(); run.kind = kind }
                run.text += String(decoding: bytes[start..<stop], as: UTF8.self)
                first = false
                if stop == end { break }
                start = stop + 1
            }
            cursor = end
        }
        for range in tree.classifications {
            // The parser's ranges cover the source in order; text between them (none is expected)
            // is still written, plain, so no character is ever lost.
            emit(nil, min(range.range.lowerBound.utf8Offset, bytes.count))
            let end = min(range.range.upperBound.utf8Offset, bytes.count)
            guard let kind = cssClass(range.kind, text: bytes[cursor..<end]) else {
                // Plain text may hold the `#`s of a raw string (`#"…"#`), which belong to the string.
                let pound = UInt8(ascii: "#"), quote = UInt8(ascii: "\"")
                var closing = cursor
                while closing < end && bytes[closing] == pound && cursor > 0 && bytes[cursor - 1] == quote { closing += 1 }
                emit("string", closing)
                var opening = end
                while opening > cursor && bytes[opening - 1] == pound && end < bytes.count && bytes[end] == quote { opening -= 1 }
                emit(nil, opening)
                emit("string", end)
                continue
            }
            emit(kind, end)
        }
        emit(nil, bytes.count)
        flushRun()
        if lines.count > 1 && lines.last == "" { lines.removeLast() }  // the final newline ends the last line
        return lines.map { "<span class=\"line\">\($0)</span>" }.joined(separator: "\n")
    }

    /// The stylesheet's token class for a classification; capitalised identifiers in expressions
    /// (`Matrix(rows:)`, `Double.pi`) count as types, as they do in every Swift editor.
    static func cssClass(_ kind: SyntaxClassification, text: ArraySlice<UInt8>) -> String? {
        switch kind {
        case .keyword, .ifConfigDirective: return "keyword"
        case .attribute: return "attribute"
        case .type: return "type"
        case .integerLiteral, .floatLiteral: return "number"
        case .stringLiteral, .regexLiteral: return "string"
        case .lineComment, .blockComment, .docLineComment, .docBlockComment: return "comment"
        case .identifier:
            guard let first = text.first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else { return nil }
            return "type"
        default: return nil  // `$0`, labels, operators: plain text
        }
    }
}
