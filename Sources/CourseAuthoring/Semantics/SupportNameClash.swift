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

    /// Each use in the support code of a name only an exercise declares (at file level): the
    /// support module is compiled before the exercises and cannot see it, so the student package
    /// `course generate` writes would not build. A name the support code declares anywhere
    /// (a parameter, a local, a member) is left to the compiler, which knows what it means there.
    static func exerciseNamesUsed(exercises: [Exercise], support: [CodeSnippet]) -> [(name: String, exercise: Exercise, location: SourceLocation)] {
        guard !support.isEmpty, !exercises.isEmpty else { return [] }
        var declaredBy: [String: Exercise] = [:]
        for exercise in exercises {
            for name in SourceAdmission.fileLevelNames(in: [exercise.snippet.code], publicOnly: false) where declaredBy[name] == nil {
                declaredBy[name] = exercise
            }
        }
        let trees = support.map { Parser.parse(source: $0.code) }
        let declaredInSupport = DeclaredNames(viewMode: .sourceAccurate)
        for tree in trees { declaredInSupport.walk(tree) }
        var found: [(name: String, exercise: Exercise, location: SourceLocation)] = []
        for (snippet, tree) in zip(support, trees) {
            let uses = NameUses(viewMode: .sourceAccurate)
            uses.walk(tree)
            let converter = SourceLocationConverter(fileName: "", tree: tree)
            for token in uses.tokens {
                guard let exercise = declaredBy[token.text], !declaredInSupport.names.contains(token.text) else { continue }
                let position = converter.location(for: token.positionAfterSkippingLeadingTrivia)
                found.append((token.text, exercise, SourceLocation(line: snippet.firstLine + position.line - 1, column: snippet.indent + position.column)))
            }
        }
        return found
    }

    /// Names used unqualified: in expressions (not after a dot) and as types.
    private final class NameUses: SyntaxVisitor {
        var tokens: [TokenSyntax] = []
        override func visit(_ node: MemberAccessExprSyntax) -> SyntaxVisitorContinueKind {
            if let base = node.base { walk(base) }  // the member's own name is not a file-level one
            return .skipChildren
        }
        // A key path's components (`\.step`) are members too.
        override func visit(_ node: KeyPathComponentSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
            tokens.append(node.baseName)
            return .skipChildren
        }
        override func visit(_ node: IdentifierTypeSyntax) -> SyntaxVisitorContinueKind {
            tokens.append(node.name)
            return .visitChildren  // generic arguments
        }
    }

    /// Every name the code declares, at any depth: parameters, locals, members, types.
    private final class DeclaredNames: SyntaxAnyVisitor {
        var names: Set<String> = []
        override func visitAny(_ node: Syntax) -> SyntaxVisitorContinueKind {
            if let name = Self.declaredName(node) { names.insert(name) }
            return .visitChildren
        }

        private static func declaredName(_ node: Syntax) -> String? {
            if let pattern = node.as(IdentifierPatternSyntax.self) { return pattern.identifier.text }
            if let parameter = node.as(FunctionParameterSyntax.self) { return (parameter.secondName ?? parameter.firstName).text }
            if let parameter = node.as(ClosureParameterSyntax.self) { return (parameter.secondName ?? parameter.firstName).text }
            if let parameter = node.as(ClosureShorthandParameterSyntax.self) { return parameter.name.text }
            if let parameter = node.as(GenericParameterSyntax.self) { return parameter.name.text }
            if let element = node.as(EnumCaseElementSyntax.self) { return element.name.text }
            return node.asProtocol(NamedDeclSyntax.self)?.name.text  // types, functions, type aliases
        }
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
