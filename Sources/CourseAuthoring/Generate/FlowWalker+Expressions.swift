import CourseToolchain
internal import SwiftSyntax

/// How `FlowWalker` follows an expression's value: what it is made of, and which literals the
/// expression itself uses up.
extension FlowWalker {
    /// Functions of numbers only: their value is fixed when their arguments are.
    static let pureFunctions: Set<String> = [
        "abs", "max", "min", "sqrt", "exp", "log", "log2", "log10", "pow", "sin", "cos", "tan", "atan", "atan2", "tanh",
        "Double", "Float", "Int", "round", "floor", "ceil"
    ]
    /// Members that read an array's shape, which scrubbing keeps.
    static let shapeMembers: Set<String> = ["count", "isEmpty", "indices", "startIndex", "endIndex"]

    mutating func eval(_ expression: ExprSyntax) -> Flow {
        if ConstantExpression.isConstant(expression), Self.hasLabeledTuple(expression) {
            // Swift may reorder a labeled tuple to its type's order: positions are not parts.
            roots[expression.id] = (block, Syntax(expression))
            let flow = Flow.fixed([LiteralPath(root: expression.id)])
            consume(flow, needed: true)
            return .unknown(flow.paths)
        }
        if ConstantExpression.isConstant(expression) {
            roots[expression.id] = (block, Syntax(expression))
            return .fixed([LiteralPath(root: expression.id)])
        }
        if let reference = expression.as(DeclReferenceExprSyntax.self) {
            if reference.argumentNames == nil, let flow = lookup(reference) { return flow }
            if let helper = helpers[reference.baseName.text] { escape(helper) }
            return .opaque
        }
        if let tuple = expression.as(TupleExprSyntax.self) {
            if tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil { return eval(only.expression) }
            return .tuple(tuple.elements.map { eval($0.expression) })
        }
        if let array = expression.as(ArrayExprSyntax.self) {
            let elements = array.elements.map { eval($0.expression) }
            var element = elements.first ?? .structural
            for next in elements.dropFirst() { element = merge(element, next) }
            return elements.isEmpty ? .structural : .array(element)
        }
        if let element = expression.as(SubscriptCallExprSyntax.self) {
            let base = eval(element.calledExpression)
            var fixedIndex = element.trailingClosure == nil
            for argument in element.arguments {
                let index = eval(argument.expression)
                fixedIndex = fixedIndex && argument.label == nil && index.isFixed
                consume(index, needed: true)
            }
            if let closure = element.trailingClosure { walk(Syntax(closure)) }
            // An element picked by the code under test is not fixed by the text: which one the
            // witness picked may differ.
            return fixedIndex ? base.projected(.subscripted) : .unknown(base.paths)
        }
        if let member = expression.as(MemberAccessExprSyntax.self) { return memberAccess(member) }
        if let chained = expression.as(OptionalChainingExprSyntax.self) { return eval(chained.expression) }
        if let unwrapped = expression.as(ForceUnwrapExprSyntax.self) { return eval(unwrapped.expression) }
        if let attempt = expression.as(TryExprSyntax.self) { return eval(attempt.expression) }
        if let prefix = expression.as(PrefixOperatorExprSyntax.self) { return .combining([eval(prefix.expression)]) }
        if let infix = expression.as(InfixOperatorExprSyntax.self) { return self.infix(infix) }
        if expression.is(TernaryExprSyntax.self) || expression.is(OptionalChainingExprSyntax.self)
            || (expression.as(InfixOperatorExprSyntax.self)?.operator.as(BinaryOperatorExprSyntax.self).map { ["&&", "||", "??"].contains($0.operator.text) } ?? false),
            containsChecks(Syntax(expression))
        {
            markIrregular()  // a part that may be skipped makes checks
        }
        if let ternary = expression.as(TernaryExprSyntax.self) {
            let condition = eval(ternary.condition)
            consume(condition, needed: true)
            let then = eval(ternary.thenExpression)
            let value = merge(then, eval(ternary.elseExpression))
            // Which branch is taken is fixed only when the condition is.
            return condition.isFixed ? value : .unknown(value.paths)
        }
        if let cast = expression.as(AsExprSyntax.self), cast.questionOrExclamationMark == nil, Self.isPlainLiteralType(cast.type) {
            return eval(cast.expression)
        }
        if let string = expression.as(StringLiteralExprSyntax.self) {
            // Interpolation formats its values; the text only matters where the string goes.
            let parts = string.segments.compactMap { $0.as(ExpressionSegmentSyntax.self) }.flatMap { $0.expressions.map(\.expression) }
            return .combining(parts.map { eval($0) })
        }
        if let call = expression.as(FunctionCallExprSyntax.self) { return self.call(call) }
        if let conditional = expression.as(IfExprSyntax.self) {
            scoped { walker in
                walker.conditions(conditional.conditions)
                walker.walk(Syntax(conditional.body))
            }
            if let alternative = conditional.elseBody { walk(Syntax(alternative)) }
            return .opaque
        }
        if let closure = expression.as(ClosureExprSyntax.self) {
            if containsChecks(Syntax(closure)) { markIrregular() }  // whoever calls it decides how often its checks run
            scoped { walker in
                if let signature = closure.signature {
                    walker.guessBindings(in: Syntax(signature))
                    for token in signature.tokens(viewMode: .sourceAccurate) where token.parent?.is(ClosureShorthandParameterSyntax.self) == true {
                        walker.bind(token.text, .opaque)
                    }
                }
                for parameter in closure.signature?.parameterClause?.as(ClosureParameterClauseSyntax.self)?.parameters ?? [] {
                    walker.bind((parameter.secondName ?? parameter.firstName).text, .opaque)
                }
                for item in closure.statements { walker.walk(Syntax(item.item)) }
            }
            return .opaque
        }
        // Anything else: every part of it counts as used.
        for child in expression.children(viewMode: .sourceAccurate) { walk(child) }
        return .opaque
    }

