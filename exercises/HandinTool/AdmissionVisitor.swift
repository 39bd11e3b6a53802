internal import SwiftSyntax

/// Checks one file's declarations and imports against `SourceAdmission`'s rules. It walks every
/// node the parser produced, inactive `#if` branches and unreadable code included.
final class AdmissionVisitor: SyntaxVisitor {
    private let admission: SourceAdmission
    private let declarations: StudentDeclarations
    private let report: (any SyntaxProtocol, String) -> Void

    /// Global names that would shadow the standard library's or the C library's functions in the
    /// tests (which import the student's module): math, and the free functions tests call.
    static let standardFunctionNames: Set<String> = [
        "abs", "min", "max", "pow", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt",
        "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
        "floor", "ceil", "round", "trunc", "hypot", "fabs", "fmod", "remainder", "fma", "fmin", "fmax",
        "copysign", "isnan", "isinf", "isfinite", "erf", "erfc", "tgamma", "lgamma",
        "zip", "stride", "print", "precondition", "assert", "fatalError", "repeatElement", "sequence", "swap",
        "numericCast", "type", "dump"
    ]

    /// Protocols a type the student does not declare may be given by extension: none of them
    /// brings `==`, `<` or hashing with it. Student protocols that refine only these qualify too.
    static let harmlessConformances: Set<String> = [
        "Sendable", "Error", "Encodable", "Decodable", "Codable", "CustomStringConvertible",
        "CustomDebugStringConvertible", "Copyable", "Escapable", "BitwiseCopyable"
    ]

    /// Names through which Swift code gets or uses a pointer, besides those that start with
    /// `Unsafe`, `unsafe` or `withUnsafe` (`reachesRawMemory`). With a pointer, a function can
    /// write into an array it was lent (copy-on-write shares the caller's buffer), so a test's
    /// own input, and the expected value it computes from it afterwards, would be the student's
    /// to change. Every way to a pointer goes through one of these names, whatever the types are
    /// called: a `typealias` must name the pointer type, and a closure's pointer parameter comes
    /// from a `with…` function named here.
    static let rawMemoryNames: Set<String> = [
        "OpaquePointer", "Unmanaged", "AutoreleasingUnsafeMutablePointer", "CVaListPointer", "ManagedBuffer",
        "ManagedBufferPointer", "withContiguousStorageIfAvailable", "withContiguousMutableStorageIfAvailable",
        "withCString", "withUTF8", "withUTF8Buffer", "utf8Start", "withMemoryRebound", "assumingMemoryBound",
        "bindMemory", "withVaList", "getVaList", "pointee", "baseAddress", "CVarArg"
    ]

    /// Whether `name` gets or uses a pointer (see `rawMemoryNames`).
    static func reachesRawMemory(_ name: String) -> Bool {
        name.hasPrefix("Unsafe") || name.hasPrefix("unsafe") || name.hasPrefix("withUnsafe") || rawMemoryNames.contains(name)
    }

    init(admission: SourceAdmission, declarations: StudentDeclarations, report: @escaping (any SyntaxProtocol, String) -> Void) {
        self.admission = admission
        self.declarations = declarations
        self.report = report
        super.init(viewMode: .sourceAccurate)
    }

    // MARK: Pointers and underscored names

    /// Every identifier and keyword, wherever it stands (a type, a member, a call, a label).
    override func visit(_ token: TokenSyntax) -> SyntaxVisitorContinueKind {
        guard token.presence == .present else { return .visitChildren }
        switch token.tokenKind {
        case .identifier, .keyword:
            let name = DeclarationContext.plainName(token)
            // `nonisolated(unsafe)` waives a concurrency check, not memory safety.
            let concurrencyWaiver = token.parent?.parent?.as(DeclModifierSyntax.self)?.name.text == "nonisolated"
            if !admission.allowsRawMemory && Self.reachesRawMemory(name) && !concurrencyWaiver {
                report(token, AdmissionMessage.rawMemory(name))
            }
            // The standard library's underscored members (`_baseAddressIfContiguous`, a mutable
            // pointer into any array) are public for its own inlining, not for graded code. A
            // student's own `_name` is refused too: declaring one would let `x._name` through.
            if name.hasPrefix("_") && name.count > 1 && isReference(token) {
                report(token, AdmissionMessage.underscoredName(name))
            }
        default: break
        }
        return .visitChildren
    }

