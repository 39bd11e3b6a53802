/// Highlights Swift source at build time as HTML spans, so pages read well with JavaScript off.
///
/// A lexer, not a parser: it knows Swift's comments (nested block comments too), string literals
/// (including multi-line and raw `#"…"#` strings), numbers, keywords, attributes, `#` directives
/// and capitalised type names. That is all the colouring a lesson needs, and it costs no
/// dependency; SwiftSyntax would add minutes to every CI build for the same result on
/// well-formed code (see the README).
public enum SwiftHighlighter {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
        "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else",
        "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "Any",
        "catch", "false", "is", "nil", "super", "self", "Self", "throw", "throws", "true", "try", "async", "await",
        "mutating", "nonmutating", "override", "final", "lazy", "weak", "unowned", "some", "any", "convenience",
        "required", "indirect", "consuming", "borrowing", "sending", "nonisolated", "actor", "get", "set",
    ]

    /// HTML for `code`, every character escaped, tokens wrapped in `<span class="tok-…">`.
    public static func html(_ code: String) -> String {
        let chars = Array(code.unicodeScalars)
        var out = ""
        var i = 0
        func emit(_ kind: String?, _ from: Int, _ to: Int) {
            var text = ""
            text.unicodeScalars.append(contentsOf: chars[from..<to])
            let escaped = HTMLRenderer.escape(text)
            out += kind.map { "<span class=\"tok-\($0)\">\(escaped)</span>" } ?? escaped
        }
        while i < chars.count {
            let c = chars[i]
            let next = i + 1 < chars.count ? chars[i + 1] : "\0"
            if c == "/" && next == "/" {
                var j = i
                while j < chars.count && chars[j] != "\n" { j += 1 }
                emit("comment", i, j); i = j
            } else if c == "/" && next == "*" {
                var j = i + 2, depth = 1
                while j < chars.count && depth > 0 {
                    if chars[j] == "/" && j + 1 < chars.count && chars[j + 1] == "*" { depth += 1; j += 2 }
                    else if chars[j] == "*" && j + 1 < chars.count && chars[j + 1] == "/" { depth -= 1; j += 2 }
                    else { j += 1 }
                }
                emit("comment", i, min(j, chars.count)); i = min(j, chars.count)
            } else if c == "\"" || (c == "#" && stringStart(chars, i) != nil) {
                let j = stringEnd(chars, i)
                emit("string", i, j); i = j
            } else if c == "@" || c == "#" {
                var j = i + 1
                while j < chars.count && isIdentifier(chars[j]) { j += 1 }
                emit(c == "@" ? "attribute" : "keyword", i, j); i = j
            } else if isDigit(c) {
                var j = i + 1
                while j < chars.count && (isIdentifier(chars[j]) || chars[j] == "." && j + 1 < chars.count && isDigit(chars[j + 1])) { j += 1 }
                emit("number", i, j); i = j
            } else if isIdentifierStart(c) {
                var j = i + 1
                while j < chars.count && isIdentifier(chars[j]) { j += 1 }
                var word = ""
                word.unicodeScalars.append(contentsOf: chars[i..<j])
                let kind: String? = keywords.contains(word) ? "keyword" : (c.properties.isUppercase ? "type" : nil)
                emit(kind, i, j); i = j
            } else {
                emit(nil, i, i + 1); i += 1
            }
        }
        return out
    }

    /// For `#…#"`: the number of `#` when a raw string starts at `i`.
    static func stringStart(_ chars: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = i
        while j < chars.count && chars[j] == "#" { j += 1 }
        return j < chars.count && chars[j] == "\"" && j > i ? j - i : nil
    }

    /// The index after the string literal that starts at `i`.
    static func stringEnd(_ chars: [Unicode.Scalar], _ i: Int) -> Int {
        let hashes = stringStart(chars, i) ?? 0
        var j = i + hashes
        let multiLine = j + 2 < chars.count && chars[j + 1] == "\"" && chars[j + 2] == "\""
        let quotes = multiLine ? 3 : 1
        j += quotes
        while j < chars.count {
            if chars[j] == "\\" && hashes == 0 { j += 2; continue }
            if !multiLine && chars[j] == "\n" { return j }
            if chars[j] == "\"" {
                var k = j, count = 0
                while k < chars.count && chars[k] == "\"" && count < quotes { k += 1; count += 1 }
                var h = 0
                while h < hashes && k < chars.count && chars[k] == "#" { k += 1; h += 1 }
                if count == quotes && h == hashes { return k }
                j += 1
                continue
            }
            j += 1
        }
        return chars.count
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
    static func isIdentifier(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || isDigit(c) }
}
