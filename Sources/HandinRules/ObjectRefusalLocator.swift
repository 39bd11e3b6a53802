internal import SwiftParser
internal import SwiftSyntax

/// Where in a submission's files an object-rule refusal (`ObjectAdmission`) most likely comes
/// from. The object rules read symbols, which carry no line; the student reads code. This is a
/// hint for the reader, never a rule: a refusal stands whether or not a place is found.
package enum ObjectRefusalLocator {
    /// `message` with `path:line:column: ` in front when the name it quotes is declared (for a
    /// refused definition) or written (for a refused call) in `files` (path → text); else as it is.
    package static func located(_ message: String, in files: [String: String]) -> String {
        located([message], in: files)[0]
    }

    /// `located(_:in:)` for each message, the files parsed once for all of them.
    package static func located(_ messages: [String], in files: [String: String]) -> [String] {
        let quoted = messages.map(quotedName(in:))
        guard quoted.contains(where: { $0 != nil }) else { return messages }
        let trees = files.keys.sorted().map { path in (path, Parser.parse(source: files[path]!)) }
        return zip(messages, quoted).map { message, quoted in
            guard let (name, declared) = quoted else { return message }
            for (path, tree) in trees {
                let finder = NameFinder(name: name, declarations: declared)
                finder.walk(tree)
                if let position = finder.found {
                    let location = SourceLocationConverter(fileName: path, tree: tree).location(for: position)
                    return "\(path):\(location.line):\(location.column): \(message)"
                }
            }
            return message
        }
    }

    /// The simple name a refusal quotes (`foo` of `(extension in M):ResidualEngine.Matrix.foo() -> ()`,
    /// `==` of `M.Slot.== infix(…)`), and whether the submission declares it (a refused definition)
    /// or calls it (a refused use).
    static func quotedName(in message: String) -> (name: String, declared: Bool)? {
        let declared: Bool
        if message.hasPrefix("adds `") || message.hasPrefix("defines ") || message.hasPrefix("declares `") {
            declared = true
        } else if message.hasPrefix("uses `") {
            declared = false
        } else {
            return nil
        }
        guard let open = message.firstIndex(of: "`") else { return nil }
        let rest = message[message.index(after: open)...]
        guard let close = rest.firstIndex(of: "`") else { return nil }
        var quoted = rest[..<close]
        // Descriptors and witnesses name what they are for last: `property descriptor for X`.
        if let range = quoted.range(of: " for ", options: .backwards) { quoted = quoted[range.upperBound...] }
        if quoted.hasPrefix("static ") { quoted = quoted.dropFirst("static ".count) }
        if quoted.hasPrefix("("), let end = quoted.range(of: "):") { quoted = quoted[end.upperBound...] }
        for marker in [" infix(", " prefix(", " postfix("] {
            if let range = quoted.range(of: marker) { quoted = quoted[..<range.lowerBound] }
        }
        // Generic arguments go first (`Swift.Array<A where A == Swift.Double>.norm`), then the signature.
        var depth = 0
        let plain = quoted.filter { character in
            if character == "<" { depth += 1 } else if character == ">", depth > 0 { depth -= 1; return false }
            return depth == 0
        }
        var path = String(plain.prefix { $0 != "(" && $0 != " " })
        for accessor in [".getter", ".setter", ".modify", ".read", ".unsafeMutableAddressor", ".unsafeAddressor"] where path.hasSuffix(accessor) {
            path.removeLast(accessor.count)
        }
        guard let name = path.split(separator: ".").last.map(String.init), !name.isEmpty else { return nil }
        return (name, declared)
    }

    /// The first declaration named `name` (or, for a use, the first token spelled so).
    private final class NameFinder: SyntaxVisitor {
        let name: String
        let declarations: Bool
        var found: AbsolutePosition?

        init(name: String, declarations: Bool) {
            self.name = name
            self.declarations = declarations
            super.init(viewMode: .sourceAccurate)
        }

        private func mark(_ token: TokenSyntax) -> SyntaxVisitorContinueKind {
            if found == nil, token.text == name { found = token.positionAfterSkippingLeadingTrivia }
            return found == nil ? .visitChildren : .skipChildren
        }

        override func visit(_ token: TokenSyntax) -> SyntaxVisitorContinueKind {
            guard !declarations else { return .visitChildren }
            switch token.tokenKind {
            case .identifier, .binaryOperator, .prefixOperator, .postfixOperator: return mark(token)
            default: return found == nil ? .visitChildren : .skipChildren
            }
        }

        override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind { declarations ? mark(node.name) : .visitChildren }
        override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { declarations ? mark(node.name) : .visitChildren }
        override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { declarations ? mark(node.name) : .visitChildren }
        override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { declarations ? mark(node.name) : .visitChildren }
        override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { declarations ? mark(node.name) : .visitChildren }
        override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { declarations ? mark(node.name) : .visitChildren }
        override func visit(_ node: TypeAliasDeclSyntax) -> SyntaxVisitorContinueKind { declarations ? mark(node.name) : .visitChildren }
        override func visit(_ node: EnumCaseElementSyntax) -> SyntaxVisitorContinueKind { declarations ? mark(node.name) : .visitChildren }
        override func visit(_ node: IdentifierPatternSyntax) -> SyntaxVisitorContinueKind {
            declarations ? mark(node.identifier) : .visitChildren
        }
        override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind {
            declarations && name == "init" ? mark(node.initKeyword) : .visitChildren
        }
        override func visit(_ node: SubscriptDeclSyntax) -> SyntaxVisitorContinueKind {
            declarations && name == "subscript" ? mark(node.subscriptKeyword) : .visitChildren
        }
    }
}
