internal import SwiftParser
internal import SwiftSyntax

/// Finds the timed lines that pass only part of a call's result to `blackHole`
/// (`blackHole(reversibleBackward(…).gradients.input)`): the grader compares only what reaches
/// `blackHole`, so a submission that recognises the benchmark's inputs could skip the rest of
/// the work there and still match (a red team took lesson 6's benchmark point that way).
enum BenchmarkResultCheck {
    /// The 0-based indices in `timedLines` of each `blackHole` whose argument is a member of a call's result.
    static func partialResultLines(in timedLines: [some StringProtocol]) -> [Int] {
        let text = timedLines.map { String($0) }.joined(separator: "\n")
        let tree = Parser.parse(source: text)
        let converter = SourceLocationConverter(fileName: "benchmark", tree: tree)
        let finder = PartialResultFinder(viewMode: .sourceAccurate)
        finder.walk(tree)
        return finder.found.map { converter.location(for: $0).line - 1 }
    }
}

private final class PartialResultFinder: SyntaxVisitor {
    var found: [AbsolutePosition] = []

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        guard node.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text == "blackHole",
            let argument = node.arguments.first?.expression
        else { return .visitChildren }
        // Down a chain of member accesses (`.gradients.input`) to what it starts from.
        var base = argument, members = 0
        while let access = base.as(MemberAccessExprSyntax.self), let inner = access.base {
            base = inner
            members += 1
        }
        if members > 0 && base.is(FunctionCallExprSyntax.self) { found.append(node.positionAfterSkippingLeadingTrivia) }
        return .visitChildren
    }
}