    /// Whether `token` names something in an expression or a type (not a declaration, label or attribute).
    private func isReference(_ token: TokenSyntax) -> Bool {
        guard let parent = token.parent, parent.parent?.is(AttributeSyntax.self) != true else { return false }  // attributes have their rule
        return parent.is(DeclReferenceExprSyntax.self) || parent.is(IdentifierTypeSyntax.self) || parent.is(MemberTypeSyntax.self)
    }

    // MARK: Imports and whole declarations

    override func visit(_ node: ImportDeclSyntax) -> SyntaxVisitorContinueKind {
        guard let module = node.path.first, module.name.presence == .present else { return .visitChildren }
        let name = DeclarationContext.plainName(module.name)
        if name == "XCTest" {
            report(module, AdmissionMessage.xctestImport)
        } else if !admission.allowedImports.contains(name) {
            report(module, AdmissionMessage.importNotAllowed(name, allowed: admission.allowedImports))
        }
        return .visitChildren
    }

    override func visit(_ node: MacroDeclSyntax) -> SyntaxVisitorContinueKind {
        report(node, AdmissionMessage.macro)
        return named(node)
    }

    override func visit(_ node: DeinitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        report(node.deinitKeyword, AdmissionMessage.deinitializer)
        return .visitChildren
    }

    override func visit(_ node: OperatorDeclSyntax) -> SyntaxVisitorContinueKind {
        report(node, AdmissionMessage.operatorDeclaration)
        return .visitChildren
    }

    override func visit(_ node: PrecedenceGroupDeclSyntax) -> SyntaxVisitorContinueKind {
        report(node, AdmissionMessage.precedenceGroup)
        return .visitChildren
    }

