internal import SwiftParser
internal import SwiftSyntax

/// How the support library declares a name a lesson's front matter refuses (`DenseLayer.backward`),
/// read by the Swift parser: whether a client's compiled code would reach it through a symbol
/// that object admission can find.
enum RefusedDeclaration: Equatable {
    /// No declaration of that name in that type.
    case notDeclared
    /// Every declaration of it may be compiled into the client: `@inlinable` (or transparent, or
    /// emitted into the client), a stored property, an enum case. Then no symbol shows its use.
    case inlinedIntoClients
    /// Reached through a symbol.
    case refusable

    /// `path` is `Type.member`, `Type.Nested.member` or a top-level `function`; `files` are the
    /// support library's files, parsed (`Parser.parse(source:)`).
    static func find(_ path: String, in files: [SourceFileSyntax]) -> RefusedDeclaration {
        let parts = path.split(separator: ".").map(String.init)
        guard let member = parts.last else { return .notDeclared }
        let finder = Finder(typePath: Array(parts.dropLast()), member: member)
        for file in files { finder.walk(file) }
        if finder.inlined.isEmpty { return .notDeclared }
        return finder.inlined.allSatisfy { $0 } ? .inlinedIntoClients : .refusable
    }

    private final class Finder: SyntaxVisitor {
        let typePath: [String]
        let member: String
        private var types: [String] = []
        /// One entry per matching declaration: whether clients compile it into their own code.
        var inlined: [Bool] = []

        init(typePath: [String], member: String) {
            self.typePath = typePath
            self.member = member
            super.init(viewMode: .sourceAccurate)
        }

        private static let inliningAttributes: Set<String> = ["inlinable", "_transparent", "_alwaysEmitIntoClient"]

        private func isInlined(_ attributes: AttributeListSyntax) -> Bool {
            attributes.contains { element in
                element.as(AttributeSyntax.self).map { Self.inliningAttributes.contains($0.attributeName.trimmedDescription) } ?? false
            }
        }

        private func enter(_ name: String) -> SyntaxVisitorContinueKind {
            types.append(name)
            return .visitChildren
        }

        override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { enter(node.name.text) }
        override func visitPost(_ node: StructDeclSyntax) { types.removeLast() }
        override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { enter(node.name.text) }
        override func visitPost(_ node: ClassDeclSyntax) { types.removeLast() }
        override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { enter(node.name.text) }
        override func visitPost(_ node: EnumDeclSyntax) { types.removeLast() }
        override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { enter(node.name.text) }
        override func visitPost(_ node: ActorDeclSyntax) { types.removeLast() }
        override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { enter(node.name.text) }
        override func visitPost(_ node: ProtocolDeclSyntax) { types.removeLast() }
        override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind { enter(node.extendedType.trimmedDescription) }
        override func visitPost(_ node: ExtensionDeclSyntax) { types.removeLast() }

        override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
            if types == typePath && node.name.text == member { inlined.append(isInlined(node.attributes)) }
            return .skipChildren
        }

        override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind {
            if types == typePath && member == "init" { inlined.append(isInlined(node.attributes)) }
            return .skipChildren
        }

        override func visit(_ node: SubscriptDeclSyntax) -> SyntaxVisitorContinueKind {
            if types == typePath && member == "subscript" { inlined.append(isInlined(node.attributes)) }
            return .skipChildren
        }

        override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
            guard types == typePath else { return .skipChildren }
            for binding in node.bindings where binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text == member {
                // Stored (no accessors, or only observers): read in place by clients of a non-resilient library.
                let computed =
                    binding.accessorBlock.map { block in
                        if case .accessors(let accessors) = block.accessors {
                            return accessors.contains { !["willSet", "didSet"].contains($0.accessorSpecifier.text) }
                        }
                        return true
                    } ?? false
                inlined.append(isInlined(node.attributes) || !computed)
            }
            return .skipChildren
        }

        override func visit(_ node: EnumCaseDeclSyntax) -> SyntaxVisitorContinueKind {
            if types == typePath && node.elements.contains(where: { $0.name.text == member }) { inlined.append(true) }
            return .skipChildren
        }
    }
}
