internal import SwiftParser
internal import SwiftSyntax

/// Enum cases that share a base name (`case moved(to: Int)`, `case moved(by: Int)`), found in a
/// lesson's exercise and support code before anything compiles.
///
/// Swift accepts the declarations but cannot tell such cases apart: `switch` patterns are
/// refused, and with library evolution (which grading uses, `SwiftCompiler.lessonModuleFlags`)
/// the synthesized `==` calls `.moved(to: 5)` equal to `.moved(by: 5)`, so a wrong answer could
/// pass a hidden check. The warning names the fix before the reference's tests fail obscurely.
package enum OverloadedEnumCaseCheck {
    /// One `course.code.overloadedEnumCase` warning for each case after the first of its base name.
    package static func diagnostics(for lessons: [Lesson]) -> [Diagnostic] {
        lessons.flatMap { lesson in
            (lesson.support + lesson.exercises.map(\.snippet)).flatMap { snippet in
                overloads(in: snippet.code).map { overload in
                    Diagnostic(
                        "course.code.overloadedEnumCase", .warning, file: lesson.file,
                        at: SourceLocation(line: snippet.firstLine + overload.line - 1, column: snippet.indent + overload.column),
                        "enum '\(overload.enumName)' has a second case named '\(overload.name)': Swift cannot match such cases apart, and graded code (compiled with library evolution) compares them as equal; give each case its own name"
                    )
                }
            }
        }
    }

    struct Overload: Equatable {
        var enumName: String
        var name: String
        /// 1-based, within the snippet's code.
        var line: Int
        var column: Int
    }

    /// Every case whose base name an earlier case of the same enum (also behind `#if`) already has.
    static func overloads(in code: String) -> [Overload] {
        guard code.contains("enum") else { return [] }
        let tree = Parser.parse(source: code)
        let converter = SourceLocationConverter(fileName: "", tree: tree)
        let finder = Finder(viewMode: .sourceAccurate)
        finder.walk(tree)
        return finder.found.map { enumName, element in
            let location = element.name.startLocation(converter: converter)
            return Overload(enumName: enumName, name: element.name.text, line: location.line, column: location.column)
        }
    }

    private final class Finder: SyntaxVisitor {
        var found: [(String, EnumCaseElementSyntax)] = []

        override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind {
            var reported: Set<SyntaxIdentifier> = []
            for variant in variants(of: node.memberBlock.members) {
                var seen: Set<String> = []
                for element in variant where !seen.insert(element.name.text).inserted && reported.insert(element.id).inserted {
                    found.append((node.name.text, element))
                }
            }
            return .visitChildren  // nested enums are visited on their own
        }

        /// The enum's own case elements as each `#if` clause would compile them: one list per
        /// choice of clause (cases of two clauses of one `#if` never meet), nested types' left out.
        private func variants(of members: MemberBlockItemListSyntax) -> [[EnumCaseElementSyntax]] {
            var variants: [[EnumCaseElementSyntax]] = [[]]
            for member in members {
                if let declaration = member.decl.as(EnumCaseDeclSyntax.self) {
                    variants = variants.map { $0 + declaration.elements }
                } else if let conditional = member.decl.as(IfConfigDeclSyntax.self) {
                    let clauses = conditional.clauses.flatMap { clause -> [[EnumCaseElementSyntax]] in
                        guard case .decls(let nested)? = clause.elements else { return [[]] }
                        return self.variants(of: nested)
                    }
                    // Bounded so that a pathological file cannot explode the count.
                    variants = Array(variants.flatMap { base in clauses.map { base + $0 } }.prefix(64))
                }
            }
            return variants
        }
    }
}
