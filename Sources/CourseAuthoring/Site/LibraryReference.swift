import Foundation
internal import SwiftParser
internal import SwiftSyntax

/// The public API of the course's support library, read from its sources with the compiler's
/// parser, for the student site's reference page: each public type with its members, the free
/// functions, and the extensions of types declared elsewhere; each with its declaration as a
/// student calls it (no body, no access modifier, no optimiser attributes) and its doc comment.
/// `@_spi` declarations and anything not `public` or `open` stay out.
package struct LibraryReference: Equatable {
    package struct Symbol: Equatable {
        /// What a reader looks for: `Matrix`, `init(rows:cols:repeating:)`, `transposed()`.
        package var name: String
        /// `struct`, `func`, `init`, `var`, `case`, … (as written).
        package var kind: String
        /// The declaration on one line.
        package var declaration: String
        /// The doc comment's Markdown, without its `///`.
        package var documentation: String
        /// A type's members (and its conformances, in `conformances`); empty for the rest.
        package var members: [Symbol] = []
        package var conformances: [String] = []
    }

    /// Types the library declares (nested ones as `Outer.Inner`), by name.
    package var types: [Symbol] = []
    /// Free functions, variables and type aliases.
    package var globals: [Symbol] = []
    /// Extensions of types declared elsewhere (`RandomNumberGenerator`), one per extended type.
    package var extensions: [Symbol] = []

    /// What a reference read from `sources` depends on, for the site's caches: the files and their text.
    static func cacheKey(_ sources: [String: String]) -> String {
        sources.sorted { $0.key < $1.key }.map { "\($0.key)\u{1}\($0.value)" }.joined(separator: "\u{0}")
    }

    /// Reads every file of `sources` (file name → text).
    package init(sources: [String: String]) {
        let reader = Reader()
        for name in sources.keys.sorted() {
            guard let text = sources[name] else { continue }
            reader.read(Parser.parse(source: text))
        }
        let declared = Set(reader.types.keys)
        // Types and protocols the library keeps to itself: their extensions and conformances are not its API.
        let unlisted = reader.allTypeNames.subtracting(declared)
        for (name, var found) in reader.extensionMembers where !unlisted.contains(name) {
            found.conformances.removeAll { unlisted.contains($0) }
            if declared.contains(name) {
                reader.types[name]?.members += found.members
                reader.types[name]?.conformances += found.conformances
            } else if !found.members.isEmpty || !found.conformances.isEmpty {
                extensions.append(
                    Symbol(
                        name: name, kind: "extension", declaration: "extension \(name)", documentation: "",
                        members: found.members, conformances: found.conformances))
            }
        }
        for name in reader.types.keys { reader.types[name]?.conformances.removeAll { unlisted.contains($0) } }
        types = reader.types.values.sorted { $0.name < $1.name }
        extensions.sort { $0.name < $1.name }
        globals = reader.globals
    }
}

/// Walks top-level declarations (and types nested in them), collecting what is public.
private final class Reader {
    var types: [String: LibraryReference.Symbol] = [:]
    var globals: [LibraryReference.Symbol] = []
    var extensionMembers: [String: (members: [LibraryReference.Symbol], conformances: [String])] = [:]
    /// Every type the sources declare, public or not.
    var allTypeNames: Set<String> = []

    func read(_ file: SourceFileSyntax) {
        for item in file.statements {
            guard let decl = item.item.as(DeclSyntax.self) else { continue }
            if let ext = decl.as(ExtensionDeclSyntax.self) {
                readExtension(ext)
            } else if let type = TypeDeclaration(decl) {
                readType(type, prefix: "")
            } else if Access.isPublic(decl, default: false), let symbol = Members.symbol(decl) {
                globals.append(symbol)
            }
        }
    }

    private func readType(_ type: TypeDeclaration, prefix: String) {
        let name = prefix + type.name
        allTypeNames.insert(name)
        guard Access.isPublic(type.decl, default: false) else { return }
        var symbol = LibraryReference.Symbol(
            name: name, kind: type.keyword, declaration: type.header, documentation: Documentation.of(type.decl),
            conformances: type.inherited)
        // Everything a public protocol declares, and the cases of a public enum, are public.
        let membersPublic = type.keyword == "protocol"
        for member in type.members {
            if let nested = TypeDeclaration(member) {
                readType(nested, prefix: name + ".")
            } else if member.is(EnumCaseDeclSyntax.self) || Access.isPublic(member, default: membersPublic),
                let found = Members.symbol(member)
            {
                symbol.members.append(found)
            }
        }
        types[name] = symbol
    }

