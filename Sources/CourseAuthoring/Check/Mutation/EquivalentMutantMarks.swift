import Foundation
internal import SwiftParser
internal import SwiftSyntax

/// An author's statement, in the exercise code, that some mutants of a line cannot be told from
/// the reference by any test (they compute the same thing), with the reason why:
///
///     if x < 0 { return 0 }  // mutant-equivalent: 'x < 0' → 'x <= 0': at 0 both return 0
///     // mutant-equivalent: constant: the 1e-12 guard only avoids dividing by zero
///     let scale = 1 / max(norm, 1e-12)
///
/// A mark names one mutant as the report prints it (`'a' → 'b'`) or an operator
/// (`constant`: all its mutants on that line). A comment after code marks its own line; a
/// comment alone on its line marks the next line of code.
public struct EquivalentMutantMark: Sendable, Equatable {
    public static let prefix = "// mutant-equivalent:"

    /// `'a < b' → 'a <= b'` or an operator's name.
    public var key: String
    public var reason: String
    /// 1-based line and column of the comment in the exercise block, and the line it marks.
    public var line: Int
    public var column: Int
    public var markedLine: Int

    public func covers(_ mutant: Mutant) -> Bool {
        mutant.line == markedLine && (key == mutant.kind.rawValue || key == mutant.change)
    }

    /// Every mark in `code` (an exercise block).
    public static func marks(in code: String) -> [EquivalentMutantMark] {
        let tree = Parser.parse(source: code)
        let converter = SourceLocationConverter(fileName: "", tree: tree)
        var marks: [EquivalentMutantMark] = []
        for token in tree.tokens(viewMode: .sourceAccurate) {
            let tokenLine = token.startLocation(converter: converter).line
            for (trailing, trivia, start) in [
                (false, token.leadingTrivia, token.position),
                (true, token.trailingTrivia, token.endPositionBeforeTrailingTrivia)
            ] {
                var offset = start
                for piece in trivia {
                    if case .lineComment(let text) = piece, text.hasPrefix(prefix) {
                        let location = converter.location(for: offset)
                        let (key, reason) = parse(String(text.dropFirst(prefix.count)))
                        marks.append(
                            EquivalentMutantMark(
                                key: key, reason: reason, line: location.line, column: location.column,
                                markedLine: trailing ? location.line : tokenLine))
                    }
                    offset += piece.sourceLength
                }
            }
        }
        return marks
    }

    /// `'a' → 'b': reason` or `operator: reason` split into key and reason ("" when missing).
    static func parse(_ text: String) -> (key: String, reason: String) {
        let body = text.trimmingCharacters(in: .whitespaces)
        var key = ""
        if body.hasPrefix("'"), let arrow = body.range(of: "' → ") {
            let rest = body[arrow.upperBound...]
            if rest.hasPrefix("(removed)") {
                key = String(body[..<arrow.upperBound]) + "(removed)"
            } else if rest.hasPrefix("'"), let close = rest.dropFirst().firstIndex(of: "'") {
                key = String(body[...close])
            }
        } else {
            key = String(body.prefix { $0 != ":" })
        }
        var reason = String(body.dropFirst(key.count)).trimmingCharacters(in: .whitespaces)
        if reason.hasPrefix(":") { reason = String(reason.dropFirst()).trimmingCharacters(in: .whitespaces) } else { reason = "" }
        return (key.trimmingCharacters(in: .whitespaces), reason)
    }

    /// Problems with the marks of one exercise: no reason, an unknown operator, or a mark that
    /// matches no mutant (stale after an edit). Locations are in the lesson.
    static func diagnostics(_ marks: [EquivalentMutantMark], mutants: [Mutant], snippet: CodeSnippet, file: String) -> [Diagnostic] {
        marks.compactMap { mark in
            let location = SourceLocation(line: snippet.firstLine + mark.line - 1, column: snippet.indent + mark.column)
            if mark.reason.isEmpty {
                return Diagnostic(
                    "course.mutants.equivalentWithoutReason", file: file, at: location,
                    "an equivalent-mutant mark needs a reason: `\(prefix) <mutant or operator>: <why no test can tell>`")
            }
            if !mark.key.hasPrefix("'") && MutationOperator(rawValue: mark.key) == nil {
                let names = MutationOperator.allCases.map(\.rawValue).joined(separator: ", ")
                return Diagnostic(
                    "course.mutants.unknownOperator", file: file, at: location,
                    "'\(mark.key)' is neither a mutant ('a' → 'b') nor an operator (\(names))")
            }
            if !mutants.contains(where: mark.covers) {
                return Diagnostic(
                    "course.mutants.unusedEquivalentMark", .warning, file: file, at: location,
                    "this equivalent-mutant mark matches no mutant of line \(snippet.firstLine + mark.markedLine - 1)")
            }
            return nil
        }
    }
}

extension EquivalentMutantMark {
    /// Problems with a lesson's equivalent-mutant marks, found without compiling anything:
    /// what `course check --mutants` reports before it builds the lesson's mutants.
    static func diagnostics(for lesson: Lesson) -> [Diagnostic] {
        lesson.exercises.flatMap { exercise in
            diagnostics(marks(in: exercise.solutionCode), mutants: MutantGenerator.mutants(of: exercise), snippet: exercise.snippet, file: lesson.file)
        }
    }
}
