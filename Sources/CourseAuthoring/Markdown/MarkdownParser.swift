/// The Markdown front door: math protection, cmark, and math restoration in one call.
public enum MarkdownParser {
    /// Parses a CommonMark document whose `$...$` / `$$...$$` math comes through byte-exact.
    ///
    /// - Parameters:
    ///   - source: the Markdown text (line endings `\n`).
    ///   - file: the name diagnostics carry.
    /// - Returns: the tree and any problems with the math delimiters.
    public static func parse(_ source: String, file: String = "<input>") -> (MarkdownNode, [Diagnostic]) {
        var protector = MathProtector(source: source, file: file)
        let protected = protector.protect()
        let (tree, tooDeepAtLine) = CommonMarkConverter.convertLimitingDepth(protected)
        var diagnostics = protector.diagnostics
        if let line = tooDeepAtLine {
            diagnostics.append(
                Diagnostic(
                    "course.markdown.tooDeep", file: file, at: SourceLocation(line: line, column: 1),
                    "block quotes, lists or emphasis nest more than \(CommonMarkConverter.maximumDepth) levels deep here; the deeper levels are flattened"))
        }
        return (MathRestorer(spans: protector.spans).restore(tree), diagnostics)
    }
}
