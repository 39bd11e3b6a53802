internal import SwiftOperators
internal import SwiftParser
internal import SwiftSyntax

/// Expected values inside a Boolean assertion's condition (`XCTAssertTrue(abs(y - 0.358) < 1e-9)`).
/// The grader records what an `XCTAssertTrue` saw, its one Boolean, so the condition is compiled
/// whole into the code a submission runs with, and the literal with it: only the operands of
/// `XCTAssertEqual` and the other comparing assertions are left out (a new author's trial).
enum HandWrittenAccuracyChecks {
    /// The offsets (in `code`) of each number literal that is an operand of `+` or `-` inside a
    /// comparison in the condition of `XCTAssert`, `XCTAssertTrue` or `XCTAssertFalse`, unless
    /// the block also passes that number to a call (`fgsm(…, epsilon: 0.2)` then
    /// `abs(abs(moved) - 0.2) <= 1e-12`): an input is no secret.
    static func offsets(in code: String) -> [Int] {
        let parsed = Parser.parse(source: code)
        let tree = OperatorTable.standardOperators.foldAll(parsed) { _ in }
        let inputs = Inputs(viewMode: .sourceAccurate)
        inputs.walk(tree)
        let finder = Finder(viewMode: .sourceAccurate)
        finder.walk(tree)
        return finder.found.filter { !inputs.values.contains($0.value) }.map(\.offset)
    }

    /// The values of number literals passed as arguments.
    private final class Inputs: SyntaxVisitor {
        var values: Set<Double> = []
        override func visit(_ node: LabeledExprSyntax) -> SyntaxVisitorContinueKind {
            if node.parent?.parent?.is(FunctionCallExprSyntax.self) ?? false, let (_, value) = Comparisons.literal(node.expression) {
                values.insert(value)
            }
            return .visitChildren
        }
    }

    private final class Finder: SyntaxVisitor {
        var found: [(offset: Int, value: Double)] = []
        static let booleanAssertions: Set<String> = ["XCTAssert", "XCTAssertTrue", "XCTAssertFalse"]
        static let comparisons: Set<String> = ["<", "<=", ">", ">=", "==", "!="]

        override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
            guard let name = node.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text, Self.booleanAssertions.contains(name),
                let condition = node.arguments.first?.expression
            else { return .visitChildren }
            let comparisons = Comparisons(viewMode: .sourceAccurate)
            comparisons.walk(condition)
            found += comparisons.literals
            return .skipChildren
        }
    }

    /// Number literals added to or subtracted from something inside a comparison.
    private final class Comparisons: SyntaxVisitor {
        var literals: [(offset: Int, value: Double)] = []
        var depth = 0

        override func visit(_ node: InfixOperatorExprSyntax) -> SyntaxVisitorContinueKind {
            guard let op = node.operator.as(BinaryOperatorExprSyntax.self)?.operator.text else { return .visitChildren }
            if Finder.comparisons.contains(op) { depth += 1 }
            if depth > 0, op == "-" || op == "+" {
                for operand in [node.leftOperand, node.rightOperand] {
                    if let (offset, value) = Self.literal(operand) { literals.append((offset, value)) }
                }
            }
            return .visitChildren
        }

        override func visitPost(_ node: InfixOperatorExprSyntax) {
            if let op = node.operator.as(BinaryOperatorExprSyntax.self)?.operator.text, Finder.comparisons.contains(op) { depth -= 1 }
        }

        /// The offset and value of `expression` when it is a number literal, possibly negated or
        /// in parentheses.
        static func literal(_ expression: ExprSyntax) -> (offset: Int, value: Double)? {
            var expression = expression
            var sign = 1.0
            while true {
                if let tuple = expression.as(TupleExprSyntax.self), tuple.elements.count == 1, let only = tuple.elements.first {
                    expression = only.expression
                } else if let prefix = expression.as(PrefixOperatorExprSyntax.self), prefix.operator.text == "-" {
                    expression = prefix.expression
                    sign = -sign
                } else {
                    break
                }
            }
            let text = (expression.as(FloatLiteralExprSyntax.self)?.literal.text ?? expression.as(IntegerLiteralExprSyntax.self)?.literal.text)?
                .replacingOccurrences(of: "_", with: "")
            guard let text, let value = Double(text) else { return nil }
            return (expression.positionAfterSkippingLeadingTrivia.utf8Offset, sign * value)
        }
    }
}