    private func readExtension(_ ext: ExtensionDeclSyntax) {
        guard !Access.isSPI(ext.attributes) else { return }
        let extended = Declaration.line(Syntax(ext.extendedType))
        let constraint = ext.genericWhereClause.map { " " + Declaration.line(Syntax($0)) } ?? ""
        let membersPublic = ext.modifiers.contains { Access.publicKeywords.contains($0.name.text) }
        var found = extensionMembers[extended] ?? ([], [])
        // A conformance added by an extension is public when the protocol and the type are.
        found.conformances += ext.inheritanceClause?.inheritedTypes.map { Declaration.line(Syntax($0.type)) } ?? []
        for member in ext.memberBlock.members.map(\.decl) {
            if let nested = TypeDeclaration(member) {
                readType(nested, prefix: extended + ".")
            } else if Access.isPublic(member, default: membersPublic), var symbol = Members.symbol(member) {
                if !constraint.isEmpty { symbol.declaration += "  // \(constraint.trimmingCharacters(in: .whitespaces))" }
                found.members.append(symbol)
            }
        }
        extensionMembers[extended] = found
    }
}

/// A struct, class, enum, actor or protocol declaration, seen the same way.
private struct TypeDeclaration {
    let decl: DeclSyntax
    let keyword: String
    let name: String
    let inherited: [String]
    let members: [DeclSyntax]
    /// `struct Matrix<T>: Equatable where …`: the declaration without its members.
    let header: String

    init?(_ decl: DeclSyntax) {
        let group: (keyword: TokenSyntax, name: TokenSyntax, inheritance: InheritanceClauseSyntax?, block: MemberBlockSyntax)
        if let d = decl.as(StructDeclSyntax.self) {
            group = (d.structKeyword, d.name, d.inheritanceClause, d.memberBlock)
        } else if let d = decl.as(ClassDeclSyntax.self) {
            group = (d.classKeyword, d.name, d.inheritanceClause, d.memberBlock)
        } else if let d = decl.as(EnumDeclSyntax.self) {
            group = (d.enumKeyword, d.name, d.inheritanceClause, d.memberBlock)
        } else if let d = decl.as(ActorDeclSyntax.self) {
            group = (d.actorKeyword, d.name, d.inheritanceClause, d.memberBlock)
        } else if let d = decl.as(ProtocolDeclSyntax.self) {
            group = (d.protocolKeyword, d.name, d.inheritanceClause, d.memberBlock)
        } else {
            return nil
        }
        self.decl = decl
        keyword = group.keyword.text
        name = group.name.text
        inherited = group.inheritance?.inheritedTypes.map { Declaration.line(Syntax($0.type)) } ?? []
        members = group.block.members.map(\.decl)
        header = Declaration.line(Syntax(decl), stoppingAt: Syntax(group.block))
    }
}

/// Access as the reference reads it.
private enum Access {
    static let publicKeywords: Set<String> = ["public", "open"]

    /// Whether `decl` is part of the public API: declared `public` or `open` (or, with no access
    /// modifier, `default`: members of a public protocol or a `public extension`), and not `@_spi`.
    static func isPublic(_ decl: DeclSyntax, default: Bool) -> Bool {
        guard let group = decl.asProtocol(WithModifiersSyntax.self) else { return false }
        if let attributed = decl.asProtocol(WithAttributesSyntax.self), isSPI(attributed.attributes) { return false }
        // `private(set)` is about the setter; the declaration's own access is the plain keyword.
        let access = group.modifiers.filter { $0.detail == nil }.map(\.name.text)
        if access.contains(where: publicKeywords.contains) { return true }
        return `default` && !access.contains { ["private", "fileprivate", "internal", "package"].contains($0) }
    }

    static func isSPI(_ attributes: AttributeListSyntax) -> Bool {
        attributes.contains { $0.as(AttributeSyntax.self)?.attributeName.trimmedDescription == "_spi" }
    }
}

