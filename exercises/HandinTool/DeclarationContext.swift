internal import SwiftSyntax

/// Where a declaration stands: at file level, inside code (a function, accessor or closure),
/// or in the body of a type, protocol or extension.
enum DeclarationContext {
    case file
    case local
    /// A struct, class, enum or actor body; its qualified name when it has one.
    case type(String?)
    case protocolBody(String?)
    case extensionBody(TypeSyntax)

    /// The context of `node`: the nearest enclosing body, seen through `#if` clauses.
    init(of node: some SyntaxProtocol) {
        var current = node.parent
        while let ancestor = current {
            if ancestor.is(CodeBlockSyntax.self) || ancestor.is(ClosureExprSyntax.self) || ancestor.is(AccessorBlockSyntax.self) {
                self = .local
                return
            }
            if ancestor.is(MemberBlockSyntax.self), let group = ancestor.parent {
                if let extensionDecl = group.as(ExtensionDeclSyntax.self) {
                    self = .extensionBody(extensionDecl.extendedType)
                    return
                }
                if let protocolDecl = group.as(ProtocolDeclSyntax.self) {
                    self = .protocolBody(Self.qualifiedName(of: protocolDecl))
                    return
                }
                if let named = group.asProtocol(NamedDeclSyntax.self) {
                    self = .type(Self.qualifiedName(of: named))
                    return
                }
            }
            current = ancestor.parent
        }
        self = .file
    }

    /// Whether `node` stands in a `#if` clause. The parser reads every clause and the compiler
    /// only the active one, so a type declared in one is not counted as the student's: a red team
    /// declared `#if NEVER enum ReversibleNetworks { final class ActivationTape {} } #endif` to
    /// extend the support code's real `ActivationTape` as if it were its own.
    static func isConditional(_ node: some SyntaxProtocol) -> Bool {
        var current = node.parent
        while let ancestor = current {
            if ancestor.is(IfConfigClauseSyntax.self) { return true }
            current = ancestor.parent
        }
        return false
    }

    /// Whether declarations here are global (a file-level `func abs` is seen by every importer).
    var isFile: Bool {
        if case .file = self { return true }
        return false
    }

    /// `Outer.Inner` for a type declared in `Outer` (or in an extension of it); `nil` inside code,
    /// where a type cannot be extended.
    static func qualifiedName(of decl: some NamedDeclSyntax) -> String? {
        let name = plainName(decl.name)
        switch DeclarationContext(of: decl) {
        case .file: return name
        case .type(let outer), .protocolBody(let outer): return outer.map { "\($0).\(name)" }
        case .extensionBody(let extended): return typeName(extended).map { "\($0).\(name)" }
        case .local: return nil
        }
    }

    /// A written type's name without generic arguments (`Swift.Array<Int>` → `Swift.Array`);
    /// `nil` for sugar such as `[Int]` or `Int?`, which never names a type of the student's.
    static func typeName(_ type: TypeSyntax) -> String? {
        if let identifier = type.as(IdentifierTypeSyntax.self) { return plainName(identifier.name) }
        if let member = type.as(MemberTypeSyntax.self) {
            return typeName(member.baseType).map { "\($0).\(plainName(member.name))" }
        }
        return nil
    }

    /// Whether `modifiers` make a declaration `private` or `fileprivate` (seen in its own file
    /// only); `private(set)` restricts a setter only.
    static func isFilePrivate(_ modifiers: DeclModifierListSyntax) -> Bool {
        modifiers.contains { ["private", "fileprivate"].contains($0.name.text) && $0.detail == nil }
    }

    /// An identifier as the compiler reads it: `` `XCTFail` `` is `XCTFail`.
    static func plainName(_ token: TokenSyntax) -> String {
        token.identifier?.name ?? token.text
    }
}
