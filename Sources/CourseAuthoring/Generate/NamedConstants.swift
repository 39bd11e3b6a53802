internal import SwiftParser
internal import SwiftSyntax

/// Expected values that tests keep in named fixtures (`let sigmaA = 3.074601287621526` beside the
/// test methods of a class) rather than as literals in the assertion.
///
/// `AssertionRewriter` hides such a name where it is an assertion's operand, as it hides a literal;
/// when the blind form then uses the name nowhere else, the declaration goes too, so the value is
/// not in the runner a student's code shares a process with. A name qualifies only when the class's
/// blocks declare it exactly once, as a plain top-level `let` of a constant, and bind it nowhere
/// else (no parameter, local or closure argument of that name), so every use means that value.
enum NamedConstants {
    /// The qualifying names of one test class, given its blocks' code.
    static func names(in blocks: [String]) -> Set<String> {
        var constant: [String: Int] = [:]
        var bound: [String: Int] = [:]
        for code in blocks {
            let tree = Parser.parse(source: code)
            for item in tree.statements {
                if let name = constantName(item.item.as(VariableDeclSyntax.self), names: []) { constant[name, default: 0] += 1 }
            }
            for token in tree.tokens(viewMode: .sourceAccurate) where token.tokenKind.isBindingName {
                if let parent = token.parent, Self.binds(parent, token) { bound[token.text, default: 0] += 1 }
            }
        }
        return Set(constant.filter { $0.value == 1 && bound[$0.key] == 1 }.keys)
    }

    /// The name `declaration` gives a constant (`let name[: Type] = <constant>`, no modifiers, one
    /// binding), or `nil`.
    static func constantName(_ declaration: VariableDeclSyntax?, names: Set<String>) -> String? {
        guard let declaration, declaration.bindingSpecifier.tokenKind == .keyword(.let), declaration.modifiers.isEmpty,
            declaration.attributes.isEmpty, declaration.bindings.count == 1, let binding = declaration.bindings.first,
            let pattern = binding.pattern.as(IdentifierPatternSyntax.self), binding.accessorBlock == nil,
            let value = binding.initializer?.value, ConstantExpression.isConstant(value, names: names)
        else { return nil }
        return pattern.identifier.text
    }

    /// Whether `token` under `parent` introduces a binding of its name (a pattern, a parameter, a
    /// closure's argument, a function's name).
    private static func binds(_ parent: Syntax, _ token: TokenSyntax) -> Bool {
        if let pattern = parent.as(IdentifierPatternSyntax.self) { return pattern.identifier.id == token.id }
        if let parameter = parent.as(FunctionParameterSyntax.self) {
            return parameter.secondName?.id == token.id || (parameter.secondName == nil && parameter.firstName.id == token.id)
        }
        if let parameter = parent.as(ClosureParameterSyntax.self) {
            return parameter.secondName?.id == token.id || (parameter.secondName == nil && parameter.firstName.id == token.id)
        }
        if let shorthand = parent.as(ClosureShorthandParameterSyntax.self) { return shorthand.name.id == token.id }
        if let function = parent.as(FunctionDeclSyntax.self) { return function.name.id == token.id }
        return false
    }

    /// How often `name` occurs in `code` as a whole identifier.
    static func occurrences(of name: String, in code: String) -> Int {
        var count = 0
        var searchStart = code.startIndex
        func isIdentifier(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" }
        while let found = code.range(of: name, range: searchStart..<code.endIndex) {
            searchStart = found.upperBound
            let before = found.lowerBound > code.startIndex ? code[code.index(before: found.lowerBound)] : " "
            let after = found.upperBound < code.endIndex ? code[found.upperBound] : " "
            if !isIdentifier(before) && !isIdentifier(after) { count += 1 }
        }
        return count
    }
}

private extension TokenKind {
    var isBindingName: Bool {
        if case .identifier = self { return true }
        return false
    }
}