    mutating func memberAccess(_ member: MemberAccessExprSyntax) -> Flow {
        guard let baseExpression = member.base else {
            for child in member.children(viewMode: .sourceAccurate) { walk(child) }
            return member.declName.argumentNames == nil ? .structural : .opaque
        }
        if baseExpression.as(DeclReferenceExprSyntax.self)?.baseName.tokenKind == .keyword(.self), let binding = scopes.first?[member.declName.baseName.text] {
            memberReferences.insert(member.declName.id)
            return binding.flow
        }
        let base = eval(baseExpression)
        let name = member.declName.baseName.text
        // Positions count the same in every run that makes the same checks (see `elements(of:)`).
        if name == "indices" { return .array(base.isFixed ? .structural : .opaque) }
        if Self.shapeMembers.contains(name) {
            // Zeros keep an array's or a dictionary's shape, not a number's digits or sign.
            if base.isFixed && isCollection(base) { return .structural }
            consume(base, needed: true)
            return .opaque
        }
        if name == "first" || name == "last" { return elements(of: base) }
        consume(base, needed: true, input: member.parent?.as(FunctionCallExprSyntax.self)?.calledExpression.id == member.id)
        return .opaque
    }

    mutating func infix(_ infix: InfixOperatorExprSyntax) -> Flow {
        let left = eval(infix.leftOperand)
        let right = eval(infix.rightOperand)
        guard let op = infix.operator.as(BinaryOperatorExprSyntax.self)?.operator.text else {
            // `=`, `is`, `as?`: the value is used.
            consume(left, needed: true)
            consume(right, needed: true)
            return .opaque
        }
        if op == "??" { return merge(left, right) }
        if op == "..<" || op == "..." {
            // Its bounds are values; its elements are fixed when they are.
            consume(left, needed: true)
            consume(right, needed: true)
            return .array(left.isFixed && right.isFixed ? .structural : .opaque)
        }
        let comparisons: Set<String> = ["==", "!=", "<=", ">=", "===", "!=="]
        if op.hasSuffix("=") && !comparisons.contains(op) {
            consume(left, needed: true)
            consume(right, needed: true)
            return .opaque
        }
        return .combining([left, right])
    }

