import SwiftParser
import SwiftSyntax

/// The lesson's value types whose values a hidden test may write as expected values, so that
/// `XCTAssertEqual(summary, Summary(skips: 2, runs: 3))` and `.unknownToken("x2")` are hidden like
/// literals (`ExpectedValueFlow`): the grader then compares the student's value with the
/// witness's by stored parts, so a type counts only when that is what its `==` does and when
/// writing a value runs no code a student writes.
///
/// - Support code is given and not edited: its structs and enums count, whatever their
///   initialisers do, unless they define `==`.
/// - A struct or enum of an exercise's file counts when students are given its whole declaration
///   (no solution region inside it, so its stored parts are the reference's) and nothing in the
///   lesson defines an `init` or `==` for it, so that building a value only stores its parts.
///
/// Classes never count (identity, and a class's stored parts may be anything).
struct LessonValueTypes: Hashable, Sendable {
    /// Types written `Name(…)`.
    private(set) var structs: Set<String> = []
    /// Enum name → its cases, written `.case(…)` or `Name.case(…)`.
    private(set) var enumCases: [String: Set<String>] = [:]
    /// Every function name of the lesson's code: `.name(…)` may call one instead of making a case.
    private(set) var functionNames: Set<String> = []
    /// Support types with an `init` of their own, which may refuse the zeros of a scrubbed literal.
    private(set) var initialised: Set<String> = []

    init() {}

    /// `given`: support code and the students' stubs; `support`: support code alone; `all`:
    /// support code and the reference solutions.
    init(given: [String], support: [String], all: [String]) {
        let supportTrees = support.map { Parser.parse(source: $0) }
        let givenTrees = given.map { Parser.parse(source: $0) }
        let allTrees = all.map { Parser.parse(source: $0) }
        let supportDeclarations = Declarations(supportTrees)
        let everywhere = Declarations(allTrees)
        let given = Declarations(givenTrees)
        functionNames = everywhere.functionNames
        for (name, cases) in given.valueTypes {
            guard !everywhere.definesEquality.contains(name) else { continue }
            let fromSupport = supportDeclarations.valueTypes[name] != nil
            // Nothing of the declaration is a solution region: its stored parts are the reference's.
            let wholeGiven = given.texts[name] != nil && given.texts[name] == everywhere.texts[name]
            guard fromSupport || (wholeGiven && !everywhere.definesInit.contains(name)) else { continue }
            if let cases { enumCases[name] = cases } else { structs.insert(name) }
            if everywhere.definesInit.contains(name) { initialised.insert(name) }
        }
    }

    /// The types of `lesson`.
    static func of(_ lesson: Lesson) -> LessonValueTypes {
        let builder = SwiftSourceBuilder(lesson: lesson)
        let support = lesson.support.map(\.code)
        return LessonValueTypes(
            given: support + lesson.exercises.map(\.stubCode), support: support,
            all: support
                + builder.referenceModule().keys.sorted().compactMap { name in
                    name == "Support.swift" ? nil : lesson.exercises.first { $0.fileName == name }?.solutionCode
                })
    }

    /// The types' names.
    var names: Set<String> { structs.union(enumCases.keys) }

    /// Whether `name(…)` makes a value of one of these types.
    func isValueType(_ name: String) -> Bool { structs.contains(name) || enumCases[name] != nil }

    /// Whether `.name(…)` (no type written) makes a case of one of these enums.
    func isCase(_ name: String) -> Bool {
        !functionNames.contains(name) && enumCases.values.contains { $0.contains(name) }
    }

    /// Whether `type.name(…)` makes a case of enum `type`.
    func isCase(_ name: String, of type: String) -> Bool {
        !functionNames.contains(name) && enumCases[type]?.contains(name) == true
    }
}

/// What the top level of some Swift files declares.
private struct Declarations {
    /// Struct and enum names; an enum's cases, `nil` for a struct.
    var valueTypes: [String: Set<String>?] = [:]
    /// Each value type's declaration, as written.
    var texts: [String: String] = [:]
    var definesInit: Set<String> = []
    var definesEquality: Set<String> = []
    var functionNames: Set<String> = []

    init(_ trees: [SourceFileSyntax]) {
        for tree in trees {
            for item in tree.statements {
                if let declaration = item.item.as(StructDeclSyntax.self) {
                    let name = declaration.name.text
                    valueTypes[name] = .some(nil)
                    texts[name] = declaration.trimmedDescription
                    members(declaration.memberBlock, of: name)
                } else if let declaration = item.item.as(EnumDeclSyntax.self) {
                    let name = declaration.name.text
                    var cases: Set<String> = []
                    for member in declaration.memberBlock.members {
                        for element in member.decl.as(EnumCaseDeclSyntax.self)?.elements ?? [] { cases.insert(element.name.text) }
                    }
                    valueTypes[name] = cases
                    texts[name] = declaration.trimmedDescription
                    members(declaration.memberBlock, of: name)
                } else if let declaration = item.item.as(ExtensionDeclSyntax.self) {
                    members(declaration.memberBlock, of: declaration.extendedType.trimmedDescription)
                } else if let function = item.item.as(FunctionDeclSyntax.self) {
                    functionNames.insert(function.name.text)
                    // A global `==` makes its operands' type compare its own way.
                    if function.name.text == "==", let first = function.signature.parameterClause.parameters.first {
                        definesEquality.insert(first.type.trimmedDescription)
                    }
                }
            }
        }
    }

    private mutating func members(_ block: MemberBlockSyntax, of type: String) {
        for member in block.members {
            if member.decl.is(InitializerDeclSyntax.self) { definesInit.insert(type) }
            if let function = member.decl.as(FunctionDeclSyntax.self) {
                functionNames.insert(function.name.text)
                if function.name.text == "==" { definesEquality.insert(type) }
            }
            // A nested type's functions may be called as `.name(…)` too.
            if let nested = member.decl.as(StructDeclSyntax.self) { members(nested.memberBlock, of: type + "." + nested.name.text) }
            if let nested = member.decl.as(EnumDeclSyntax.self) { members(nested.memberBlock, of: type + "." + nested.name.text) }
            if let nested = member.decl.as(ClassDeclSyntax.self) { members(nested.memberBlock, of: type + "." + nested.name.text) }
        }
    }
}
