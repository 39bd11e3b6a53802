import CourseToolchain
internal import SwiftParser
internal import SwiftSyntax

/// Rewrites the XCTest assertions of a test block into calls that only *record* what they saw
/// (`Observe.equal(site, mask, a, b, …)`, see `ObservationSource`), so that the grader judges
/// them outside the test process.
///
/// Each assertion call becomes one numbered *site*. The rewrite has two forms:
/// - **witness**: every operand is recorded. Compiled with the reference solution only; its
///   transcript holds the expected values and never enters a student's sandbox.
/// - **blind**: operands that are constants (literals, operators on literals, collections of
///   literals, `.member` shorthands) and author messages are replaced by `Observe.hidden()`,
///   never evaluated. Compiled with the student's code: the runner then holds no expected value
///   and no message, and the grader takes those slots from the witness transcript.
///
/// Type inference stays as in the original call: both forms pass every slot, hidden or not, to
/// the same generic function, so `XCTAssertEqual(x, 1 / 3)` still divides Doubles.
public struct AssertionRewriter {
    public enum Form: Sendable { case witness, blind }

    /// The rewritten code and its sites, in source order.
    struct Result {
        var code: String
        var sites: [AssertionSite]
    }

    /// Rewrites `code`; sites are numbered from `firstSite`, lines counted from `firstLine`.
    /// `constants` are names hidden like literals (`NamedConstants`); the top-level declarations of
    /// `removing` (named constants used nowhere else in the blind form) are left out, their lines kept.
    /// `hiddenSlots` (by the call's offset) and `scrubbed` (literal tokens' offsets, blind form only)
    /// come from `ExpectedValueFlow`.
    static func rewrite(
        _ code: String, form: Form, firstSite: Int = 0, firstLine: Int = 1, constants: Set<String> = [], removing: Set<String> = [],
        hiddenSlots: [Int: Int] = [:], scrubbed: Set<Int> = []
    ) -> Result {
        let tree = Parser.parse(source: code)
        let converter = SourceLocationConverter(fileName: "", tree: tree)
        var renderer = Renderer(
            form: form, converter: converter, nextSite: firstSite, lineOffset: firstLine - 1, constants: constants,
            removing: form == .blind ? removing : [], hiddenSlots: hiddenSlots, scrubbed: form == .blind ? scrubbed : [])
        let text = renderer.render(Syntax(tree))
        return Result(code: text, sites: renderer.sites)
    }

    /// The operand kept visible when `hidden` covers every operand, so that one fixes the generic
    /// type: a literal rather than a named fixture (which then could not leave). `ExpectedValueFlow`
    /// asks the same, so that the operand kept keeps its value.
    static func keptOperand(_ operands: [ExprSyntax], hidden: Int) -> Int? {
        let every = (1 << operands.count) - 1
        guard !operands.isEmpty, hidden & every == every else { return nil }
        return operands.firstIndex { ConstantExpression.isConstant($0) } ?? 0
    }

    /// The assertion `call` makes, if it is one.
    static func kind(of call: FunctionCallExprSyntax) -> AssertionKind? {
        guard let name = call.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text else { return nil }
        return AssertionKind(xctestName: name)
    }

    /// Walks the tree and prints it back, with each assertion call replaced.
    private struct Renderer {
        let form: Form
        let converter: SourceLocationConverter
        var nextSite: Int
        let lineOffset: Int
        let constants: Set<String>
        let removing: Set<String>
        let hiddenSlots: [Int: Int]
        let scrubbed: Set<Int>
        var sites: [AssertionSite] = []

        mutating func render(_ node: Syntax) -> String {
            if let token = node.as(TokenSyntax.self) {
                guard scrubbed.contains(token.positionAfterSkippingLeadingTrivia.utf8Offset) else { return token.description }
                return token.leadingTrivia.description + LiteralLeaves.zero(for: token) + token.trailingTrivia.description
            }
            if !removing.isEmpty, node.parent?.parent?.parent?.is(SourceFileSyntax.self) == true,
                let name = NamedConstants.constantName(node.as(VariableDeclSyntax.self), names: []), removing.contains(name)
            {
                return String(repeating: "\n", count: node.description.lineFeeds)
            }
            if let call = node.as(FunctionCallExprSyntax.self), let kind = AssertionRewriter.kind(of: call) {
                return call.leadingTrivia.description + replacement(call, kind: kind) + call.trailingTrivia.description
            }
            var out = ""
            for child in node.children(viewMode: .sourceAccurate) { out += render(child) }
            return out
        }

