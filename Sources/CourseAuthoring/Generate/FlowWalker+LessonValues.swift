internal import SwiftSyntax

/// How `FlowWalker` reads the lesson's own values (`LessonValueTypes`) written as an assertion's
/// operand: `Cost(parameters: 9_408, macs: 4)`, `.unknownToken("x2")`, an array of them. Such an
/// operand is its parts, so it is fixed when they are. Nothing else is followed: bound to a name,
/// passed on, or with an operator, member or subscript applied, a value is the code's (its
/// operators and members may be the exercise), as any other call's result is.
extension FlowWalker {
    mutating func givenValue(_ expression: ExprSyntax) -> Flow? {
        if let array = expression.as(ArrayExprSyntax.self) {
            guard array.elements.contains(where: { isValueConstruction($0.expression) }) else { return nil }
            return .combining(array.elements.map { givenValue($0.expression) ?? eval($0.expression) })
        }
        guard isValueConstruction(expression), let call = expression.as(FunctionCallExprSyntax.self) else { return nil }
        return .combining(call.arguments.map { givenValue($0.expression) ?? eval($0.expression) })
    }

    /// `Name(…)` of a value type or `.case(…)`/`Name.case(…)` of an enum of the lesson, not shadowed.
    func isValueConstruction(_ expression: ExprSyntax) -> Bool {
        guard let call = expression.as(FunctionCallExprSyntax.self), call.trailingClosure == nil,
            call.additionalTrailingClosures.isEmpty
        else { return false }
        func shadowed(_ name: String) -> Bool { helpers[name] != nil || scopes.contains { $0[name] != nil } }
        if let type = call.calledExpression.as(DeclReferenceExprSyntax.self), type.argumentNames == nil {
            return valueTypes.isValueType(type.baseName.text) && !shadowed(type.baseName.text)
        }
        guard let member = call.calledExpression.as(MemberAccessExprSyntax.self), member.declName.argumentNames == nil else { return false }
        let name = member.declName.baseName.text
        guard let base = member.base else { return valueTypes.isCase(name) }
        guard let type = base.as(DeclReferenceExprSyntax.self)?.baseName.text, !shadowed(type) else { return false }
        return valueTypes.isCase(name, of: type)
    }
}
