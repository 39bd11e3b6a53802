import CourseToolchain
internal import SwiftParser
internal import SwiftSyntax

/// The lesson's value types whose values a hidden test may write as expected values, so that
/// `XCTAssertEqual(summary, Summary(skips: 2, runs: 3))` and `XCTAssertEqual(error, .unknownToken("x2"))`
/// are hidden like literals (`ExpectedValueFlow`). The grader then compares the student's value
/// with the witness's by stored parts, and the student's process never builds the expected one.
/// That is right only when building a value runs no code and comparing by parts is what `==`
/// does, so a type counts only when all of this holds:
///
/// - it is declared in support code, which the grader compiles from its own copy: a submission
///   cannot change its stored parts (a type of an exercise's file can gain some);
/// - nothing in the lesson declares an `init`, `==` or an ordering operator for it, and it
///   conforms only to standard protocols (`Equatable`, `Hashable`, `Codable`, …: no
///   `CustomStringConvertible`, no lesson protocol that could bring its own `==`);
/// - its stored properties have written types, no property wrappers and no defaults but
///   literals; its parts (stored properties, associated values) are numbers, strings, booleans,
///   collections of them, or values of types that count.
///
/// Classes never count. Only an assertion's operand itself is followed (`FlowWalker.givenValue`).
struct LessonValueTypes: Hashable, Sendable {
    /// Types written `Name(…)`.
    private(set) var structs: Set<String> = []
    /// Enum name → its cases, written `.case(…)` or `Name.case(…)`.
    private(set) var enumCases: [String: Set<String>] = [:]
    /// Names `.name(…)` could mean other than a counted case: every function, static member and
    /// case of a type that does not count.
    private(set) var otherMembers: Set<String> = []

    init() {}

    /// `support`: the lesson's support code; `solutions`: the reference solutions.
    init(support: [String], solutions: [String]) {
        let supportTrees = support.map { Parser.parse(source: $0) }
        let given = Declarations(supportTrees)
        let everywhere = Declarations(supportTrees + solutions.map { Parser.parse(source: $0) })
        var counted = Set(
            given.types.keys.filter { name in
                guard let type = given.types[name], everywhere.types[name]?.text == type.text else { return false }
                return type.isPlain && !everywhere.customised.contains(name)
            })
        // Parts must be plain or of counted types, until nothing more drops out.
        while true {
            let keep = counted.filter { name in
                everywhere.types[name]!.partTypes.allSatisfy { FlowWalker.isPlainLiteralType($0, valueTypes: counted) }
            }
            if keep == counted { break }
            counted = keep
        }
        for name in counted {
            if let cases = everywhere.types[name]!.cases { enumCases[name] = cases } else { structs.insert(name) }
        }
        otherMembers = everywhere.memberNames
        for (name, type) in everywhere.types where !counted.contains(name) { otherMembers.formUnion(type.cases ?? []) }
    }

    /// The types of `lesson`, found once per process for the same code: each form of its tests
    /// (witness, blind, visible) and `course check` ask.
    static func of(_ lesson: Lesson) -> LessonValueTypes {
        let support = lesson.support.map(\.code)
        let solutions = lesson.exercises.map(\.solutionCode)
        return memo.value(for: support + ["\u{0}"] + solutions) { LessonValueTypes(support: support, solutions: solutions) }
    }

    private static let memo = ContentMemo<[String], LessonValueTypes>()

    /// Whether `name(…)` makes a value of one of these types.
    func isValueType(_ name: String) -> Bool { structs.contains(name) || enumCases[name] != nil }

    /// Whether `.name(…)` (no type written) can only make a case of one of these enums.
    func isCase(_ name: String) -> Bool {
        !otherMembers.contains(name) && enumCases.values.contains { $0.contains(name) }
    }

    /// Whether `type.name(…)` makes a case of enum `type`.
    func isCase(_ name: String, of type: String) -> Bool {
        !otherMembers.contains(name) && enumCases[type]?.contains(name) == true
    }
}

/// What the top level of some Swift files declares.
private struct Declarations {
    struct ValueType {
        var text: String
        /// An enum's cases; `nil` for a struct.
        var cases: Set<String>?
        /// Stored properties' and associated values' types.
        var partTypes: [TypeSyntax]
        /// Standard conformances only, stored properties typed, unwrapped, with literal defaults.
        var isPlain: Bool
    }

    static let standardProtocols: Set<String> = [
        "Equatable", "Hashable", "Sendable", "Codable", "Encodable", "Decodable", "Error", "CaseIterable"
    ]
    static let comparisons: Set<String> = ["==", "!=", "<", ">", "<=", ">=", "~="]

    var types: [String: ValueType] = [:]
    /// `typealias Alias = Type`.
    var aliases: [String: String] = [:]
    /// Types with an `init`, a comparison operator or a conformance beyond the standard ones.
    var customised: Set<String> = []
    var memberNames: Set<String> = []

    init(_ trees: [SourceFileSyntax]) {
        for tree in trees { read(tree.statements) }
        // An extension or `==` written for an alias customises the type itself.
        for (alias, type) in aliases where customised.contains(alias) { customised.insert(type) }
    }

    /// `Module.Money` and `Money` are the same type here.
    static func typeName(_ text: String) -> String { String(text.split(separator: ".").last ?? Substring(text)) }

