internal import SwiftOperators
internal import SwiftParser
internal import SwiftSyntax

/// Finds the mutants of an exercise's reference solution: source in, mutants out, no compiler.
///
/// The code is parsed by swift-syntax and folded with the standard operator table, so
/// `a + b * c` is the tree the compiler sees. Only code inside solution regions is mutated (the
/// rest is the students' given code), and never inside `precondition`/`assert`/`fatalError`
/// calls, string literals, attributes or `@inlinable` functions.
public enum MutantGenerator {
    /// The mutants of `code` (an exercise block), in source order, with ids 0 (the lesson numbers
    /// them). `regions` are 0-based line ranges whose lines may be mutated.
    public static func mutants(of code: String, exercise: String, regions: [ClosedRange<Int>]) -> [Mutant] {
        let parsed = Parser.parse(source: code)
        let tree = OperatorTable.standardOperators.foldAll(parsed) { _ in }.as(SourceFileSyntax.self) ?? parsed
        let visitor = MutationVisitor(
            converter: SourceLocationConverter(fileName: "", tree: tree),
            allowed: byteRanges(of: regions, in: code), exercise: exercise)
        visitor.walk(tree)
        var seen = Set<String>()
        return visitor.found
            .sorted { ($0.start, -$0.end) < ($1.start, -$1.end) }
            .filter { seen.insert("\($0.start) \($0.end) \($0.replacement)").inserted && $0.replacement != $0.original }
    }

    /// The mutants of an exercise block, mutating its solution regions.
    public static func mutants(of exercise: Exercise) -> [Mutant] {
        mutants(
            of: exercise.solutionCode, exercise: exercise.id,
            regions: exercise.regions.map { ($0.beginLine + 1)...max($0.beginLine + 1, $0.endLine - 1) })
    }

    /// The lines of the longest statement that starts on `line` (1-based) of `code`: the extent
    /// of an expression the compiler reports at its first line ("unable to type-check this
    /// expression in reasonable time").
    public static func statementLines(startingAt line: Int, in code: String) -> ClosedRange<Int>? {
        let tree = Parser.parse(source: code)
        let converter = SourceLocationConverter(fileName: "", tree: tree)
        final class Finder: SyntaxVisitor {
            let line: Int, converter: SourceLocationConverter
            var end: Int?
            init(line: Int, converter: SourceLocationConverter) {
                (self.line, self.converter) = (line, converter)
                super.init(viewMode: .sourceAccurate)
            }
            override func visit(_ node: CodeBlockItemSyntax) -> SyntaxVisitorContinueKind {
                guard node.startLocation(converter: converter).line == line else { return .visitChildren }
                end = max(end ?? line, node.endLocation(converter: converter).line)
                return .skipChildren
            }
        }
        let finder = Finder(line: line, converter: converter)
        finder.walk(tree)
        return finder.end.map { line...$0 }
    }

    /// UTF-8 offset ranges of whole lines.
    static func byteRanges(of lines: [ClosedRange<Int>], in code: String) -> [Range<Int>] {
        var starts = [0]
        for (offset, byte) in code.utf8.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        starts.append(code.utf8.count)
        return lines.compactMap { range in
            guard range.lowerBound < starts.count - 1 else { return nil }
            return starts[range.lowerBound]..<starts[min(range.upperBound + 1, starts.count - 1)]
        }
    }

    /// The node's code on one line, comments dropped: what a mutant's replacement is built from
    /// (a mutant must not add lines, or the lesson's line numbers would shift).
    static func flat(_ node: some SyntaxProtocol) -> String {
        var out = ""
        var spaced = false
        for token in node.tokens(viewMode: .sourceAccurate) {
            if !out.isEmpty && (spaced || !token.leadingTrivia.isEmpty) { out += " " }
            out += token.text
            spaced = !token.trailingTrivia.isEmpty
        }
        return out
    }
}

/// Walks a folded tree and records a mutant for every site an operator applies to.
final class MutationVisitor: SyntaxVisitor {
    let converter: SourceLocationConverter
    let allowed: [Range<Int>]
    let exercise: String
    private(set) var found: [Mutant] = []

    /// Calls whose arguments only check or report: mutating them tests nothing about the answer.
    static let checkingCalls: Set<String> = [
        "precondition", "preconditionFailure", "assert", "assertionFailure",
        "fatalError", "print", "dispatchPrecondition"
    ]
    /// Methods that only tune performance: leaving one out or changing its argument computes the same values.
    static let performanceHints: Set<String> = ["reserveCapacity"]
    static let arithmetic = ["+": "-", "-": "+", "*": "/", "/": "*", "%": "*"]
    static let relational = ["<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="]
    static let logical = ["&&": "||", "||": "&&"]
    static let compound = ["+=": "-=", "-=": "+=", "*=": "/=", "/=": "*="]

