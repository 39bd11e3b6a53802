/// Hides `$...$` and `$$...$$` from cmark so math survives parsing byte-exact.
///
/// cmark knows no math: it would eat backslash escapes (`\{`, `\\`, `\,`), turn `*`/`_` pairs into
/// emphasis and split `$$` blocks at blank lines. Before parsing, each math span is replaced by a
/// placeholder made of private-use characters, which cmark passes through untouched; a span over
/// several lines leaves one continuation mark per line, so every later line keeps its number.
/// `MathRestorer` swaps the placeholders back in the converted tree.
///
/// The delimiters follow pandoc's `tex_math_dollars`: an opening `$` is followed by a non-space and
/// the first `$` after it closes the span if it is preceded by a non-space and not followed by a
/// digit, else the opening `$` is prose (so "$5 and $10" is prose); `\$` is a literal dollar. Code
/// spans, fenced and indented code blocks and autolinks are left alone. Inside a block quote, the
/// `>` markers of a span's later lines stay in the text cmark sees and out of the TeX.
struct MathProtector {
    /// One math span cut out of the source.
    struct Span: Equatable {
        var content: String
        var display: Bool
        var location: SourceLocation
    }

    static let inlineOpen: Character = "\u{E000}"
    static let inlineClose: Character = "\u{E001}"
    static let displayOpen: Character = "\u{E002}"
    static let displayClose: Character = "\u{E003}"
    /// Starts each line that a multi-line span covered.
    static let continuation: Character = "\u{E004}"

    private(set) var spans: [Span] = []
    private(set) var diagnostics: [Diagnostic] = []
    let file: String

    private let src: [UInt8]
    private var out: [UInt8] = []
    private var i = 0
    private var line = 1
    private var lineStart = 0
    private var previousLineBlank = true
    private var inList = false

    init(source: String, file: String) {
        self.src = Array(source.utf8)
        self.file = file
        out.reserveCapacity(src.count)
    }

