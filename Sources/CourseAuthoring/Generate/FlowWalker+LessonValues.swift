import SwiftSyntax

/// How `FlowWalker` treats the lesson's own values (`LessonValueTypes`): a value is its parts, so
/// an expected value written as one is followed like a literal; anything done *with* it (an
/// operator, a member, a subscript, an iteration) is the type's code, which may be the exercise.
extension FlowWalker {
    /// `Name(…)` of a value type or `.case(…)`/`Name.case(…)` of an enum of the lesson, not shadowed.
    func isValueConstruction(_ expression: ExprSyntax, byNameOnly: Bool = false) -> Bool {
        guard let call = expression.as(FunctionCallExprSyntax.self), call.trailingClosure == nil,
            call.additionalTrailingClosures.isEmpty
        else { return false }
        func shadowed(_ name: String) -> Bool { !byNameOnly && (helpers[name] != nil || scopes.contains { $0[name] != nil }) }
        if let type = call.calledExpression.as(DeclReferenceExprSyntax.self), type.argumentNames == nil {
            return valueTypes.isValueType(type.baseName.text) && !shadowed(type.baseName.text)
        }
        guard let member = call.calledExpression.as(MemberAccessExprSyntax.self), member.declName.argumentNames == nil else { return false }
        let name = member.declName.baseName.text
        guard let base = member.base else { return valueTypes.isCase(name) }
        guard let type = base.as(DeclReferenceExprSyntax.self)?.baseName.text, !shadowed(type) else { return false }
        return valueTypes.isCase(name, of: type)
    }

    /// Whether `flow` holds a literal written inside a value of the lesson's types (by the
    /// types' names alone, shadowing aside, so that in doubt it does).
    func carriesValue(_ flow: Flow) -> Bool {
        flow.paths.contains { path in
            guard let root = roots[path.root]?.node else { return true }
            var node: Syntax? = root
            while let current = node, !current.is(CodeBlockItemSyntax.self) {
                if let call = current.as(FunctionCallExprSyntax.self), isValueConstruction(ExprSyntax(call), byNameOnly: true) { return true }
                node = current.parent
            }
            return false
        }
    }

    /// Whether `flow` is one value of the lesson's types itself (not an array or tuple of them):
    /// its members, subscripts and elements are the type's code, which may be the exercise.
    func isLessonValue(_ flow: Flow) -> Bool {
        switch flow {
        case .array, .tuple: false
        case .fixed, .unknown: carriesValue(flow)
        }
    }

    /// What reading into a lesson value gives: the code's result; the value's parts are used.
    mutating func opened(_ flow: Flow) -> Flow {
        consume(flow, needed: true)
        return .opaque
    }
}