    mutating func call(_ call: FunctionCallExprSyntax) -> Flow {
        if let kind = AssertionRewriter.kind(of: call) { return assertion(call, kind: kind) }
        let closures = [call.trailingClosure].compactMap { $0 } + call.additionalTrailingClosures.map(\.closure)
        if let member = call.calledExpression.as(MemberAccessExprSyntax.self),
            member.base?.as(DeclReferenceExprSyntax.self)?.baseName.tokenKind == .keyword(.self),
            let helper = helpers[member.declName.baseName.text]
        {
            // `self.assertClose(…)` is the helper too.
            if closures.isEmpty { return helperCall(call, helper) }
            escape(helper)
        }
        if let callee = call.calledExpression.as(DeclReferenceExprSyntax.self), callee.argumentNames == nil, closures.isEmpty {
            let name = callee.baseName.text
            let shadowed = scopes.dropFirst().contains { $0[name] != nil }
            if !shadowed, let helper = helpers[name] { return helperCall(call, helper) }
            if !shadowed, name == "zip", call.arguments.count == 2, call.arguments.allSatisfy({ $0.label == nil }) {
                let parts = call.arguments.map { elements(of: eval($0.expression)) }
                return .array(.tuple(parts))
            }
            if !shadowed, Self.pureFunctions.contains(name), call.arguments.allSatisfy({ $0.label == nil }) {
                return .combining(call.arguments.map { eval($0.expression) })
            }
        }
        if let member = call.calledExpression.as(MemberAccessExprSyntax.self), let base = member.base,
            member.declName.baseName.text == "enumerated", call.arguments.isEmpty, closures.isEmpty
        {
            let sequence = eval(base)
            return .array(.tuple([sequence.isFixed ? .structural : .opaque, elements(of: sequence)]))
        }
        consume(eval(call.calledExpression), needed: true, input: true)
        for argument in call.arguments { consume(eval(argument.expression), needed: true, input: true) }
        for closure in closures { walk(Syntax(closure)) }
        return .opaque
    }

    static func hasLabeledTuple(_ expression: ExprSyntax) -> Bool {
        expression.tokens(viewMode: .sourceAccurate).contains { token in
            token.tokenKind == .colon && token.parent?.is(LabeledExprSyntax.self) == true
        }
    }

    /// `Flow.join`, seeing that a fixed array literal and an array the test builds (`[fixture[l]]`)
    /// are both arrays, so that their elements and shapes can still be read.
    mutating func merge(_ a: Flow, _ b: Flow) -> Flow {
        switch (a, b) {
        case (.array(let x), .array(let y)): return .array(merge(x, y))
        case (.fixed(let paths), .array(let y)) where !paths.isEmpty && isCollection(a): return .array(merge(a.projected(.subscripted), y))
        case (.array, .fixed(let paths)) where !paths.isEmpty && isCollection(b): return merge(b, a)
        case (.tuple(let x), .tuple(let y)) where x.count == y.count:
            var parts: [Flow] = []
            for (p, q) in zip(x, y) { parts.append(merge(p, q)) }
            return .tuple(parts)
        default: return Flow.join(a, b)
        }
    }

    /// Whether every literal behind `flow` is an array or a dictionary.
    mutating func isCollection(_ flow: Flow) -> Bool {
        flow.paths.allSatisfy { path in roots[path.root].map { LiteralLeaves.endsAtCollection(path, root: $0.node) } ?? false }
    }

    /// What iterating `flow` yields, in order. A loop's turns are the same in the witness and in a
    /// student's run whenever both made the same checks in the same order (the `Judge` requires it),
    /// so an element taken by position is fixed; a dictionary's order changes between processes.
    mutating func elements(of flow: Flow) -> Flow {
        let unordered = flow.paths.contains { path in
            roots[path.root].map { LiteralLeaves.reachesDictionary(path, root: $0.node) } ?? true
        }
        return unordered ? .unknown(flow.paths) : flow.projected(.element)
    }

