internal import SwiftParser
internal import SwiftSyntax

/// Shared state in a lesson's support code whose setter student code can reach, found before
/// anything compiles.
///
/// The lesson's module imports the support module `@testable`, so every internal and public
/// setter is the student's as well as the tests'. A counter, a recorded peak or a switch that a
/// hidden test reads, kept in a global, a `static var` or a class's stored property, could then
/// be set by the submission to whatever passes. A struct's own `var`s are left alone: a student
/// who changes a copy of a value could as well have built that value.
package enum SupportSettableStateCheck {
    /// One `course.support.settableState` warning for each such variable.
    package static func diagnostics(for lessons: [Lesson]) -> [Diagnostic] {
        lessons.flatMap { lesson in
            let classes = classNames(in: lesson.support.map(\.code))
            return lesson.support.flatMap { snippet in
                settableVariables(in: snippet.code, classes: classes).map { variable in
                    Diagnostic(
                        "course.support.settableState", .warning, file: lesson.file,
                        at: SourceLocation(line: snippet.firstLine + variable.line - 1, column: snippet.indent + variable.column),
                        "student code can set '\(variable.name)' (\(variable.kind)): the lesson's module imports the support code @testable, so its internal and public setters are the submission's too",
                        notes: [
                            .init(message: "if a hidden test reads it, give it a private setter (`public private(set) var \(variable.name)`) or make it `private`")
                        ])
                }
            }
        }
    }

    struct Variable: Equatable {
        var name: String
        /// "a global variable", "a static variable", "a stored property of class X", ….
        var kind: String
        /// 1-based, within the snippet's code.
        var line: Int
        var column: Int
    }

    /// The classes and actors the support code declares (at any depth), by name: an extension of
    /// one adds state shared by reference.
    static func classNames(in codes: [String]) -> Set<String> {
        var names: Set<String> = []
        for code in codes where code.contains("class") || code.contains("actor") {
            let finder = ClassNames(viewMode: .sourceAccurate)
            finder.walk(Parser.parse(source: code))
            names.formUnion(finder.names)
        }
        return names
    }

    /// Every `var` of `code` outside function bodies whose setter the lesson's module can call
    /// and that holds state shared between callers.
    static func settableVariables(in code: String, classes: Set<String>) -> [Variable] {
        guard code.contains("var") else { return [] }
        let tree = Parser.parse(source: code)
        let converter = SourceLocationConverter(fileName: "", tree: tree)
        let finder = Finder(classes: classes)
        finder.walk(tree)
        return finder.found.map { name, kind, token in
            let location = token.startLocation(converter: converter)
            return Variable(name: name, kind: kind, line: location.line, column: location.column)
        }
    }

    private final class ClassNames: SyntaxVisitor {
        var names: Set<String> = []
        override func visitPost(_ node: ClassDeclSyntax) { names.insert(node.name.text) }
        override func visitPost(_ node: ActorDeclSyntax) { names.insert(node.name.text) }
    }

    /// Where a declaration stands: the kind of type around it (none at file level), and whether
    /// an enclosing declaration already hides everything inside from the lesson's module.
    private struct Scope {
        enum Owner {
            case file
            case valueType
            case referenceType(String)
        }
        var owner: Owner
        var hidden: Bool
    }

    private final class Finder: SyntaxVisitor {
        let classes: Set<String>
        var found: [(String, String, TokenSyntax)] = []
        private var scopes: [Scope] = [Scope(owner: .file, hidden: false)]

        init(classes: Set<String>) {
            self.classes = classes
            super.init(viewMode: .sourceAccurate)
        }

        private func enter(_ owner: Scope.Owner, modifiers: DeclModifierListSyntax) -> SyntaxVisitorContinueKind {
            scopes.append(Scope(owner: owner, hidden: scopes.last!.hidden || Self.hides(modifiers, setterOnly: false)))
            return .visitChildren
        }
        private func leave() { scopes.removeLast() }

        override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind {
            enter(.referenceType(node.name.text), modifiers: node.modifiers)
        }
        override func visitPost(_ node: ClassDeclSyntax) { leave() }
        override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind {
            enter(.referenceType(node.name.text), modifiers: node.modifiers)
        }
        override func visitPost(_ node: ActorDeclSyntax) { leave() }
        override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { enter(.valueType, modifiers: node.modifiers) }
        override func visitPost(_ node: StructDeclSyntax) { leave() }
        override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { enter(.valueType, modifiers: node.modifiers) }
        override func visitPost(_ node: EnumDeclSyntax) { leave() }
        override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
            let extended = node.extendedType.trimmedDescription
            let name = extended.split(separator: ".").last.map(String.init) ?? extended
            return enter(classes.contains(name) ? .referenceType(name) : .valueType, modifiers: node.modifiers)
        }
        override func visitPost(_ node: ExtensionDeclSyntax) { leave() }
        // A protocol's requirements hold no state; bodies hold locals.
        override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: CodeBlockSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: AccessorBlockSyntax) -> SyntaxVisitorContinueKind { .skipChildren }

        override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
            guard node.bindingSpecifier.tokenKind == .keyword(.var), let scope = scopes.last, !scope.hidden,
                !Self.hides(node.modifiers, setterOnly: true)
            else { return .skipChildren }
            let isStatic = node.modifiers.contains { $0.name.tokenKind == .keyword(.static) || $0.name.tokenKind == .keyword(.class) }
            let kind: String
            switch scope.owner {
            case .file: kind = "a global variable"
            case _ where isStatic: kind = "a static variable"
            case .referenceType(let name): kind = "a property of class '\(name)', shared by reference"
            case .valueType: return .skipChildren
            }
            for binding in node.bindings where Self.hasSetter(binding) {
                for identifier in Self.names(in: binding.pattern) {
                    found.append((identifier.text, kind, identifier))
                }
            }
            return .skipChildren
        }

        /// `private` or `fileprivate` on the declaration, or, when `setterOnly`, on its setter
        /// (`private(set)`): either keeps the lesson's module from setting it.
        static func hides(_ modifiers: DeclModifierListSyntax, setterOnly: Bool) -> Bool {
            modifiers.contains { modifier in
                guard modifier.name.tokenKind == .keyword(.private) || modifier.name.tokenKind == .keyword(.fileprivate) else { return false }
                return setterOnly || modifier.detail == nil
            }
        }

        /// Stored (observers count as stored), or computed with a `set`.
        static func hasSetter(_ binding: PatternBindingSyntax) -> Bool {
            guard let block = binding.accessorBlock else { return true }
            guard case .accessors(let accessors) = block.accessors else { return false }  // `{ expression }`: a getter
            // Anything but a way to read (`set`, observers, `_modify`, a mutable address) writes.
            let reads: Set<String> = ["get", "_read", "read", "unsafeAddress"]
            return accessors.contains { !reads.contains($0.accessorSpecifier.text) }
        }

        static func names(in pattern: PatternSyntax) -> [TokenSyntax] {
            if let identifier = pattern.as(IdentifierPatternSyntax.self) { return [identifier.identifier] }
            if let tuple = pattern.as(TuplePatternSyntax.self) { return tuple.elements.flatMap { names(in: $0.pattern) } }
            return []
        }
    }
}
