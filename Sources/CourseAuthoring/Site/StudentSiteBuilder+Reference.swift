import CourseToolchain
import Foundation

/// The support library's reference page: what students call from their exercises, read from the
/// library's own source (`LibraryReference`), so it cannot drift from the code in their package.
extension StudentSiteBuilder {
    static let referencePageName = "reference.html"

    /// Whether the site has the page: the course has a support library.
    var hasReference: Bool { !course.engineSources.isEmpty }

    /// The page's body, from the cache when the library's sources and the lessons' refusals are unchanged.
    func cachedReferenceBody(_ reference: LibraryReference) -> String {
        let make = { referenceBody(reference) }
        guard let fragmentCache else { return make() }
        var key = LibraryReference.cacheKey(course.engineSources)
        for lesson in course.lessons { key += "\u{0}\(lesson.meta.id)\u{1}\(lesson.meta.title)\u{1}\(lesson.meta.refuses.joined(separator: ","))" }
        return fragmentCache.text(kind: "reference", key: key, make: make)
    }

    /// The page's title, as the sidebar and search show it.
    static var referenceTitle: String { "\(EngineModule.name) reference" }

    func referenceBody(_ reference: LibraryReference) -> String {
        let anchors = ReferenceAnchors(reference)
        var out = "<article class=\"reference\">\n<h1>\(HTMLEscaping.escape(Self.referenceTitle))</h1>\n"
        out += """
            <p>The support library every lesson's exercises may use (<code>import \(EngineModule.name)</code>). Its source is in
            your package, <code>exercises/Sources/\(EngineModule.name)/</code>; this page lists what it makes public, with each
            declaration as you call it and its documentation. A lesson's own types (its support code) are on that
            lesson's page. Where a lesson asks you to write something the library has, the entry says so: graded code
            of that lesson may not use it.</p>

            """
        var contents = ""
        for (title, symbols) in groups(reference) where !symbols.isEmpty {
            contents += "<li class=\"level2\">\(HTMLEscaping.escape(title))<ul>"
            contents += symbols.map { "<li class=\"level3\"><a href=\"#\(anchors.id($0))\"><code>\(HTMLEscaping.escape($0.name))</code></a></li>" }.joined()
            contents += "</ul></li>"
        }
        out += "<details class=\"toc foldable\" open><summary>On this page</summary><nav aria-label=\"On this page\"><ul>\(contents)</ul></nav></details>\n"
        for (title, symbols) in groups(reference) where !symbols.isEmpty {
            out += "<h2>\(HTMLEscaping.escape(title))</h2>\n"
            if title == "Functions and constants" {
                out += members(symbols, anchors: anchors)
                continue
            }
            for symbol in symbols {
                let id = anchors.id(symbol)
                out += "<section class=\"symbol\" id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n"
                out += "<h3 id=\"\(id)-title\"><code>\(HTMLEscaping.escape(symbol.name))</code> <span class=\"kind\">\(symbol.kind)</span>"
                out += " <a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to \(HTMLEscaping.escape(symbol.name))\">#</a></h3>\n"
                out += anchors.linkingTypes(in: Self.code(symbol.declaration))
                out += documentation(symbol.documentation, anchors: anchors)
                out += refusals(of: symbol.name)
                if ["struct", "class"].contains(symbol.kind) && !symbol.members.contains(where: { $0.kind == "init" }) {
                    out += "<p class=\"note\">No public initializer: your code gets values of this type from the library's functions.</p>\n"
                }
                let conformances = symbol.conformances.filter { !symbol.declaration.contains($0) }
                if !conformances.isEmpty {
                    out += "<p class=\"conformances\">Also conforms to " + conformances.map { "<code>\(HTMLEscaping.escape($0))</code>" }.joined(separator: ", ") + ".</p>\n"
                }
                out += members(symbol.members, of: symbol, anchors: anchors)
                out += "</section>\n"
            }
        }
        return out + "</article>\n"
    }

    private func groups(_ reference: LibraryReference) -> [(String, [LibraryReference.Symbol])] {
        [("Types", reference.types), ("Functions and constants", reference.globals), ("Extensions of standard types", reference.extensions)]
    }

    private func members(_ symbols: [LibraryReference.Symbol], of owner: LibraryReference.Symbol? = nil, anchors: ReferenceAnchors) -> String {
        guard !symbols.isEmpty else { return "" }
        var out = "<dl class=\"members\">\n"
        for member in symbols {
            out += "<dt id=\"\(anchors.id(member, in: owner))\">" + anchors.linkingTypes(in: Self.code(member.declaration)) + "</dt>\n"
            let base = member.name.split(separator: "(").first.map(String.init) ?? member.name
            out += "<dd>" + documentation(member.documentation, anchors: anchors) + (owner.map { refusals(of: "\($0.name).\(base)") } ?? "") + "</dd>\n"
        }
        return out + "</dl>\n"
    }

    /// The lessons whose front matter refuses `name` (`Matrix.spectralNorm`), said where a student
    /// looks it up: their graded code may not call it.
    private func refusals(of name: String) -> String {
        let lessons = course.lessons.filter { $0.meta.refuses.contains(name) }
        guard !lessons.isEmpty else { return "" }
        let links = lessons.map { "<a href=\"\(Self.pageName($0))\">\(Self.inlineHTML($0.meta.title))</a>" }.joined(separator: ", ")
        return "<p class=\"refused\"><strong>Not in graded code of</strong> \(links): the lesson asks you to write it yourself.</p>\n"
    }

    /// A doc comment as HTML; a code span that names a type of the library links to it.
    private func documentation(_ markdown: String, anchors: ReferenceAnchors) -> String {
        guard !markdown.isEmpty else { return "" }
        var html = HTMLRenderer().render(MarkdownParser.parse(markdown).0)
        for (name, id) in anchors.types {
            html = html.replacingOccurrences(of: "<code>\(HTMLEscaping.escape(name))</code>", with: "<a href=\"#\(id)\"><code>\(HTMLEscaping.escape(name))</code></a>")
        }
        return "<div class=\"doc\">\n\(html)</div>\n"
    }
}