/// Members as symbols: the name a reader looks for and the declaration they call.
private enum Members {
    static func symbol(_ decl: DeclSyntax) -> LibraryReference.Symbol? {
        let documentation = Documentation.of(decl)
        func make(_ name: String, _ kind: String, _ declaration: String) -> LibraryReference.Symbol {
            LibraryReference.Symbol(name: name, kind: kind, declaration: declaration, documentation: documentation)
        }
        if let f = decl.as(FunctionDeclSyntax.self) {
            // An operator's parameters have no argument labels (`<(_:_:)`, as DocC names it).
            let isOperator = f.name.text.first.map { !$0.isLetter && $0 != "_" } ?? false
            let labels = f.signature.parameterClause.parameters.map { (isOperator ? "_" : $0.firstName.text) + ":" }.joined()
            return make("\(f.name.text)(\(labels))", "func", Declaration.line(Syntax(f), stoppingAt: f.body.map(Syntax.init)))
        }
        if let i = decl.as(InitializerDeclSyntax.self) {
            let labels = i.signature.parameterClause.parameters.map { $0.firstName.text + ":" }.joined()
            return make("init(\(labels))", "init", Declaration.line(Syntax(i), stoppingAt: i.body.map(Syntax.init)))
        }
        if let s = decl.as(SubscriptDeclSyntax.self) {
            let labels = s.parameterClause.parameters.map { $0.firstName.text + ":" }.joined()
            let accessors = s.accessorBlock.map(accessorSummary) ?? ""
            return make("subscript(\(labels))", "subscript", Declaration.line(Syntax(s), stoppingAt: s.accessorBlock.map(Syntax.init)) + accessors)
        }
        if let v = decl.as(VariableDeclSyntax.self) {
            let names = v.bindings.map { $0.pattern.trimmedDescription }.joined(separator: ", ")
            var line = Declaration.line(Syntax(v))
            if let binding = v.bindings.last, let block = binding.accessorBlock {
                line = Declaration.line(Syntax(v), stoppingAt: Syntax(block)) + accessorSummary(block)
            } else if let binding = v.bindings.last, let initializer = binding.initializer, !Members.isLiteral(initializer.value) {
                // `let cpu: InstructionSet = level(…)`: the type is what a caller needs, not how it
                // is computed (which may call what is not public). A literal (`= []`) says more.
                line = Declaration.line(Syntax(v), stoppingAt: Syntax(initializer))
                if binding.typeAnnotation == nil, let call = initializer.value.as(FunctionCallExprSyntax.self),
                    let type = call.calledExpression.as(DeclReferenceExprSyntax.self), type.baseName.text.first?.isUppercase == true
                {
                    line += ": \(type.baseName.text)"
                } else if binding.typeAnnotation == nil {
                    line = Declaration.line(Syntax(v))
                }
            }
            // A stored `var` whose setter is not public reads as a computed one would.
            if v.bindingSpecifier.text == "var" && v.modifiers.contains(where: { $0.detail?.detail.text == "set" && !Access.publicKeywords.contains($0.name.text) }) {
                line += " { get }"
            }
            return make(names, v.bindingSpecifier.text, line)
        }
        if let c = decl.as(EnumCaseDeclSyntax.self) {
            return make(c.elements.map { $0.name.text }.joined(separator: ", "), "case", Declaration.line(Syntax(c)))
        }
        if let t = decl.as(TypeAliasDeclSyntax.self) { return make(t.name.text, "typealias", Declaration.line(Syntax(t))) }
        if let a = decl.as(AssociatedTypeDeclSyntax.self) { return make(a.name.text, "associatedtype", Declaration.line(Syntax(a))) }
        return nil
    }

