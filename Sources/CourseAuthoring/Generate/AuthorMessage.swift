import CourseToolchain
internal import SwiftSyntax

/// An author's assertion message, as the two forms of a test record it (`AssertionRewriter`).
///
/// Students see the message beside a failure. The witness runs the reference solution, so a value
/// the message interpolates is the reference's there: shown as it is, `"peaks \(peaks)"` would
/// put the expected peaks in front of the student as if they were theirs. So the witness records
/// the message's words with a placeholder for each interpolation, followed by the values; the
/// blind run records its own values of the same interpolations (never the words, which may hold
/// an expected value); and the grader shows a value only where both runs agree on it
/// (`AuthorMessageParts`): a depth or a trial number, which the student's run has anyway, and
/// not a result of the solution, which is `…`.
enum AuthorMessage {
    /// The literal's interpolations, if `message` is a string literal with any.
    static func interpolations(of message: ExprSyntax) -> (literal: StringLiteralExprSyntax, segments: [ExpressionSegmentSyntax])? {
        guard let literal = message.as(StringLiteralExprSyntax.self) else { return nil }
        let segments = literal.segments.compactMap { $0.as(ExpressionSegmentSyntax.self) }
        return segments.isEmpty ? nil : (literal, segments)
    }

    /// The witness's message: the words, each interpolation as a placeholder, then each value.
    /// A message that is not a string literal is recorded as none (its value would be the reference's).
    static func witness(_ message: ExprSyntax) -> String {
        guard let (literal, segments) = interpolations(of: message) else {
            return message.is(StringLiteralExprSyntax.self) ? message.trimmedDescription : "\"\""
        }
        let values = segments.map { segment in Self.plainExpression(segment).map { "\"\\(\($0.trimmedDescription))\"" } ?? notEvaluated }
        return joined([template(literal, segments)] + values)
    }

    /// The blind run's message: no words, and the value of each interpolation that can safely be
    /// evaluated there. Not evaluated (shown as `…`): one that names a hidden constant or holds a
    /// scrubbed literal (its value would be made up), and anything but names, members and sums of
    /// them (`isName`: a subscript, a division or a call could trap on a scrubbed value and end
    /// a correct run).
    static func blind(_ message: ExprSyntax, constants: Set<String>, scrubbed: Set<Int>) -> String {
        guard let (_, segments) = interpolations(of: message) else { return "Observe.hidden()" }
        let values = segments.map { segment -> String in
            guard let expression = plainExpression(segment), isName(expression),
                !expression.tokens(viewMode: .sourceAccurate).contains(where: {
                    constants.contains($0.text) || scrubbed.contains($0.positionAfterSkippingLeadingTrivia.utf8Offset)
                })
            else { return notEvaluated }
            return "\"\\(\(expression.trimmedDescription))\""
        }
        return joined(["\"\""] + values)
    }

    /// `[a, b, …].joined(separator: …)`: an array of string literals type-checks at once, where a
    /// chain of `+` may not.
    private static func joined(_ parts: [String]) -> String {
        "[" + parts.joined(separator: ", ") + "].joined(separator: \"\\u{1F}\")"
    }

    private static let notEvaluated = "\"\\u{FFFD}\""

    /// The literal's source with each interpolation replaced by the placeholder: its escapes,
    /// delimiters and lines as written.
    private static func template(_ literal: StringLiteralExprSyntax, _ segments: [ExpressionSegmentSyntax]) -> String {
        let start = literal.positionAfterSkippingLeadingTrivia.utf8Offset
        var text = Array(literal.trimmedDescription.utf8)
        for segment in segments.reversed() {  // back to front: earlier offsets stay valid
            let from = segment.positionAfterSkippingLeadingTrivia.utf8Offset - start
            let to = segment.endPositionBeforeTrailingTrivia.utf8Offset - start
            text.replaceSubrange(from..<to, with: Array(AuthorMessageParts.placeholder.utf8))
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The one unlabeled expression of a default interpolation (`\(x)`); `nil` for another kind.
    private static func plainExpression(_ segment: ExpressionSegmentSyntax) -> ExprSyntax? {
        guard segment.expressions.count == 1, let only = segment.expressions.first, only.label == nil else { return nil }
        return only.expression
    }

    /// `name`, `name.member.member`, an integer literal, and sums, differences and products of
    /// them (`l + 1`): what labels a case, and cannot trap on the values a run has.
    private static func isName(_ expression: ExprSyntax) -> Bool {
        if expression.is(DeclReferenceExprSyntax.self) || expression.is(IntegerLiteralExprSyntax.self) { return true }
        if let member = expression.as(MemberAccessExprSyntax.self), let base = member.base { return isName(base) }
        if let tuple = expression.as(TupleExprSyntax.self), tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil {
            return isName(only.expression)
        }
        if let sequence = expression.as(SequenceExprSyntax.self) {
            return sequence.elements.enumerated().allSatisfy { index, element in
                guard index % 2 == 1 else { return isName(element) }
                return element.as(BinaryOperatorExprSyntax.self).map { ["+", "-", "*"].contains($0.operator.text) } ?? false
            }
        }
        return false
    }
}