    init(converter: SourceLocationConverter, allowed: [Range<Int>], exercise: String) {
        self.converter = converter
        self.allowed = allowed
        self.exercise = exercise
        super.init(viewMode: .sourceAccurate)
    }

    private func add(_ node: some SyntaxProtocol, _ kind: MutationOperator, _ replacement: String, form: Mutant.Form = .expression) {
        let start = node.positionAfterSkippingLeadingTrivia.utf8Offset
        let end = node.endPositionBeforeTrailingTrivia.utf8Offset
        guard allowed.contains(where: { $0.contains(start) && end <= $0.upperBound }) else { return }
        let location = node.startLocation(converter: converter)
        found.append(
            Mutant(
                id: 0, exercise: exercise, kind: kind, form: form, start: start, end: end,
                line: location.line, column: location.column, endLine: node.endLocation(converter: converter).line,
                original: MutantGenerator.flat(node), replacement: replacement))
    }

    private func flat(_ node: some SyntaxProtocol) -> String { MutantGenerator.flat(node) }

    // MARK: - Where not to look

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        let pinned = ["inlinable", "usableFromInline", "_transparent", "inline"]
        let names = node.attributes.compactMap { $0.as(AttributeSyntax.self)?.attributeName.trimmedDescription }
        guard !names.contains(where: pinned.contains) else { return .skipChildren }
        refusedInputs(node)
        return .visitChildren
    }

    /// The inputs a stricter student might refuse, by the parameter's written type: the condition
    /// the probe requires and what it refuses, as reports name it.
    static func refusals(of type: String) -> [(condition: (String) -> String, refuses: String)] {
        switch type {
        case "Double", "Float", "Int":
            return [({ "\($0) >= 0" }, "a negative number"), ({ "\($0) != 0" }, "zero")]
        case _ where type.hasPrefix("[") && !type.contains(":"):
            return [({ "!\($0).isEmpty" }, "an empty array")]
        default:
            return []
        }
    }

    /// Probes at each parameter's first use in the function's solution code (`h` becomes
    /// `{ () -> Double in precondition(h >= 0, …); return h }()`).
    private func refusedInputs(_ function: FunctionDeclSyntax) {
        guard let body = function.body else { return }
        for parameter in function.signature.parameterClause.parameters {
            let name = (parameter.secondName ?? parameter.firstName).text
            let type = parameter.type.trimmedDescription
            let refusals = Self.refusals(of: type)
            guard name != "_", parameter.ellipsis == nil, !refusals.isEmpty, let use = firstUse(of: name, in: body) else { continue }
            for refusal in refusals {
                add(
                    use, .refusedInput,
                    "{ () -> \(type) in precondition(\(refusal.condition(name)), \"refuses \(refusal.refuses)\"); return \(name) }()")
            }
        }
    }

    /// The first reference to `name` in `body` inside a solution region, outside checks and nested
    /// functions (where it may name something else).
    private func firstUse(of name: String, in body: CodeBlockSyntax) -> DeclReferenceExprSyntax? {
        final class Finder: SyntaxVisitor {
            let name: String, allowed: [Range<Int>]
            var found: DeclReferenceExprSyntax?
            init(name: String, allowed: [Range<Int>]) {
                (self.name, self.allowed) = (name, allowed)
                super.init(viewMode: .sourceAccurate)
            }
            override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
            override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
                let called = node.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text ?? ""
                return MutationVisitor.checkingCalls.contains(called) ? .skipChildren : .visitChildren
            }
            override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
                let start = node.positionAfterSkippingLeadingTrivia.utf8Offset
                if found == nil, node.baseName.text == name, node.argumentNames == nil,
                    !(node.parent?.is(MemberAccessExprSyntax.self) ?? false) || node.parent?.as(MemberAccessExprSyntax.self)?.base?.id == node.id,
                    allowed.contains(where: { $0.contains(start) })
                {
                    found = node
                }
                return .skipChildren
            }
        }
        let finder = Finder(name: name, allowed: allowed)
        finder.walk(body)
        return finder.found
    }
    override func visit(_ node: StringLiteralExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: AttributeSyntax) -> SyntaxVisitorContinueKind { .skipChildren }

    // MARK: - Operators

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        if let name = node.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text,
            Self.checkingCalls.contains(name)
        {
            return .skipChildren
        }
        if let method = node.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName.text,
            Self.performanceHints.contains(method)
        {
            return .skipChildren
        }
        swappedArguments(node, node.arguments) { arguments in
            self.flat(node.calledExpression) + "(" + arguments + ")"
                + (node.trailingClosure.map { " " + self.flat($0) } ?? "")
        }
        return .visitChildren
    }

    override func visit(_ node: SubscriptCallExprSyntax) -> SyntaxVisitorContinueKind {
        // An assignment's target or an inout argument cannot become a conditional expression.
        let isTarget = node.parent?.as(InfixOperatorExprSyntax.self).map { $0.leftOperand.id == node.id } ?? false
        if !isTarget && !(node.parent?.is(InOutExprSyntax.self) ?? false) {
            swappedArguments(node, node.arguments) { self.flat(node.calledExpression) + "[" + $0 + "]" }
        }
        return .visitChildren
    }

    override func visit(_ node: InfixOperatorExprSyntax) -> SyntaxVisitorContinueKind {
        guard let op = node.operator.as(BinaryOperatorExprSyntax.self)?.operator.text else { return .visitChildren }
        let (lhs, rhs) = (flat(node.leftOperand), flat(node.rightOperand))
        let swap = { (kind: MutationOperator, table: [String: String]) in
            if let other = table[op] { self.add(node, kind, "\(lhs) \(other) \(rhs)") }
        }
        swap(.arithmetic, Self.arithmetic)
        swap(.relationalBoundary, Self.relational)
        swap(.logicalConnective, Self.logical)
        if let other = Self.compound[op], node.parent?.is(CodeBlockItemSyntax.self) ?? false {
            add(node, .compoundAssignment, "\(lhs) \(other) \(rhs)", form: .statement)
            if op == "+=" { add(node, .droppedResidual, "\(lhs) = \(rhs)", form: .statement) }
        }
        if op == "+", Self.isResidual(node.leftOperand, updatedBy: node.rightOperand) { add(node, .droppedResidual, rhs) }
        if op == "..<" || op == "...", node.parent?.is(ForStmtSyntax.self) ?? false {
            if !node.rightOperand.is(IntegerLiteralExprSyntax.self) {
                add(node.rightOperand, .loopBound, "(\(rhs)) - 1")
                add(node.rightOperand, .loopBound, "(\(rhs)) + 1")
            }
            if !node.leftOperand.is(IntegerLiteralExprSyntax.self) { add(node.leftOperand, .loopBound, "(\(lhs)) + 1") }
        }
        return .visitChildren
    }

    /// `x + f(x)`, `h + g(h)`: a state plus an update computed from it.
    static func isResidual(_ state: ExprSyntax, updatedBy update: ExprSyntax) -> Bool {
        guard let name = state.as(DeclReferenceExprSyntax.self)?.baseName.text else { return false }
        return update.tokens(viewMode: .sourceAccurate).contains { $0.tokenKind == .identifier(name) }
    }

    override func visit(_ node: ConditionElementSyntax) -> SyntaxVisitorContinueKind {
        if case .expression(let condition) = node.condition { negate(condition) }
        return .visitChildren
    }

    override func visit(_ node: TernaryExprSyntax) -> SyntaxVisitorContinueKind {
        negate(node.condition)
        return .visitChildren
    }

    private func negate(_ condition: ExprSyntax) {
        if let prefix = condition.as(PrefixOperatorExprSyntax.self), prefix.operator.text == "!" {
            add(condition, .negatedCondition, flat(prefix.expression))
        } else {
            add(condition, .negatedCondition, "!(\(flat(condition)))")
        }
    }

    override func visit(_ node: IntegerLiteralExprSyntax) -> SyntaxVisitorContinueKind {
        guard let value = Int(node.literal.text.replacingOccurrences(of: "_", with: "")) else { return .skipChildren }
        let written = { (n: Int) in n < 0 ? "(\(n))" : "\(n)" }
        for other in [0, value + 1, value - 1, -value] where other != value { add(node, .constant, written(other)) }
        return .skipChildren
    }

    override func visit(_ node: FloatLiteralExprSyntax) -> SyntaxVisitorContinueKind {
        let text = node.literal.text
        if Double(text.replacingOccurrences(of: "_", with: "")) != 0 {
            add(node, .constant, "0")
            add(node, .constant, "(-\(text))")
        }
        add(node, .constant, "(\(text) + 1)")
        add(node, .constant, "(\(text) - 1)")
        return .skipChildren
    }

    override func visit(_ node: ReturnStmtSyntax) -> SyntaxVisitorContinueKind {
        guard let value = node.expression else { return .visitChildren }
        var scope = node.parent
        while let current = scope, !current.is(FunctionDeclSyntax.self), !current.is(ClosureExprSyntax.self) { scope = current.parent }
        guard let type = scope?.as(FunctionDeclSyntax.self)?.signature.returnClause?.type.trimmedDescription else { return .visitChildren }
        for fallback in Self.defaultValues(of: type) where fallback != flat(value) { add(value, .defaultReturn, fallback) }
        return .visitChildren
    }

    /// Values a lazy implementation returns for a type written as `type`.
    static func defaultValues(of type: String) -> [String] {
        if type.hasSuffix("?") { return ["nil"] }
        if type.hasPrefix("[") { return [type.contains(":") ? "[:]" : "[]"] }
        switch type {
        case "Int", "Double", "Float", "UInt", "Int64", "UInt64", "Int32", "UInt32", "UInt8": return ["0"]
        case "Bool": return ["false", "true"]
        case "String": return ["\"\""]
        default: return []
        }
    }

    override func visit(_ node: CodeBlockItemSyntax) -> SyntaxVisitorContinueKind {
        guard case .expr(let expression) = node.item else { return .visitChildren }
        if let infix = expression.as(InfixOperatorExprSyntax.self) {
            let isAssignment =
                infix.operator.is(AssignmentExprSyntax.self)
                || (infix.operator.as(BinaryOperatorExprSyntax.self).map { $0.operator.text.hasSuffix("=") && !Self.relational.keys.contains($0.operator.text) } ?? false)
            if isAssignment && !infix.leftOperand.is(DiscardAssignmentExprSyntax.self) { add(node, .removedStatement, "", form: .statement) }
        } else if let call = expression.as(FunctionCallExprSyntax.self),
            !Self.checkingCalls.contains(call.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text ?? ""),
            !Self.performanceHints.contains(call.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName.text ?? ""),
            !Self.mayBeTheResult(node)
        {
            add(node, .removedStatement, "", form: .statement)
        }
        return .visitChildren
    }

    /// Whether `node` is the only statement of a closure, function, accessor or initializer
    /// body: then it may be the body's implicit result, and removing it would not compile. The
    /// only call in a loop's or an `if`'s body (`mean.add(x)`) is a statement like any other.
    static func mayBeTheResult(_ node: CodeBlockItemSyntax) -> Bool {
        guard let list = node.parent?.as(CodeBlockItemListSyntax.self), list.count == 1 else { return false }
        guard let container = list.parent else { return true }
        if container.is(ClosureExprSyntax.self) { return true }
        guard let owner = container.parent else { return true }
        return owner.is(FunctionDeclSyntax.self) || owner.is(AccessorDeclSyntax.self) || owner.is(AccessorBlockSyntax.self)
            || owner.is(InitializerDeclSyntax.self) || owner.is(PatternBindingSyntax.self)
    }

    // MARK: - Swapped arguments

    /// Records `f(b, a)` for each neighbouring pair of arguments whose types are evident and equal.
    private func swappedArguments(_ call: some SyntaxProtocol, _ arguments: LabeledExprListSyntax, rebuild: (String) -> String) {
        let list = Array(arguments)
        guard list.count >= 2 else { return }
        let types = list.map { evidentType(of: $0.expression, in: Syntax(call)) }
        for index in 0..<(list.count - 1) {
            guard let type = types[index], type == types[index + 1],
                flat(list[index].expression) != flat(list[index + 1].expression)
            else { continue }
            var expressions = list.map { flat($0.expression) }
            expressions.swapAt(index, index + 1)
            let joined = zip(list, expressions).map { argument, expression in
                (argument.label.map { "\($0.text): " } ?? "") + expression
            }.joined(separator: ", ")
            add(call, .swappedArguments, rebuild(joined))
        }
    }

    /// The type of a literal, or of a name declared with a written type in an enclosing function
    /// (parameter or annotated local); `nil` when only the type checker could tell.
    private func evidentType(of expression: ExprSyntax, in context: Syntax) -> String? {
        if expression.is(IntegerLiteralExprSyntax.self) { return "integer literal" }
        if expression.is(FloatLiteralExprSyntax.self) { return "float literal" }
        guard let name = expression.as(DeclReferenceExprSyntax.self)?.baseName.text else { return nil }
        var scope: Syntax? = context
        while let current = scope {
            if let function = current.as(FunctionDeclSyntax.self) {
                for parameter in function.signature.parameterClause.parameters
                where (parameter.secondName ?? parameter.firstName).text == name {
                    return parameter.type.trimmedDescription
                }
                for binding in function.body?.statements.compactMap({ $0.item.as(VariableDeclSyntax.self) }).flatMap(\.bindings) ?? []
                where binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text == name {
                    return binding.typeAnnotation?.type.trimmedDescription
                }
            }
            scope = current.parent
        }
        return nil
    }
}
