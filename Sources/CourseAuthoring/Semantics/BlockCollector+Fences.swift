/// Fence lines gone wrong: a role block whose info string lost its space, and a block that runs
/// on past where its author meant it to end. Both published a hidden test without a word.
extension BlockCollector {
    /// The role a language word with no space before it names (`swift,hidden-test`,
    /// `Swift:test`): a Swift role block gone wrong.
    static func roleWord(inLanguage language: String) -> String? {
        let words = language.split { !($0.isLetter || $0.isNumber || $0 == "-") }.map { $0.lowercased() }
        guard words.first == "swift" else { return nil }
        return words.dropFirst().first { BlockRole(rawValue: $0) != nil }
    }

    /// A line inside the block that opens a fence the block's own closing fence would match
    /// (same character, at least as long): the block before it was never closed, and cmark read
    /// the next block, a hidden test say, into this one, where it would be shown.
    mutating func reportFenceInside(_ snippet: CodeSnippet, opener: Substring) {
        guard let outer = Self.fenceRun(opener) else { return }
        for (index, line) in snippet.lines.enumerated() {
            guard let inner = Self.fenceRun(line), inner.character == outer.character, inner.length >= outer.length, inner.hasInfo else { continue }
            error(
                "course.block.unclosedFence", SourceLocation(line: snippet.firstLine + index, column: 1),
                "this fence opens a block inside the block that starts at line \(snippet.fenceLocation.line): that block is missing its closing fence before this line, so everything up to the next closing fence is read as its code (and shown if it is shown)",
                notes: [.init(location: snippet.fenceLocation, message: "the block that is never closed")])
            return
        }
    }

    /// The fence character, its run's length and whether an info string follows, when `line` is
    /// a fence line (after indentation and block quote markers).
    static func fenceRun(_ line: Substring) -> (character: UInt8, length: Int, hasInfo: Bool)? {
        let bytes = Array(line.utf8)
        var j = 0
        while j < bytes.count && (bytes[j] == ._space || bytes[j] == ._tab || bytes[j] == UInt8(ascii: ">")) { j += 1 }
        guard j < bytes.count, bytes[j] == ._backtick || bytes[j] == ._tilde else { return nil }
        let character = bytes[j]
        var length = 0
        while j < bytes.count && bytes[j] == character { j += 1; length += 1 }
        guard length >= 3 else { return nil }
        let rest = bytes[j...].drop { $0 == ._space || $0 == ._tab }
        return (character, length, !rest.isEmpty)
    }
}
