import HandinRules
internal import SwiftParser
internal import SwiftSyntax

/// File-level names an exercise declares that the lesson's support code declares too. The
/// support code is a module of its own: the two declarations do not collide when compiled, but
/// every call in the tests becomes ambiguous (the compiler's "ambiguous use" quotes the grader's
/// rewritten test, not the lesson), and the grader refuses a student file that declares a
/// support name again. Found when the lesson is read, before anything compiles.
enum SupportNameClash {
    /// Each clash: the name and where the exercise declares it (line and column in the lesson).
    static func clashes(exercises: [Exercise], support: [CodeSnippet]) -> [(name: String, exercise: Exercise, location: SourceLocation)] {
        guard !support.isEmpty else { return [] }
        let supportNames = SourceAdmission.fileLevelNames(in: support.map(\.code), publicOnly: false)
        var found: [(name: String, exercise: Exercise, location: SourceLocation)] = []
        for exercise in exercises {
            let tree = Parser.parse(source: exercise.snippet.code)
            let converter = SourceLocationConverter(fileName: "", tree: tree)
            var pending = Array(tree.statements)
            while let item = pending.popLast() {
                guard case .decl(let decl) = item.item else { continue }
                if let clauses = decl.as(IfConfigDeclSyntax.self)?.clauses {
                    for clause in clauses { if case .statements(let items) = clause.elements { pending.append(contentsOf: items) } }
                    continue
                }
                let modifiers = decl.asProtocol(WithModifiersSyntax.self)?.modifiers.map(\.name.text) ?? []
                guard !modifiers.contains("private"), !modifiers.contains("fileprivate") else { continue }
                for token in nameTokens(of: decl) where supportNames.contains(token.text) {
                    let position = converter.location(for: token.positionAfterSkippingLeadingTrivia)
                    let location = SourceLocation(
                        line: exercise.snippet.firstLine + position.line - 1, column: exercise.snippet.indent + position.column)
                    found.append((token.text, exercise, location))
                }
            }
        }
        return found.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }

    /// The name tokens a file-level declaration introduces.
    private static func nameTokens(of decl: DeclSyntax) -> [TokenSyntax] {
        if let variable = decl.as(VariableDeclSyntax.self) {
            return variable.bindings.compactMap { $0.pattern.as(IdentifierPatternSyntax.self)?.identifier }
        }
        if let named = decl.asProtocol(NamedDeclSyntax.self), named.name.identifier != nil { return [named.name] }
        return []
    }
}
