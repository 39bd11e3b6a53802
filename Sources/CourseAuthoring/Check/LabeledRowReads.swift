internal import SwiftParser
internal import SwiftSyntax

/// Table rows read by their labels in a hidden test's assertions (`for row in table {
/// XCTAssertEqual(f(row.x), row.expected) }`). The blind form hides an expected value by
/// following it to the assertion that reads it (`ExpectedValueFlow`); through a row's members it
/// does not, so the whole table stays in the process a submission runs in. Taking the row apart
/// in the loop (`for (x, expected) in table`) lets it go.
enum LabeledRowReads {
    /// The offsets (in `code`) of each `row.label` an assertion reads, where `row` walks an array
    /// literal written in the loop or bound by a `let` of `code`.
    static func offsets(in code: String) -> [Int] {
        let tree = Parser.parse(source: code)
        let tables = TableNames(viewMode: .sourceAccurate)
        tables.walk(tree)
        let finder = Finder(tables: tables.names)
        finder.walk(tree)
        return finder.found
    }

    /// Names bound by `let name = [ … ]` (an array literal).
    private final class TableNames: SyntaxVisitor {
        var names: Set<String> = []
        override func visit(_ node: PatternBindingSyntax) -> SyntaxVisitorContinueKind {
            if let name = node.pattern.as(IdentifierPatternSyntax.self)?.identifier.text, node.initializer?.value.is(ArrayExprSyntax.self) == true {
                names.insert(name)
            }
            return .visitChildren
        }
    }

    private final class Finder: SyntaxVisitor {
        let tables: Set<String>
        var found: [Int] = []
        init(tables: Set<String>) {
            self.tables = tables
            super.init(viewMode: .sourceAccurate)
        }

        override func visit(_ node: ForStmtSyntax) -> SyntaxVisitorContinueKind {
            guard let row = node.pattern.as(IdentifierPatternSyntax.self)?.identifier.text else { return .visitChildren }
            let sequence = node.sequence
            let walksATable =
                sequence.is(ArrayExprSyntax.self)
                || sequence.as(DeclReferenceExprSyntax.self).map { tables.contains($0.baseName.text) } == true
            guard walksATable else { return .visitChildren }
            let reads = RowReads(row: row)
            reads.walk(node.body)
            found += reads.found
            return .visitChildren
        }
    }

    /// `row.label` as an argument of an `XCTAssert…` call.
    private final class RowReads: SyntaxVisitor {
        let row: String
        var found: [Int] = []
        init(row: String) {
            self.row = row
            super.init(viewMode: .sourceAccurate)
        }

        override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
            guard let callee = node.calledExpression.as(DeclReferenceExprSyntax.self), callee.baseName.text.hasPrefix("XCTAssert") else {
                return .visitChildren
            }
            for argument in node.arguments {
                if let member = argument.expression.as(MemberAccessExprSyntax.self),
                    member.base?.as(DeclReferenceExprSyntax.self)?.baseName.text == row
                {
                    found.append(member.positionAfterSkippingLeadingTrivia.utf8Offset)
                }
            }
            return .visitChildren
        }
    }
}
