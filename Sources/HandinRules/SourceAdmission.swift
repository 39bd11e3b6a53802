internal import SwiftParser
internal import SwiftSyntax

/// One reason a student's file is not admitted for grading, at the place it starts.
public struct AdmissionViolation: Codable, Equatable, Sendable, CustomStringConvertible {
    /// The file as the submission names it.
    package var path: String
    /// 1-based line and column (UTF-8 bytes), counting `\n`, `\r\n` and a lone `\r` as line ends.
    package var line: Int
    package var column: Int
    package var message: String
    /// The parser could not read the file from here on, so no rule saw what follows. A file with
    /// a typo is refused by the compiler, with its own messages; one the compiler accepts is
    /// refused with this one (`SourceAdmission.unparsedMessage`).
    package var isUnparsed = false

    package init(path: String, line: Int, column: Int, message: String, isUnparsed: Bool = false) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.isUnparsed = isUnparsed
    }

    /// "path:line:col: error: message"
    public var description: String { "\(path):\(line):\(column): error: \(message)" }
}

/// Admits a student's Swift files by what the compiler's parser sees, not by how lines look.
///
/// The student's module is imported into the hidden tests and linked into their runner, so a
/// declaration can change what a test means: a global `abs` or `==`, an `XCTAssertEqual` of its
/// own, an `Equatable` conformance for a type the tests compare, or a symbol named by hand
/// (`@_silgen_name`, `@c`) that wins over XCTest's or the C library's at link time. The parser
/// (swift-syntax, the compiler's own) sees through comments, string literals, line endings and
/// inactive `#if` branches; what it reports is checked on the syntax tree and its tokens.
package struct SourceAdmission {
    /// Modules a submission may import (XCTest never, whatever this holds).
    package let allowedImports: Set<String>
    /// Names the test harness declares; a submission may not declare them at any level.
    package let reservedNames: Set<String>
    /// Whether the lesson allows pointers (`allow: [unsafe-pointers]`); see `AdmissionVisitor.reachesRawMemory`.
    package var allowsRawMemory = false
    /// File-level names of the support library and the lesson's support code (`fileLevelNames`),
    /// which a submission may not declare at file level: its module's declaration would take
    /// their place in the hidden tests that import it.
    package var libraryNames: Set<String> = []

    /// `allowedImports`: modules a submission may import; `reservedNames`: names the test harness declares.
    package init(allowedImports: Set<String>, reservedNames: Set<String>) {
        self.allowedImports = allowedImports.subtracting(["XCTest"])
        self.reservedNames = reservedNames
    }

    /// Every violation in the student's files (path → text), sorted by path, line, column.
    ///
    /// The files are taken as one module (one lesson's): a type declared in any of them is the
    /// student's own, and may be given operators and conformances anywhere in them.
    package func violations(in files: [String: String]) -> [AdmissionViolation] {
        let trees = files.mapValues { Parser.parse(source: $0) }
        let declarations = StudentDeclarations(
            trees.values, notOwnIfPrivate: libraryNames.union(AdmissionVisitor.standardNames).union(AdmissionVisitor.standardFunctionNames))
        var found: [AdmissionViolation] = []
        for (path, tree) in trees {
            let converter = SourceLocationConverter(fileName: path, tree: tree)
            let report: (any SyntaxProtocol, String) -> Void = { node, message in
                let location = converter.location(for: node.positionAfterSkippingLeadingTrivia)
                found.append(AdmissionViolation(path: path, line: location.line, column: location.column, message: message))
            }
            Self.scanTokens(of: tree, report: report)
            let visitor = AdmissionVisitor(admission: self, declarations: declarations, report: report)
            visitor.walk(tree)
            if let unparsed = Self.firstUnparsed(in: tree) {
                let location = converter.location(for: unparsed.positionAfterSkippingLeadingTrivia)
                found.append(
                    AdmissionViolation(path: path, line: location.line, column: location.column, message: Self.unparsedMessage, isUnparsed: true))
            }
        }
        return found.sorted { ($0.path, $0.line, $0.column, $0.message) < ($1.path, $1.line, $1.column, $1.message) }
    }

    // MARK: - What the parser could not read

    static let unparsedMessage =
        "the grader's parser cannot read this code from here on (a syntax error, which the compiler explains, or nesting deeper than the parser reads), so it cannot check it"

    /// The first place the parser did not read as Swift: a token it had to supply, or text it
    /// could not place. Past its nesting limit (which counts the `<` of generic arguments; the
    /// compiler's does not) swift-syntax leaves the rest of the file as one run of unplaced text:
    /// a red team hid refused declarations there, which the compiler then compiled.
    static func firstUnparsed(in tree: SourceFileSyntax) -> Syntax? {
        guard tree.hasError else { return nil }
        for token in tree.tokens(viewMode: .all) {
            let strayText = (token.leadingTrivia.pieces + token.trailingTrivia.pieces).contains {
                if case .unexpectedText = $0 { return true } else { return false }
            }
            if token.presence == .missing || strayText || token.ancestorOrSelf(mapping: { $0.as(UnexpectedNodesSyntax.self) }) != nil {
                return Syntax(token)
            }
        }
        return Syntax(tree)
    }

    // MARK: - Tokens

    /// Whether `name` could be written without backticks (letters, digits and `_`, not starting
    /// with a digit); a keyword in backticks (`` `default` ``) is one.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
    }

    /// Whether `token` is part of a regex literal (so the next part is not reported again).
    private static func isRegexPart(_ token: TokenSyntax) -> Bool {
        switch token.tokenKind {
        case .regexSlash, .regexPoundDelimiter, .regexLiteralPattern: return true
        default: return false
        }
    }

    /// Whether `@inline` (its name token given) reads `@inline(never)`, which copies nothing.
    private static func isInlineNever(after name: TokenSyntax) -> Bool {
        guard let open = name.nextToken(viewMode: .sourceAccurate), open.tokenKind == .leftParen,
            let argument = open.nextToken(viewMode: .sourceAccurate), argument.text == "never",
            argument.nextToken(viewMode: .sourceAccurate)?.tokenKind == .rightParen
        else { return false }
        return true
    }

    /// Attributes that name or export symbols, change linking or entry points, or reach compiler
    /// internals; any attribute whose name starts with `_` is refused as well.
    static let forbiddenAttributes: Set<String> = [
        "c", "cdecl", "section", "used", "objc", "objcMembers",
        "dynamicReplacement", "abi", "extern", "export", "implementation",
        "main", "NSApplicationMain", "UIApplicationMain"
    ]

    /// Attributes that copy a body into the code that calls it, in another module: tests compiled
    /// against a submission then run code the grader's check of what they call
    /// (`CompiledTestAdmission`, by symbol) never sees. A red team's `@inlinable @inline(always)`
    /// overload that a test's literal preferred left no symbol there (round 19). `@inline(never)` stays.
    static let clientCodeAttributes: Set<String> = ["inlinable", "frozen", "backDeployed", "specialize"]

    /// Checks what does not depend on where a token stands: attributes (`@testable` too) and `#sourceLocation`.
    /// Working on tokens, the check also sees code the parser could not fit into a declaration.
    private static func scanTokens(of tree: SourceFileSyntax, report: (any SyntaxProtocol, String) -> Void) {
        var previous: TokenSyntax?
        for token in tree.tokens(viewMode: .sourceAccurate) {
            defer { previous = token }
            if token.tokenKind == .poundSourceLocation
                || (token.text == "sourceLocation" && previous?.tokenKind == .pound)
            {
                report(previous?.tokenKind == .pound ? previous! : token, AdmissionMessage.sourceLocation)
            }
            // The compiler (Swift 5 mode) reads a bare `/…/` as division, swift-syntax as a regex
            // literal: `let r = /x\// + #/` is a comment to one and a regex running over the next
            // lines to the other, which then checked nothing there (red team, round 14).
            if isRegexPart(token), previous.map({ !isRegexPart($0) }) ?? true {
                report(token, AdmissionMessage.regexLiteral)
            }
            // The compiler does not parse a clause a version condition turns off (new syntax may
            // stand there); swift-syntax does, and checks code that is not what was skipped.
            // A raw identifier (SE-0451) names what a plain one cannot: `` `M.ActivationTape` ``
            // declared a type whose name the rules took for the support code's, and so let an
            // extension of the real one through (red team, round 15).
            if token.text.hasPrefix("`"), let name = token.identifier?.name, !Self.isPlainIdentifier(name) {
                report(token, AdmissionMessage.rawIdentifier(name))
            }
            if ["compiler", "swift", "_compiler_version"].contains(token.identifier?.name ?? token.text), previous?.tokenKind != .period,
                token.nextToken(viewMode: .sourceAccurate)?.tokenKind == .leftParen,
                token.ancestorOrSelf(mapping: { $0.as(IfConfigClauseSyntax.self) })?.condition.map({ $0.range.contains(token.position) }) == true
            {
                report(token, AdmissionMessage.versionCondition(token.identifier?.name ?? token.text))
            }
            if let at = previous, at.tokenKind == .atSign {
                let name = token.identifier?.name ?? token.text
                if name.hasPrefix("_") || forbiddenAttributes.contains(name) {
                    report(at, AdmissionMessage.attribute(name))
                } else if clientCodeAttributes.contains(name) || (name == "inline" && !isInlineNever(after: token)) {
                    report(at, AdmissionMessage.clientCodeAttribute(name))
                } else if name == "testable" {
                    report(at, AdmissionMessage.testable)
                }
            }
        }
    }
}

