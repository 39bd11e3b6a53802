import CourseToolchain

/// Front-matter lines (summary, objectives) are written like the body: inline Markdown with
/// `$…$` math, so the index and the page typeset `$(\alpha\beta^2\gamma^2)^\phi$` with KaTeX as
/// the text does, instead of showing a Unicode approximation.
extension StudentSiteBuilder {
    /// `text` as inline HTML: its one paragraph without the `<p>`; anything that is not one
    /// paragraph (a line starting with `#` or `-`) is shown as the plain text it is.
    static func inlineHTML(_ text: String) -> String {
        guard let paragraph = inlineParagraph(text) else { return HTMLEscaping.escape(text) }
        let renderer = HTMLRenderer()
        return paragraph.children.map(renderer.render).joined()
    }

    /// The single paragraph `text` parses to, if it is one.
    static func inlineParagraph(_ text: String) -> MarkdownNode? {
        let (document, _) = MarkdownParser.parse(text)
        guard document.children.count == 1, let only = document.children.first, only.kind == .paragraph else { return nil }
        return only
    }

    /// A title (a lesson's, an exercise's, a figure's) is shown with `inlineHTML`, its `$…$`
    /// typeset as the text's math is; as plain text, for places that show no markup (`<title>`, `aria-label`, the search
    /// index): `$\gamma = 0$` reads γ = 0.
    static func titleText(_ title: String) -> String {
        guard title.contains("$"), let paragraph = inlineParagraph(title) else { return title }
        var terms: [String] = []
        return SearchIndexWriter.readableLine(paragraph, terms: &terms)
    }
}
