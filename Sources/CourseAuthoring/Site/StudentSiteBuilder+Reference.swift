import CourseToolchain
import Foundation

/// The support library's reference page: what students call from their exercises, read from the
/// library's own source (`LibraryReference`), so it cannot drift from the code in their package.
extension StudentSiteBuilder {
    static let referencePageName = "reference.html"

    /// Whether the site has the page: the course has a support library.
    var hasReference: Bool { !course.engineSources.isEmpty }

    /// The page's body, from the cache when the library's sources are unchanged.
    func cachedReferenceBody() -> String {
        let make = { referenceBody(LibraryReference(sources: course.engineSources)) }
        guard let fragmentCache else { return make() }
        let key = course.engineSources.sorted { $0.key < $1.key }.map { "\($0.key)\u{1}\($0.value)" }.joined(separator: "\u{0}")
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
            declaration as you call it and its documentation.</p>

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
                out += "<a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to \(HTMLEscaping.escape(symbol.name))\">#</a></h3>\n"
                out += Self.code(symbol.declaration)
                out += documentation(symbol.documentation, anchors: anchors)
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
            out += "<dt id=\"\(anchors.id(member, in: owner))\">" + Self.code(member.declaration) + "</dt>\n"
            out += "<dd>" + (member.documentation.isEmpty ? "" : documentation(member.documentation, anchors: anchors)) + "</dd>\n"
        }
        return out + "</dl>\n"
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

/// Ids for the reference page: a type's own name (`Matrix.Tail`), a member's as `Type.member`
/// with its labels (`Matrix.init(rows:cols:repeating:)`); overloads with the same labels get
/// `-2`, `-3`. Made once for the page, so the contents and the sections agree.
struct ReferenceAnchors {
    private(set) var types: [(name: String, id: String)] = []
    private var ids: [String: String] = [:]
    /// Ids by how lessons name the API: `Matrix`, `DenseLayer.backward`, `Matrix.init(rows:cols:)`.
    private var named: [String: String] = [:]

    init(_ reference: LibraryReference) {
        var used: Set<String> = []
        func unique(_ base: String) -> String {
            let clean = String(base.map { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "&" ? "-" : $0 })
            var id = clean
            var n = 2
            while !used.insert(id).inserted {
                id = "\(clean)-\(n)"
                n += 1
            }
            return id
        }
        for (group, symbols) in [("type", reference.types), ("global", reference.globals), ("extension", reference.extensions)] {
            for symbol in symbols {
                let id = unique(group == "extension" ? "extension-\(symbol.name)" : symbol.name)
                ids[Self.key(symbol, nil)] = id
                if group == "type" { types.append((symbol.name, id)) }
                if group != "extension" { named[symbol.name] = named[symbol.name] ?? id }
                for member in symbol.members {
                    let memberID = unique("\(id).\(member.name)")
                    ids[Self.key(member, symbol)] = memberID
                    guard group == "type" else { continue }
                    // The first overload stands for its base name (`DenseLayer.backward`).
                    let base = member.name.split(separator: "(").first.map(String.init) ?? member.name
                    for name in ["\(symbol.name).\(member.name)", "\(symbol.name).\(base)"] where named[name] == nil { named[name] = memberID }
                }
            }
        }
        // Longer names first, so `Matrix` does not take the place of `Matrix.Tail`.
        types.sort { $0.name.count > $1.name.count }
    }

    /// The page and place a code span in a lesson links to, when it names the library's API as
    /// written (`Matrix`, `Matrix.Tail`, `DenseLayer.backward`, `Vector.dot(_:_:)`); nil otherwise.
    func href(forCode code: String) -> String? {
        guard !code.isEmpty, code.allSatisfy({ $0.isLetter || $0.isNumber || "_.:()".contains($0) }) else { return nil }
        let base = code.split(separator: "(").first.map(String.init) ?? code
        return (named[code] ?? (base.contains(".") ? named[base] : nil)).map { StudentSiteBuilder.referencePageName + "#" + $0 }
    }

    /// What the links depend on, for caches of pages that hold them.
    var fingerprint: String { named.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{0}") }

    func id(_ symbol: LibraryReference.Symbol, in owner: LibraryReference.Symbol? = nil) -> String {
        ids[Self.key(symbol, owner)] ?? ""
    }

    private static func key(_ symbol: LibraryReference.Symbol, _ owner: LibraryReference.Symbol?) -> String {
        (owner.map { $0.kind + " " + $0.name } ?? "") + "\u{0}" + symbol.kind + " " + symbol.name + "\u{0}" + symbol.declaration
    }
}