    private mutating func read(_ items: CodeBlockItemListSyntax) {
        for item in items {
            if let conditional = item.item.as(IfConfigDeclSyntax.self) {
                // Every branch of an `#if` may be compiled.
                for clause in conditional.clauses {
                    if case .statements(let statements)? = clause.elements { read(statements) }
                    if case .decls(let members)? = clause.elements {
                        for member in members { addNames(in: Syntax(member.decl)) }
                    }
                }
                continue
            }
            if let alias = item.item.as(TypeAliasDeclSyntax.self) {
                aliases[alias.name.text] = Self.typeName(alias.initializer.value.trimmedDescription)
            }
            if let declaration = item.item.as(StructDeclSyntax.self) {
                add(declaration.name.text, Syntax(declaration), declaration.inheritanceClause, declaration.memberBlock, cases: nil)
            } else if let declaration = item.item.as(EnumDeclSyntax.self) {
                var cases: Set<String> = []
                for member in declaration.memberBlock.members {
                    for element in member.decl.as(EnumCaseDeclSyntax.self)?.elements ?? [] { cases.insert(element.name.text) }
                }
                add(declaration.name.text, Syntax(declaration), declaration.inheritanceClause, declaration.memberBlock, cases: cases)
            } else if let declaration = item.item.as(ExtensionDeclSyntax.self) {
                let name = Self.typeName(declaration.extendedType.trimmedDescription)
                if !Self.isStandard(declaration.inheritanceClause) || declaration.genericWhereClause != nil { customised.insert(name) }
                members(declaration.memberBlock, of: name)
            } else if let function = item.item.as(FunctionDeclSyntax.self) {
                memberNames.insert(function.name.text)
                // A global comparison operator makes its operands' type compare its own way.
                if Self.comparisons.contains(function.name.text) {
                    for parameter in function.signature.parameterClause.parameters { customised.insert(Self.typeName(parameter.type.trimmedDescription)) }
                }
            } else {
                // Classes, protocols, globals: their members may be what `.name(…)` calls.
                addNames(in: Syntax(item))
            }
        }
    }

    private mutating func add(_ name: String, _ declaration: Syntax, _ inheritance: InheritanceClauseSyntax?, _ block: MemberBlockSyntax, cases: Set<String>?) {
        var partTypes: [TypeSyntax] = []
        let attributes = declaration.as(StructDeclSyntax.self)?.attributes ?? declaration.as(EnumDeclSyntax.self)?.attributes
        var isPlain =
            Self.isStandard(inheritance) && attributes?.isEmpty != false && declaration.as(StructDeclSyntax.self)?.genericParameterClause == nil
            && declaration.as(EnumDeclSyntax.self)?.genericParameterClause == nil
        for member in block.members {
            if let variable = member.decl.as(VariableDeclSyntax.self), !variable.modifiers.contains(where: { $0.name.text == "static" }) {
                if !variable.attributes.isEmpty { isPlain = false }  // a property wrapper runs code
                for binding in variable.bindings {
                    if let accessors = binding.accessorBlock {
                        // Computed (a getter) is no part; observed (`didSet`) is a stored one, with code.
                        guard case .accessors(let list) = accessors.accessors,
                            list.contains(where: { ["didSet", "willSet"].contains($0.accessorSpecifier.text) })
                        else { continue }
                        isPlain = false
                    }
                    guard let type = binding.typeAnnotation?.type else { isPlain = false; continue }
                    partTypes.append(type)
                    if let value = binding.initializer?.value, !ConstantExpression.isConstant(value) { isPlain = false }
                }
            }
            for element in member.decl.as(EnumCaseDeclSyntax.self)?.elements ?? [] {
                for parameter in element.parameterClause?.parameters ?? [] {
                    partTypes.append(parameter.type)
                    if let value = parameter.defaultValue?.value, !ConstantExpression.isConstant(value) { isPlain = false }
                }
                if element.rawValue != nil { isPlain = false }
            }
        }
        types[name] = ValueType(text: declaration.trimmedDescription, cases: cases, partTypes: partTypes, isPlain: isPlain)
        members(block, of: name)
    }

    private mutating func members(_ block: MemberBlockSyntax, of type: String) {
        for member in block.members {
            // What an `#if` or a macro adds is not read here: in doubt, the type is its own.
            if member.decl.is(IfConfigDeclSyntax.self) || member.decl.is(MacroExpansionDeclSyntax.self) { customised.insert(type) }
            if member.decl.is(InitializerDeclSyntax.self) { customised.insert(type) }
            if let function = member.decl.as(FunctionDeclSyntax.self) {
                memberNames.insert(function.name.text)
                if Self.comparisons.contains(function.name.text) { customised.insert(type) }
            }
            if let variable = member.decl.as(VariableDeclSyntax.self) {
                for binding in variable.bindings {
                    if let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text { memberNames.insert(name) }
                }
            }
            // Nested types are not counted; their members may be what `.name(…)` calls.
            if member.decl.is(StructDeclSyntax.self) || member.decl.is(EnumDeclSyntax.self) || member.decl.is(ClassDeclSyntax.self) {
                addNames(in: Syntax(member.decl))
            }
        }
    }

    /// Every name written in code whose declarations are not read one by one: any of them may be
    /// what `.name(…)` means.
    private mutating func addNames(in node: Syntax) {
        for token in node.tokens(viewMode: .sourceAccurate) {
            if case .identifier = token.tokenKind { memberNames.insert(token.text) }
        }
    }

    private static func isStandard(_ clause: InheritanceClauseSyntax?) -> Bool {
        clause?.inheritedTypes.allSatisfy { standardProtocols.contains($0.type.trimmedDescription) } ?? true
    }
}
