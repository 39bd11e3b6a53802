internal import SwiftParser
internal import SwiftSyntax

/// A file's top-level declarations by name, with where each lies in the file's UTF-8 bytes
/// (leading comments included): what the grader needs to swap one exercise's declarations for
/// the reference's while keeping a student's helpers in the same file (`Grader.chargingSlipsOnce`).
public struct TopLevelDeclaration: Codable, Equatable, Sendable {
    /// The declared name (a function's base name, a type's name, each name a `let`/`var` binds),
    /// or for an extension the name of the type it extends.
    public var names: [String]
    public var isExtension: Bool
    /// Byte offsets in the file's UTF-8.
    public var start: Int
    public var end: Int

    /// The top-level declarations of `source`, in order; `#if` blocks and imports are not
    /// declarations here (they are kept as they are).
    public static func read(_ source: String) -> [TopLevelDeclaration] {
        Parser.parse(source: source).statements.compactMap { item in
            guard case .decl(let decl) = item.item else { return nil }
            let names: [String]
            var isExtension = false
            if let function = decl.as(FunctionDeclSyntax.self) {
                names = [function.name.text]
            } else if let type = decl.as(StructDeclSyntax.self) {
                names = [type.name.text]
            } else if let type = decl.as(ClassDeclSyntax.self) {
                names = [type.name.text]
            } else if let type = decl.as(EnumDeclSyntax.self) {
                names = [type.name.text]
            } else if let type = decl.as(ActorDeclSyntax.self) {
                names = [type.name.text]
            } else if let type = decl.as(ProtocolDeclSyntax.self) {
                names = [type.name.text]
            } else if let alias = decl.as(TypeAliasDeclSyntax.self) {
                names = [alias.name.text]
            } else if let variable = decl.as(VariableDeclSyntax.self) {
                names = variable.bindings.flatMap { binding in
                    binding.pattern.tokens(viewMode: .sourceAccurate).filter { if case .identifier = $0.tokenKind { true } else { false } }.map(\.text)
                }
            } else if let extended = decl.as(ExtensionDeclSyntax.self) {
                names = [extended.extendedType.trimmedDescription]
                isExtension = true
            } else {
                return nil
            }
            return TopLevelDeclaration(names: names, isExtension: isExtension, start: item.position.utf8Offset, end: item.endPosition.utf8Offset)
        }
    }
}
