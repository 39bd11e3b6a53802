import SwiftSyntax

/// What `FlowWalker` reads from syntax alone: which literal types the standard library builds,
/// which loops count their turns, which run every turn straight through.
extension FlowWalker {
    /// Types a literal can be without any initialiser but the standard library's running.
    static let plainTypeNames: Set<String> = [
        "Double", "Float", "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "Bool", "String",
        "Character", "StaticString", "UInt"
    ]

    /// Whether a literal of `type` is built by the standard library alone, in a fixed order.
    static func isPlainLiteralType(_ type: TypeSyntax) -> Bool {
        if let array = type.as(ArrayTypeSyntax.self) { return isPlainLiteralType(array.element) }
        if let dictionary = type.as(DictionaryTypeSyntax.self) { return isPlainLiteralType(dictionary.key) && isPlainLiteralType(dictionary.value) }
        if let tuple = type.as(TupleTypeSyntax.self) { return tuple.elements.allSatisfy { isPlainLiteralType($0.type) } }
        if let optional = type.as(OptionalTypeSyntax.self) { return isPlainLiteralType(optional.wrappedType) }
        if let attributed = type.as(AttributedTypeSyntax.self) { return isPlainLiteralType(attributed.baseType) }
        if let identifier = type.as(IdentifierTypeSyntax.self) {
            let arguments = identifier.genericArgumentClause?.arguments.compactMap { $0.argument.as(TypeSyntax.self) } ?? []
            if ["Array", "Optional", "Dictionary"].contains(identifier.name.text) { return !arguments.isEmpty && arguments.allSatisfy(isPlainLiteralType) }
            return arguments.isEmpty && plainTypeNames.contains(identifier.name.text)
        }
        return false
    }

    /// Whether a loop over `sequence` counts its turns: a range, `.indices`, `.enumerated()`.
    static func countsTurns(_ sequence: ExprSyntax) -> Bool {
        if let range = sequence.as(InfixOperatorExprSyntax.self), let op = range.operator.as(BinaryOperatorExprSyntax.self) {
            return op.operator.text == "..<" || op.operator.text == "..."
        }
        if let member = sequence.as(MemberAccessExprSyntax.self) { return member.declName.baseName.text == "indices" }
        if let call = sequence.as(FunctionCallExprSyntax.self), call.arguments.isEmpty, call.trailingClosure == nil,
            let member = call.calledExpression.as(MemberAccessExprSyntax.self)
        {
            return member.declName.baseName.text == "enumerated"
        }
        return false
    }

    /// Whether every turn of `loop` runs its body straight through: no `where`, and no branch,
    /// loop exit or throw anywhere inside (closures included, to be safe). Expressions that skip
    /// a part (`?:`, `&&`, `||`, `??`, `?.`) are irregular only when that part makes checks (`eval`).
    static func isUnfiltered(_ loop: ForStmtSyntax) -> Bool {
        guard loop.whereClause == nil else { return false }
        for node in Syntax(loop.body).tokens(viewMode: .sourceAccurate) {
            switch node.tokenKind {
            case .keyword(.if), .keyword(.guard), .keyword(.switch), .keyword(.while), .keyword(.repeat), .keyword(.break),
                .keyword(.continue), .keyword(.return), .keyword(.throw), .keyword(.try):
                return false
            default: continue
            }
        }
        return true
    }
}