    /// A call of one of the class's own functions: its parameters receive the arguments' flows.
    mutating func helperCall(_ call: FunctionCallExprSyntax, _ helper: FunctionDeclSyntax) -> Flow {
        if irregularHelpers.contains(helper.name.text) { markIrregular() }
        let parameters = Array(helper.signature.parameterClause.parameters)
        var flows: [Flow?] = Array(repeating: nil, count: parameters.count)
        var next = 0
        for argument in call.arguments {
            let flow = eval(argument.expression)
            let label = argument.label?.text ?? "_"
            while next < parameters.count, parameters[next].firstName.text != label, parameters[next].defaultValue != nil { next += 1 }
            guard next < parameters.count, parameters[next].firstName.text == label, parameters[next].ellipsis == nil else {
                consume(flow, needed: true)
                escape(helper)
                return .opaque
            }
            flows[next] = flow
            next += 1
        }
        for (index, parameter) in parameters.enumerated() where flows[index] == nil && parameter.defaultValue == nil {
            flows[index] = .opaque
        }
        let name = helper.name.text
        let known = nextParameterFlows[name] ?? Array(repeating: nil, count: parameters.count)
        var merged: [Flow?] = []
        for (old, new) in zip(known, flows) {
            if let old, let new { merged.append(merge(old, new)) } else { merged.append(old ?? new) }
        }
        nextParameterFlows[name] = merged
        return .opaque
    }

    /// A helper used as a value, or called in a way not matched: its parameters are unknown.
    mutating func escape(_ helper: FunctionDeclSyntax) {
        nextParameterFlows[helper.name.text] = helper.signature.parameterClause.parameters.map { _ in Flow.opaque }
    }

    /// An assertion: slots fixed by the text are hidden (and their literals only observed).
    mutating func assertion(_ call: FunctionCallExprSyntax, kind: AssertionKind) -> Flow {
        let slots = AssertionRewriter.Slots(call, kind: kind)
        // The lesson's own values are followed as operands of `XCTAssertEqual` and `…NotEqual` only:
        // the judge orders structures by the test process's own `<`, which a hidden one lacks.
        let followsValues = kind == .equal || kind == .notEqual
        let operands = slots.operands.map { (followsValues ? givenValue($0) : nil) ?? eval($0) }
        var constant = 0
        var fixed = 0
        for (index, operand) in slots.operands.enumerated() {
            if ConstantExpression.isConstant(operand, names: constants) {
                constant |= 1 << index
            } else if operands[index].isFixed && !operands[index].paths.isEmpty {
                fixed |= 1 << index
            }
        }
        // The rewriter keeps one operand visible to fix the generic type: it must hold its value.
        if let kept = AssertionRewriter.keptOperand(slots.operands, hidden: constant | fixed) {
            constant &= ~(1 << kept)
            fixed &= ~(1 << kept)
        }
        for (index, flow) in operands.enumerated() {
            let visible = (constant | fixed) & (1 << index) == 0
            // `expected[i]` at a position the code's results decide: the table stays, and it is
            // an expected value all the same (`course check` says so).
            consume(flow, needed: visible, selected: visible && Self.isElementAccess(slots.operands[index]))
            // A table's value compared where a loop's turns may check more or less: it stays too.
            let tabled = flow.paths.filter { irregularTables.contains($0.root) }
            if visible && !tabled.isEmpty { consume(.unknown(tabled), needed: true, selected: true) }
        }
        if let accuracy = slots.accuracy {
            let flow = eval(accuracy)
            let hidden = ConstantExpression.isConstant(accuracy, names: constants) || (flow.isFixed && !flow.paths.isEmpty)
            if hidden && !ConstantExpression.isConstant(accuracy, names: constants) { fixed |= 1 << 2 }
            consume(flow, needed: !hidden)
        }
        if let message = slots.message { consume(eval(message), needed: false, message: true) }  // always hidden
        if let handler = slots.handler { walk(Syntax(handler)) }
        if fixed != 0 { hiddenSlots[block][call.positionAfterSkippingLeadingTrivia.utf8Offset] = fixed }
        return .opaque
    }
}
