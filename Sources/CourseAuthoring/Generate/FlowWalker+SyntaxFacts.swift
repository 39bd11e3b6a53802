internal import SwiftSyntax

/// What `FlowWalker` reads from syntax alone: which literal types the standard library builds,
/// which loops count their turns, which run every turn straight through.
extension FlowWalker {
    /// Types a literal can be without any initialiser but the standard library's running.
    static let plainTypeNames: Set<String> = [
        "Double", "Float", "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "Bool", "String",
        "Character", "StaticString", "UInt"
    ]

    /// Whether a literal of `type` is built by the standard library alone, in a fixed order, or
    /// `type` is one of `valueTypes` (the lesson's, `LessonValueTypes`), whose values are their parts.
    static func isPlainLiteralType(_ type: TypeSyntax, valueTypes: Set<String> = []) -> Bool {
        func plain(_ type: TypeSyntax) -> Bool { isPlainLiteralType(type, valueTypes: valueTypes) }
        if let array = type.as(ArrayTypeSyntax.self) { return plain(array.element) }
        if let dictionary = type.as(DictionaryTypeSyntax.self) { return plain(dictionary.key) && plain(dictionary.value) }
        if let tuple = type.as(TupleTypeSyntax.self) { return tuple.elements.allSatisfy { plain($0.type) } }
        if let optional = type.as(OptionalTypeSyntax.self) { return plain(optional.wrappedType) }
        if let attributed = type.as(AttributedTypeSyntax.self) { return plain(attributed.baseType) }
        if let identifier = type.as(IdentifierTypeSyntax.self) {
            let arguments = identifier.genericArgumentClause?.arguments.compactMap { $0.argument.as(TypeSyntax.self) } ?? []
            if ["Array", "Optional", "Dictionary"].contains(identifier.name.text) { return !arguments.isEmpty && arguments.allSatisfy(plain) }
            return arguments.isEmpty && (plainTypeNames.contains(identifier.name.text) || valueTypes.contains(identifier.name.text))
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

    /// `table[i]`, `table[i][j]!`, `try table[i]`: an element taken from a collection.
    static func isElementAccess(_ expression: ExprSyntax) -> Bool {
        var e = expression
        while true {
            if let unwrapped = e.as(ForceUnwrapExprSyntax.self) { e = unwrapped.expression; continue }
            if let chained = e.as(OptionalChainingExprSyntax.self) { e = chained.expression; continue }
            if let attempt = e.as(TryExprSyntax.self) { e = attempt.expression; continue }
            return e.is(SubscriptCallExprSyntax.self)
        }
    }
}