    // MARK: Functions and variables

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        let name = DeclarationContext.plainName(node.name)
        // An operator's name is not an identifier token (`==`, `<`, `+`, `!`, `∘`, ...).
        if node.name.identifier == nil && node.name.presence == .present && !name.isEmpty {
            checkMember(name, at: node.name, global: AdmissionMessage.globalOperator(name))
            checkOperands(of: node, operator: name)
        } else if name == "hash", node.signature.parameterClause.parameters.first?.firstName.text == "into" {
            checkMember("hash(into:)", at: node.name, global: nil)
        }
        return named(node)
    }

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        for binding in node.bindings {
            if let pattern = binding.pattern.as(IdentifierPatternSyntax.self),
                DeclarationContext.plainName(pattern.identifier) == "hashValue"
            {
                checkMember("hashValue", at: pattern, global: nil)
            }
        }
        return .visitChildren
    }

    override func visit(_ node: IdentifierPatternSyntax) -> SyntaxVisitorContinueKind {
        checkName(node.identifier, of: node)
        return .visitChildren
    }

    override func visit(_ node: FunctionParameterSyntax) -> SyntaxVisitorContinueKind {
        checkName(node.firstName, of: nil)
        if let second = node.secondName { checkName(second, of: nil) }
        return .visitChildren
    }

    override func visit(_ node: ClosureParameterSyntax) -> SyntaxVisitorContinueKind {
        checkName(node.firstName, of: nil)
        if let second = node.secondName { checkName(second, of: nil) }
        return .visitChildren
    }

    override func visit(_ node: ClosureShorthandParameterSyntax) -> SyntaxVisitorContinueKind {
        checkName(node.name, of: nil)
        return .visitChildren
    }

    // MARK: Types

    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { named(node) }
    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { named(node) }
    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { named(node) }
    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { named(node) }
    override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { named(node) }
    override func visit(_ node: TypeAliasDeclSyntax) -> SyntaxVisitorContinueKind { named(node) }
    override func visit(_ node: AssociatedTypeDeclSyntax) -> SyntaxVisitorContinueKind { named(node) }

    override func visit(_ node: EnumCaseElementSyntax) -> SyntaxVisitorContinueKind {
        checkName(node.name, of: nil)
        return .visitChildren
    }

    override func visit(_ node: GenericParameterSyntax) -> SyntaxVisitorContinueKind {
        checkName(node.name, of: nil)
        return .visitChildren
    }

    override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
        guard !declarations.declaresType(node.extendedType) else { return .visitChildren }
        if !declarations.declaresProtocol(node.extendedType) {
            // The one member a description conformance needs (the harness reads enum cases by
            // their runtime names, never through `description`).
            // `@retroactive CustomStringConvertible`, as the compiler's warning asks it to be written.
            let conformances = Set(
                node.inheritanceClause?.inheritedTypes.compactMap { DeclarationContext.typeName($0.type.as(AttributedTypeSyntax.self)?.baseType ?? $0.type) } ?? [])
            var witnesses: Set<String> = []
            if !conformances.isDisjoint(with: ["CustomStringConvertible", "Swift.CustomStringConvertible"]) { witnesses.insert("description") }
            if !conformances.isDisjoint(with: ["CustomDebugStringConvertible", "Swift.CustomDebugStringConvertible"]) { witnesses.insert("debugDescription") }
            for member in Self.members(of: node) {
                let (name, at) = Self.memberName(member)
                if member.is(VariableDeclSyntax.self) && witnesses.contains(name) { continue }
                report(at, AdmissionMessage.memberOfForeignType(name, node.extendedType.trimmedDescription))
            }
        }
        guard let clause = node.inheritanceClause else { return .visitChildren }
        for inherited in clause.inheritedTypes {
            if !isHarmless(inherited.type) {
                report(
                    inherited.type,
                    AdmissionMessage.conformance(
                        node.extendedType.trimmedDescription,
                        inherited.type.trimmedDescription))
            }
        }
        return .visitChildren
    }

    /// The declarations an extension adds, those inside `#if` clauses included (a work list:
    /// nested clauses cannot exhaust the stack).
    static func members(of node: ExtensionDeclSyntax) -> [DeclSyntax] {
        var found: [DeclSyntax] = [], pending = Array(node.memberBlock.members)
        while let item = pending.popLast() {
            if let clauses = item.decl.as(IfConfigDeclSyntax.self)?.clauses {
                for clause in clauses {
                    if case .decls(let items) = clause.elements { pending.append(contentsOf: items) }
                }
            } else {
                found.append(item.decl)
            }
        }
        return found.reversed()
    }

    /// A member's name as a message gives it (`max(_:_:)`, `subscript`, `init`, `==`) and the node it
    /// is reported at: its name where it has one.
    static func memberName(_ decl: DeclSyntax) -> (name: String, at: Syntax) {
        if let function = decl.as(FunctionDeclSyntax.self) {
            let name = DeclarationContext.plainName(function.name)
            guard function.name.identifier != nil else { return (name, Syntax(function.name)) }  // an operator
            let labels = function.signature.parameterClause.parameters.map { DeclarationContext.plainName($0.firstName) + ":" }
            return ("\(name)(\(labels.joined()))", Syntax(function.name))
        }
        if let variable = decl.as(VariableDeclSyntax.self), let pattern = variable.bindings.first?.pattern {
            return (pattern.trimmedDescription, Syntax(pattern))
        }
        if let named = decl.asProtocol(NamedDeclSyntax.self) { return (DeclarationContext.plainName(named.name), Syntax(named.name)) }
        if let subscriptDecl = decl.as(SubscriptDeclSyntax.self) { return ("subscript", Syntax(subscriptDecl.subscriptKeyword)) }
        if let initializer = decl.as(InitializerDeclSyntax.self) { return ("init", Syntax(initializer.initKeyword)) }
        return (decl.firstToken(viewMode: .sourceAccurate)?.text ?? "declaration", Syntax(decl))
    }

    // MARK: Rules

    /// Checks a declaration's name wherever it stands.
    private func named(_ node: some NamedDeclSyntax) -> SyntaxVisitorContinueKind {
        checkName(node.name, of: node)
        return .visitChildren
    }

    /// Refuses XCTest-like and harness names anywhere, and standard function names at file level
    /// (`context` is the declaring node; `nil` for parameters, which are never global).
    private func checkName(_ token: TokenSyntax, of context: (any SyntaxProtocol)?) {
        guard token.presence == .present else { return }
        let name = DeclarationContext.plainName(token)
        if name.hasPrefix("XCT") {
            report(token, AdmissionMessage.xctestName(name))
        } else if admission.reservedNames.contains(name) {
            report(token, AdmissionMessage.reservedName(name))
        } else if Self.standardFunctionNames.contains(name) || Self.standardNames.contains(name), let context, Self.isGlobal(context) {
            report(token, AdmissionMessage.standardName(name))
        } else if admission.libraryNames.contains(name), let context, Self.isGlobal(context) {
            report(token, AdmissionMessage.libraryName(name))
        }
    }

    /// Whether the declaration `context` names is at file level and seen beyond its own file. A
    /// `private` or `fileprivate` one is not: it takes no library or standard name's place in the
    /// tests or the module's other files, only in the code beside it, which is the student's own.
    static func isGlobal(_ context: some SyntaxProtocol) -> Bool {
        guard DeclarationContext(of: context).isFile else { return false }
        var node: Syntax? = Syntax(context)
        while let current = node, !current.is(DeclSyntax.self) { node = current.parent }
        return !DeclarationContext.isFilePrivate(node?.asProtocol(WithModifiersSyntax.self)?.modifiers ?? [])
    }

    /// A member that defines comparison or hashing (an operator, `hash(into:)`, `hashValue`) is
    /// allowed only in a type the student declares, or as a protocol's requirement. `global` is
    /// the message for one at file level (`nil`: allowed there, where it changes nothing).
    private func checkMember(_ member: String, at node: some SyntaxProtocol, global: String?) {
        switch DeclarationContext(of: node) {
        case .file, .local:
            if let global { report(node, global) }
        case .type, .protocolBody:
            break
        case .extensionBody(let extended):
            // Any member of a type the files do not declare is refused where the extension is visited.
            if declarations.declaresProtocol(extended) {
                report(node, AdmissionMessage.memberOfProtocolExtension(member, extended.trimmedDescription))
            }
        }
    }

    /// An operator a type of the submission declares takes only the submission's own types (or
    /// `Self`, or optionals of them). One operand of another type is enough for it to join the
    /// overloads of every comparison in the module: `static func == (lhs: Matrix?, rhs: Slot)`
    /// with a `Slot` written `nil` became what the support code's `cache.output == nil` called,
    /// and counted the tape's matrices as the submission liked (red team, round 17).
    private func checkOperands(of node: FunctionDeclSyntax, operator name: String) {
        let enclosing: String?
        switch DeclarationContext(of: node) {
        case .type(let name): enclosing = name
        // Other extensions are refused whole where they are visited.
        case .extensionBody(let extended) where declarations.declaresType(extended): enclosing = DeclarationContext.typeName(extended)
        default: return
        }
        let generics = Set(node.genericParameterClause?.parameters.map(\.name.text) ?? [])
        // A name written in the type's body, looked up as the compiler does: in the enclosing
        // types from the innermost out, then at file level (`Row` in `Outer.Row` is `Outer.Row`).
        let scopes = (enclosing ?? "").split(separator: ".").map(String.init)
        func isOwn(_ written: String) -> Bool {
            for depth in stride(from: scopes.count, through: 0, by: -1) {
                if declarations.types.contains((scopes.prefix(depth) + [written]).joined(separator: ".")) { return true }
            }
            return false
        }
        for parameter in node.signature.parameterClause.parameters {
            var type = parameter.type
            while true {
                if let attributed = type.as(AttributedTypeSyntax.self) {
                    type = attributed.baseType
                } else if let optional = type.as(OptionalTypeSyntax.self) {
                    type = optional.wrappedType
                } else if let unwrapped = type.as(ImplicitlyUnwrappedOptionalTypeSyntax.self) {
                    type = unwrapped.wrappedType
                } else {
                    break
                }
            }
            let written = DeclarationContext.typeName(type)
            if let written, written == "Self" || (!generics.contains(written) && isOwn(written)) { continue }
            report(parameter.type, AdmissionMessage.foreignOperand(name, parameter.type.trimmedDescription))
        }
    }

    /// Whether a conformance to `type` brings no comparison, hashing or other member with it: a
    /// harmless standard protocol, or a student protocol that no extension gives members and that
    /// refines only harmless ones. A work list, not recursion, so a long chain of protocols cannot
    /// exhaust the grader's stack.
    private func isHarmless(_ type: TypeSyntax) -> Bool {
        var pending = [type], seen: Set<String> = []
        while let next = pending.popLast() {
            if let attributed = next.as(AttributedTypeSyntax.self) {
                pending.append(attributed.baseType)
            } else if let composition = next.as(CompositionTypeSyntax.self) {
                pending.append(contentsOf: composition.elements.map(\.type))
            } else if !next.is(SuppressedTypeSyntax.self) {
                guard let name = DeclarationContext.typeName(next) else { return false }
                if let inherited = declarations.protocols[name] {
                    // Members an extension gives the protocol would be the conforming type's too.
                    if declarations.extendedWithMembers.contains(name) { return false }
                    if seen.insert(name).inserted { pending.append(contentsOf: inherited) }  // a cycle is the compiler's to refuse
                } else if !Self.harmlessConformances.contains(name.hasPrefix("Swift.") ? String(name.dropFirst(6)) : name) {
                    return false
                }
            }
        }
        return true
    }
}