    /// The source with every math span replaced by a placeholder, line structure intact.
    mutating func protect() -> String {
        while i < src.count {
            if i == lineStart, copyCodeLines() { continue }
            scanInline()
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Block-level code

    /// At a line start: copies a fenced code block or an indented code line verbatim.
    private mutating func copyCodeLines() -> Bool {
        let (indent, contentStart) = Self.indentation(src, from: i)
        let blank = contentStart >= src.count || src[contentStart] == ._newline
        if blank {
            previousLineBlank = true
            return false
        }
        let fenceStart = Self.skipContainerMarkers(src, from: contentStart)
        if indent < 4 || inList || fenceStart != contentStart, let fence = Self.fence(src, at: fenceStart) {
            copyLine()
            while i < src.count {
                let (_, start) = Self.indentation(src, from: i)
                let closes =
                    Self.fence(src, at: Self.skipContainerMarkers(src, from: start)).map {
                        $0.char == fence.char && $0.length >= fence.length && $0.infoIsEmpty
                    } ?? false
                copyLine()
                if closes { break }
            }
            previousLineBlank = false
            return true
        }
        if indent >= 4 && previousLineBlank && !inList {
            copyLine()
            previousLineBlank = true  // an indented code block continues on the next indented line
            return true
        }
        if indent < 4 { inList = Self.startsListItem(src, at: contentStart) || (inList && indent > 0) }
        previousLineBlank = false
        return false
    }

    private mutating func copyLine() {
        while i < src.count && src[i] != ._newline { out.append(src[i]); i += 1 }
        if i < src.count { newline() }
    }

    private mutating func newline() {
        out.append(._newline)
        i += 1
        line += 1
        lineStart = i
    }

    // MARK: - Inline scanning

    /// Scans from `i` to the end of the line, cutting out math and skipping code spans.
    private mutating func scanInline() {
        while i < src.count {
            let byte = src[i]
            if byte == ._newline {
                newline()
                return
            }
            if byte == ._backslash, i + 1 < src.count, src[i + 1] != ._newline {
                out.append(contentsOf: src[i...i + 1])
                i += 2
            } else if byte == ._backtick {
                copyCodeSpan()
            } else if byte == UInt8(ascii: "<"), let end = Self.autolinkEnd(src, at: i) {
                copy(through: end)  // `<https://x.org/$a$>` is a URL: no math in it
            } else if byte == ._dollar {
                cutMath()
            } else {
                out.append(byte)
                i += 1
            }
        }
    }

    /// Copies a backtick code span verbatim when it closes within the paragraph, else the run alone.
    private mutating func copyCodeSpan() {
        let runLength = Self.run(src, of: ._backtick, at: i)
        var j = i + runLength
        while j < src.count {
            if src[j] == ._backtick {
                let closing = Self.run(src, of: ._backtick, at: j)
                if closing == runLength { copy(through: j + closing); return }
                j += closing
            } else if src[j] == ._newline && Self.isBlankLine(src, after: j) {
                break
            } else {
                j += 1
            }
        }
        copy(through: i + runLength)
    }

    /// Copies `src[i..<end]`, keeping the line count up to date.
    private mutating func copy(through end: Int) {
        while i < end {
            if src[i] == ._newline { newline() } else { out.append(src[i]); i += 1 }
        }
    }

    private mutating func cutMath() {
        let start = i
        let location = SourceLocation(line: line, column: start - lineStart + 1)
        let display = start + 1 < src.count && src[start + 1] == ._dollar
        let contentStart = start + (display ? 2 : 1)
        let contentEnd = display ? findDisplayEnd(from: contentStart) : findInlineEnd(from: contentStart)
        guard let contentEnd else {
            if display {
                diagnostics.append(
                    Diagnostic(
                        "course.math.unterminatedDisplay", file: file, at: location,
                        "display math opened with '$$' is never closed",
                        notes: [.init(message: "close it with '$$'; write '\\$' for a literal dollar sign")]))
            } else if contentStart < src.count, !Self.isSpace(src[contentStart]), !Self.isDigit(src[contentStart]) {
                // A `$` that could open math but finds no closing `$` would show on the page as a
                // stray dollar sign; a `$` before a digit is a price and stays prose silently.
                diagnostics.append(
                    Diagnostic(
                        "course.math.unclosed", file: file, at: location,
                        "'$' opens inline math that is never closed in this paragraph",
                        notes: [.init(message: "close it with '$' right after the formula (no space before it, no digit after it); write '\\$' for a literal dollar sign")]))
            }
            out.append(contentsOf: src[start..<contentStart])
            i = contentStart
            return
        }
        // Inside a block quote, the lines after the first start with the quote's `>` markers:
        // they belong to the quote, not to the TeX, so they stay in the text cmark sees.
        let quoteDepth = Self.quoteDepth(src, lineStart: lineStart)
        var content: [UInt8] = []
        var continuationLines: [ArraySlice<UInt8>] = []  // each line's quote markers
        var k = contentStart
        while k < contentEnd {
            if src[k] == ._newline {
                content.append(._newline)
                let markersEnd = min(Self.skipQuoteMarkers(src, from: k + 1, depth: quoteDepth), contentEnd)
                continuationLines.append(src[(k + 1)..<markersEnd])
                k = markersEnd
            } else {
                content.append(src[k])
                k += 1
            }
        }
        let index = spans.count
        spans.append(Span(content: String(decoding: content, as: UTF8.self), display: display, location: location))
        let (open, close) = display ? (Self.displayOpen, Self.displayClose) : (Self.inlineOpen, Self.inlineClose)
        out.append(contentsOf: "\(open)\(index)\(close)".utf8)
        let end = contentEnd + (display ? 2 : 1)
        for markers in continuationLines {
            line += 1
            lineStart = markers.startIndex
            out.append(._newline)
            out.append(contentsOf: markers)
            out.append(contentsOf: String(Self.continuation).utf8)
        }
        i = end
    }

    /// The index of the closing `$` of inline math starting at `from`, within the paragraph.
    private func findInlineEnd(from: Int) -> Int? {
        guard from < src.count, !Self.isSpace(src[from]) else { return nil }
        var j = from
        while j < src.count {
            switch src[j] {
            case ._backslash: j += 2
            case ._newline where Self.isBlankLine(src, after: j): return nil
            case ._dollar:
                // pandoc: the first `$` that follows closes the span or nothing does, so in
                // "Between $5 and $10, we have $x$." only `$x$` is math.
                let afterIsDigit = j + 1 < src.count && Self.isDigit(src[j + 1])
                return !Self.isSpace(src[j - 1]) && !afterIsDigit ? j : nil
            default: j += 1
            }
        }
        return nil
    }

    /// The index of the closing `$$` of display math starting at `from`; blank lines do not end it.
    private func findDisplayEnd(from: Int) -> Int? {
        var j = from
        while j < src.count {
            switch src[j] {
            case ._backslash: j += 2
            case ._dollar where j + 1 < src.count && src[j + 1] == ._dollar: return j
            case ._newline:
                // A code fence inside math is far likelier an unclosed `$$` than real math.
                let (indent, start) = Self.indentation(src, from: j + 1)
                if indent < 4, Self.fence(src, at: start) != nil { return nil }
                j += 1
            default: j += 1
            }
        }
        return nil
    }

    // MARK: - Byte helpers

    private static func isDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }

    private static func isSpace(_ b: UInt8) -> Bool { b == ._space || b == ._tab || b == ._newline || b == ._return }

    /// Column width of leading white space (tabs to multiples of 4) and where the content starts.
    static func indentation(_ s: [UInt8], from: Int) -> (Int, Int) {
        var width = 0, j = from
        while j < s.count {
            if s[j] == ._space { width += 1 } else if s[j] == ._tab { width += 4 - width % 4 } else { break }
            j += 1
        }
        return (width, j)
    }

    /// Past block-quote markers (`> `) and a list marker (`- `, `1. `) that may stand before a fence.
    static func skipContainerMarkers(_ s: [UInt8], from start: Int) -> Int {
        var j = start
        while true {
            if j < s.count && s[j] == UInt8(ascii: ">") {
                j += 1
                while j < s.count && (s[j] == ._space || s[j] == ._tab) { j += 1 }
                continue
            }
            if startsListItem(s, at: j) {
                while j < s.count && !isSpace(s[j]) { j += 1 }
                while j < s.count && (s[j] == ._space || s[j] == ._tab) { j += 1 }
                continue
            }
            return j
        }
    }

    /// The index just past an autolink (`<scheme:…>` or `<user@host>`, as CommonMark defines them)
    /// starting at `at`, or `nil` when the `<` opens none.
    static func autolinkEnd(_ s: [UInt8], at: Int) -> Int? {
        var j = at + 1
        var sawColon = false, sawAt = false
        while j < s.count, s[j] != UInt8(ascii: ">") {
            let b = s[j]
            if b == UInt8(ascii: "<") || b <= ._space { return nil }
            if b == UInt8(ascii: ":") && !sawColon {
                // The scheme: a letter, then 1 to 31 letters, digits, `+`, `.` or `-`.
                let scheme = s[(at + 1)..<j]
                guard (2...32).contains(scheme.count), let first = scheme.first, isLetter(first),
                    scheme.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
                else { return nil }
                sawColon = true
            }
            if b == UInt8(ascii: "@") { sawAt = true }
            j += 1
        }
        guard j < s.count, sawColon || sawAt else { return nil }
        return j + 1
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

    /// How many block-quote markers (`>`) open the line starting at `lineStart`.
    static func quoteDepth(_ s: [UInt8], lineStart: Int) -> Int {
        var depth = 0, j = lineStart
        while true {
            let next = skipQuoteMarkers(s, from: j, depth: 1)
            if next == j { return depth }
            depth += 1
            j = next
        }
    }

    /// Past at most `depth` block-quote markers (up to three spaces, `>`, one optional space).
    static func skipQuoteMarkers(_ s: [UInt8], from start: Int, depth: Int) -> Int {
        var j = start
        for _ in 0..<depth {
            var k = j
            while k < s.count && k - j < 3 && s[k] == ._space { k += 1 }
            guard k < s.count, s[k] == UInt8(ascii: ">") else { break }
            j = k + 1
            if j < s.count && s[j] == ._space { j += 1 }
        }
        return j
    }

    static func run(_ s: [UInt8], of byte: UInt8, at start: Int) -> Int {
        var j = start
        while j < s.count && s[j] == byte { j += 1 }
        return j - start
    }

    /// Whether the line after the newline at `index` holds only white space.
    static func isBlankLine(_ s: [UInt8], after index: Int) -> Bool {
        var j = index + 1
        while j < s.count && (s[j] == ._space || s[j] == ._tab || s[j] == ._return) { j += 1 }
        return j >= s.count || s[j] == ._newline
    }

    /// A code fence (3+ backticks or tildes) starting at `at`, if there is one.
    static func fence(_ s: [UInt8], at: Int) -> (char: UInt8, length: Int, infoIsEmpty: Bool)? {
        guard at < s.count, s[at] == ._backtick || s[at] == ._tilde else { return nil }
        let length = run(s, of: s[at], at: at)
        guard length >= 3 else { return nil }
        var j = at + length
        var infoIsEmpty = true
        while j < s.count && s[j] != ._newline {
            if s[at] == ._backtick && s[j] == ._backtick { return nil }  // backticks in a backtick info string: not a fence
            if !isSpace(s[j]) { infoIsEmpty = false }
            j += 1
        }
        return (s[at], length, infoIsEmpty)
    }

    static func startsListItem(_ s: [UInt8], at: Int) -> Bool {
        guard at < s.count else { return false }
        let b = s[at]
        if b == UInt8(ascii: "-") || b == UInt8(ascii: "*") || b == UInt8(ascii: "+") {
            return at + 1 < s.count && isSpace(s[at + 1])
        }
        var j = at
        while j < s.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(s[j]) { j += 1 }
        guard j > at, j < s.count, s[j] == UInt8(ascii: ".") || s[j] == UInt8(ascii: ")") else { return false }
        return j + 1 < s.count && isSpace(s[j + 1])
    }
}

extension UInt8 {
    static let _newline = UInt8(ascii: "\n")
    static let _return = UInt8(ascii: "\r")
    static let _space = UInt8(ascii: " ")
    static let _tab = UInt8(ascii: "\t")
    static let _backslash = UInt8(ascii: "\\")
    static let _backtick = UInt8(ascii: "`")
    static let _tilde = UInt8(ascii: "~")
    static let _dollar = UInt8(ascii: "$")
}
