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
        let tree = CommonMarkConverter.convert(protected)
        return (MathRestorer(spans: protector.spans).restore(tree), protector.diagnostics)
    }
}
