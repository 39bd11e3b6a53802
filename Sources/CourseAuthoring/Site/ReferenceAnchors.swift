import Foundation

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
            // Characters an id may not hold, or an operator's that would read as another (`<` as `-`), by name.
            let names: [Character: String] = ["<": "lt", ">": "gt", "&": "amp", "\"": "quot"]
            let clean = base.map { $0.isWhitespace ? "-" : names[$0] ?? String($0) }.joined()
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

    /// `highlighted` (a declaration as `SwiftHighlighter` marks it) with each library type linked to its entry.
    func linkingTypes(in highlighted: String) -> String {
        var html = highlighted
        for (name, id) in types where !name.contains(".") {
            html = html.replacingOccurrences(
                of: "<span class=\"tok-type\">\(name)</span>", with: "<a href=\"#\(id)\"><span class=\"tok-type\">\(name)</span></a>")
        }
        return html
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