extension SourceAdmission {
    /// The names `sources` declare at file level (inside `#if` too): types, functions, type
    /// aliases, variables and macros; with `publicOnly`, only `public` and `open` ones (what another
    /// module sees), else all but `private` and `fileprivate` ones.
    package static func fileLevelNames(in sources: some Sequence<String>, publicOnly: Bool) -> Set<String> {
        var names: Set<String> = []
        for source in sources {
            var pending = Array(Parser.parse(source: source).statements)
            while let item = pending.popLast() {
                guard case .decl(let decl) = item.item else { continue }
                if let clauses = decl.as(IfConfigDeclSyntax.self)?.clauses {
                    for clause in clauses {
                        if case .statements(let items) = clause.elements { pending.append(contentsOf: items) }
                    }
                    continue
                }
                let modifiers = decl.asProtocol(WithModifiersSyntax.self)?.modifiers.map(\.name.text) ?? []
                if publicOnly
                    ? !(modifiers.contains("public") || modifiers.contains("open"))
                    : (modifiers.contains("private") || modifiers.contains("fileprivate"))
                {
                    continue
                }
                if let variable = decl.as(VariableDeclSyntax.self) {
                    for binding in variable.bindings {
                        if let pattern = binding.pattern.as(IdentifierPatternSyntax.self) { names.insert(DeclarationContext.plainName(pattern.identifier)) }
                    }
                } else if let function = decl.as(FunctionDeclSyntax.self), function.name.identifier != nil {
                    names.insert(DeclarationContext.plainName(function.name))
                } else if let named = decl.asProtocol(NamedDeclSyntax.self) {
                    names.insert(DeclarationContext.plainName(named.name))
                }
            }
        }
        return names
    }
}