    /// A literal, or an array or dictionary of literals: shown as the value a property starts with.
    static func isLiteral(_ expression: ExprSyntax) -> Bool {
        if expression.is(StringLiteralExprSyntax.self) || expression.is(IntegerLiteralExprSyntax.self)
            || expression.is(FloatLiteralExprSyntax.self) || expression.is(BooleanLiteralExprSyntax.self) || expression.is(NilLiteralExprSyntax.self)
        {
            return true
        }
        if let prefix = expression.as(PrefixOperatorExprSyntax.self) { return prefix.operator.text == "-" && isLiteral(prefix.expression) }
        if let array = expression.as(ArrayExprSyntax.self) { return array.elements.allSatisfy { isLiteral($0.expression) } }
        if let dictionary = expression.as(DictionaryExprSyntax.self) {
            guard case .elements(let elements) = dictionary.content else { return true }
            return elements.allSatisfy { isLiteral($0.key) && isLiteral($0.value) }
        }
        return false
    }

    /// ` { get }` or ` { get set }` for a computed property or subscript (a protocol's requirement as written).
    static func accessorSummary(_ block: AccessorBlockSyntax) -> String {
        guard case .accessors(let list) = block.accessors else { return " { get }" }
        let kinds = Set(list.map(\.accessorSpecifier.text))
        return kinds.contains("set") || kinds.contains("_modify") || kinds.contains("nonmutating") ? " { get set }" : " { get }"
    }
}

/// Declarations as one line of text.
private enum Declaration {
    /// Attributes a caller does not need to see: they steer the optimiser or the ABI.
    static let hiddenAttributes: Set<String> = [
        "inlinable", "inline", "usableFromInline", "frozen", "_transparent", "_alwaysEmitIntoClient", "_specialize", "_effects",
        "_semantics", "_optimize", "_disfavoredOverload", "unsafe"
    ]

    /// The tokens of `node` up to `end` (left out), joined on one line: comments, the access
    /// modifier and optimiser attributes dropped, one space where the source had any.
    static func line(_ node: Syntax, stoppingAt end: Syntax? = nil) -> String {
        var out = ""
        var pendingSpace = false
        for token in node.tokens(viewMode: .sourceAccurate) {
            if let end, token.position >= end.position { break }
            if skipped(token) { pendingSpace = pendingSpace || !out.isEmpty; continue }
            let text = token.text
            let hadTrivia = !token.leadingTrivia.isEmpty
            if !out.isEmpty && (pendingSpace || hadTrivia) && !"([".contains(out.last!) && ![")", "]", ",", ":", ">"].contains(text) {
                out += " "
            }
            out += text
            pendingSpace = !token.trailingTrivia.isEmpty
        }
        return out
    }

    /// An access modifier, or a token of a hidden attribute.
    private static func skipped(_ token: TokenSyntax) -> Bool {
        if let modifier = token.parent?.as(DeclModifierSyntax.self) {
            return Access.publicKeywords.contains(modifier.name.text) || (modifier.detail != nil && modifier.name.text != "public")
        }
        if let detail = token.parent?.as(DeclModifierDetailSyntax.self), let modifier = detail.parent?.as(DeclModifierSyntax.self) {
            return modifier.name.text != "public"
        }
        var node = token.parent
        while let current = node, !current.is(DeclSyntax.self) {
            if let attribute = current.as(AttributeSyntax.self), attribute.parent?.is(AttributeListSyntax.self) == true,
                attribute.parent?.parent?.is(DeclSyntax.self) == true
            {
                return hiddenAttributes.contains(attribute.attributeName.trimmedDescription)
            }
            node = current.parent
        }
        return false
    }
}

/// Doc comments as Markdown.
private enum Documentation {
    /// The `///` lines (or `/** */` block) before `decl`, without their markers.
    static func of(_ decl: DeclSyntax) -> String {
        var lines: [String] = []
        for piece in decl.leadingTrivia {
            switch piece {
            case .docLineComment(let text):
                var line = Substring(text.dropFirst(3))
                if line.first == " " { line = line.dropFirst() }
                lines.append(String(line))
            case .docBlockComment(let text):
                let body = text.dropFirst(3).dropLast(2)
                for raw in body.split(separator: "\n", omittingEmptySubsequences: false) {
                    var line = raw.drop { $0 == " " || $0 == "\t" }
                    if line.first == "*" { line = line.dropFirst(); if line.first == " " { line = line.dropFirst() } }
                    lines.append(String(line))
                }
            case .lineComment, .blockComment:
                lines = []  // a plain comment between doc comment and declaration: the doc is what follows it
            default:
                continue
            }
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