        /// `Observe.<kind>(site, mask, slots…)` with the call's newlines kept, so later lines keep their numbers.
        mutating func replacement(_ call: FunctionCallExprSyntax, kind: AssertionKind) -> String {
            let site = nextSite
            nextSite += 1
            let line = call.startLocation(converter: converter).line + lineOffset
            let slots = Slots(call, kind: kind)
            // Every slot's text, rendered so assertions nested inside (an error handler's) are rewritten too.
            var operands = slots.operands.map { render(Syntax($0)).trimmingWhitespace }
            var accuracy = slots.accuracy.map { render(Syntax($0)).trimmingWhitespace }
            var message = slots.message.map { render(Syntax($0)).trimmingWhitespace }
            var mask = 0
            for (index, operand) in slots.operands.enumerated() where ConstantExpression.isConstant(operand, names: constants) { mask |= 1 << index }
            mask |= hiddenSlots[call.positionAfterSkippingLeadingTrivia.utf8Offset] ?? 0
            // With every operand hidden, nothing would fix the generic type: keep one visible (a
            // constant anyway), a literal rather than a named fixture, which could then not leave.
            if let kept = AssertionRewriter.keptOperand(slots.operands, hidden: mask) { mask &= ~(1 << kept) }
            if let value = slots.accuracy, ConstantExpression.isConstant(value, names: constants) { mask |= 1 << 2 }
            // A message with interpolations is evaluated in both runs (`AuthorMessage`); any other
            // is the witness's alone.
            let interpolated = slots.message.flatMap(AuthorMessage.interpolations(of:)) != nil
            if slots.message != nil && !interpolated { mask |= 1 << 3 }
            if form == .blind {
                for index in operands.indices where mask & (1 << index) != 0 { operands[index] = Self.hidden }
                if accuracy != nil && mask & (1 << 2) != 0 { accuracy = Self.hidden }
                if let written = slots.message { message = AuthorMessage.blind(written, constants: constants, scrubbed: scrubbed) }
            } else if let written = slots.message {
                message = AuthorMessage.witness(written)
            }
            sites.append(AssertionSite(id: site, kind: kind, hiddenMask: mask, line: line))
            var arguments = ["\(site)", "\(form == .blind ? mask : 0)"] + operands
            if let accuracy { arguments.append("accuracy: " + accuracy) }
            if let message { arguments.append(message) }
            var text = "Observe.\(kind.rawValue)(" + arguments.joined(separator: ", ") + ")"
            if let handler = slots.handler { text += " " + render(Syntax(handler)).trimmingWhitespace }
            let missing = call.trimmedDescription.lineFeeds - text.lineFeeds
            return text + String(repeating: "\n", count: max(0, missing))
        }

        static let hidden = "Observe.hidden()"
    }

    /// The arguments of an assertion call sorted into XCTest's roles.
    struct Slots {
        var operands: [ExprSyntax] = []
        var accuracy: ExprSyntax?
        var message: ExprSyntax?
        var handler: ClosureExprSyntax?

        init(_ call: FunctionCallExprSyntax, kind: AssertionKind) {
            var unlabeled: [ExprSyntax] = []
            for argument in call.arguments {
                switch argument.label?.text {
                case nil: unlabeled.append(argument.expression)
                case "accuracy": accuracy = argument.expression
                case "errorHandler": handler = argument.expression.as(ClosureExprSyntax.self)
                default: break  // file:, line: — sites know where they are
                }
            }
            handler = handler ?? call.trailingClosure
            operands = Array(unlabeled.prefix(kind.operandCount))
            if unlabeled.count > kind.operandCount { message = unlabeled[kind.operandCount] }
        }
    }
}

/// Whether an expression's value is fixed by its text alone: the expected values of assertions.
/// `names` are named constants (`NamedConstants`), which count as their values.
enum ConstantExpression {
    static func isConstant(_ expression: ExprSyntax, names: Set<String> = []) -> Bool {
        func isConstant(_ expression: ExprSyntax) -> Bool { Self.isConstant(expression, names: names) }
        let e = expression
        if let reference = e.as(DeclReferenceExprSyntax.self), reference.argumentNames == nil, names.contains(reference.baseName.text) {
            return true
        }
        // `fixture[3]`: an element of a constant, by constant indices.
        if let element = e.as(SubscriptCallExprSyntax.self), element.trailingClosure == nil, isConstant(element.calledExpression),
            element.arguments.allSatisfy({ $0.label == nil && isConstant($0.expression) })
        {
            return true
        }
        if e.is(IntegerLiteralExprSyntax.self) || e.is(FloatLiteralExprSyntax.self) || e.is(BooleanLiteralExprSyntax.self)
            || e.is(NilLiteralExprSyntax.self)
        {
            return true
        }
        if let string = e.as(StringLiteralExprSyntax.self) {
            return string.segments.allSatisfy { $0.is(StringSegmentSyntax.self) }
        }
        if let prefix = e.as(PrefixOperatorExprSyntax.self) { return isConstant(prefix.expression) }
        if let tuple = e.as(TupleExprSyntax.self) { return tuple.elements.allSatisfy { isConstant($0.expression) } }
        if let array = e.as(ArrayExprSyntax.self) { return array.elements.allSatisfy { isConstant($0.expression) } }
        if let dictionary = e.as(DictionaryExprSyntax.self), case .elements(let elements) = dictionary.content {
            return elements.allSatisfy { isConstant($0.key) && isConstant($0.value) }
        }
        // The same, folded (`ExpectedValueFlow` reads folded trees; both must agree).
        if let infix = e.as(InfixOperatorExprSyntax.self) {
            return infix.operator.is(BinaryOperatorExprSyntax.self) && isConstant(infix.leftOperand) && isConstant(infix.rightOperand)
        }
        if let sequence = e.as(SequenceExprSyntax.self) {
            // Unfolded `a op b op c`: operands constant, operators binary (not `as`, `is`, `=`, `? :`).
            return sequence.elements.allSatisfy { element in
                element.is(BinaryOperatorExprSyntax.self) || isConstant(element)
            }
        }
        // `.zero`, `.pi`, `.infinity`: a member of the expected type, with no arguments.
        if let member = e.as(MemberAccessExprSyntax.self), member.base == nil, member.declName.argumentNames == nil { return true }
        return false
    }
}

private extension String {
    var trimmingWhitespace: String { String(Substring(self).trimmingCharacters()) }

    /// Line feeds, counted as bytes (a CR LF pair is one `Character`).
    var lineFeeds: Int { utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
}