/// The names a submission declares for itself, to tell its own types from others'.
struct StudentDeclarations {
    /// Structs, classes, enums and actors, by qualified name (`Outer.Inner`, `Matrix.Row`).
    fileprivate(set) var types: Set<String> = []
    /// Protocols, by qualified name, with the types each inherits from.
    fileprivate(set) var protocols: [String: [TypeSyntax]] = [:]
    /// Names the files extend with members (whether or not they declare them), and protocols that
    /// declare type names: such a protocol hands those to every type that conforms.
    fileprivate(set) var extendedWithMembers: Set<String> = []

    /// Collects the declarations of every file. A `private` or `fileprivate` file-level type or
    /// protocol named in `notOwnIfPrivate` (the library's, the support code's and the standard
    /// names, which only such a declaration may take) does not make that name the student's: an
    /// extension in another file means the real type. A red team's `private struct
    /// StackGradients {}` in one file let `extension StackGradients: RawRepresentable` through in
    /// another (round 20).
    init(_ trees: some Sequence<SourceFileSyntax>, notOwnIfPrivate: Set<String> = []) {
        let collector = DeclarationCollector(viewMode: .sourceAccurate)
        collector.notOwnIfPrivate = notOwnIfPrivate
        for tree in trees { collector.walk(tree) }
        self = collector.declarations
    }

    fileprivate init() {}

    /// Whether `type` (as written in an extension) names a struct, class, enum or actor of the student's.
    func declaresType(_ type: TypeSyntax) -> Bool {
        DeclarationContext.typeName(type).map(types.contains) ?? false
    }

    /// Whether `type` names a protocol the student declares.
    func declaresProtocol(_ type: TypeSyntax) -> Bool {
        DeclarationContext.typeName(type).map { protocols[$0] != nil } ?? false
    }
}

/// Records each nominal type and protocol declaration with its qualified name.
private final class DeclarationCollector: SyntaxVisitor {
    var declarations = StudentDeclarations()
    var notOwnIfPrivate: Set<String> = []

    /// A file-level private declaration with one of `notOwnIfPrivate`'s names.
    private func isPrivateStandIn(_ node: some NamedDeclSyntax & WithModifiersSyntax) -> Bool {
        DeclarationContext(of: node).isFile && notOwnIfPrivate.contains(DeclarationContext.plainName(node.name))
            && DeclarationContext.isFilePrivate(node.modifiers)
    }

    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { addType(node) }
    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { addType(node) }
    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { addType(node) }
    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { addType(node) }

    override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind {
        if !DeclarationContext.isConditional(node), !isPrivateStandIn(node), let name = DeclarationContext.qualifiedName(of: node) {
            declarations.protocols[name] = node.inheritanceClause?.inheritedTypes.map(\.type) ?? []
            // A type name the protocol declares (`associatedtype MemoryInUse = Quiet`, a
            // `typealias`) is found first inside every conforming type's body: given to a support
            // type, it redirected the support code's own `MemoryInUse.Watch()` (red team, round 16).
            if node.memberBlock.members.contains(where: { $0.decl.is(AssociatedTypeDeclSyntax.self) || $0.decl.is(TypeAliasDeclSyntax.self) }) {
                declarations.extendedWithMembers.insert(name)
            }
        }
        return .visitChildren
    }

    override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
        if !AdmissionVisitor.members(of: node).isEmpty, let name = DeclarationContext.typeName(node.extendedType) {
            declarations.extendedWithMembers.insert(name)
        }
        return .visitChildren
    }

    private func addType(_ node: some NamedDeclSyntax & WithModifiersSyntax) -> SyntaxVisitorContinueKind {
        if !DeclarationContext.isConditional(node), !isPrivateStandIn(node), let name = DeclarationContext.qualifiedName(of: node) {
            declarations.types.insert(name)
        }
        return .visitChildren
    }
}
