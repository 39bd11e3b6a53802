import Foundation

/// Admits a student's lesson module by what it compiled to, before anything is linked or run:
/// no code that runs at load or exit, no definition outside the module's own Swift namespace
/// (linked into the runner it would replace XCTest's, the C library's or the tests' symbol), and
/// no use of anything beyond an allow-list (the runtime, the standard library, libm, the
/// course's libraries, what the trusted objects use). How the source is spelled cannot matter.
package struct ObjectAdmission {
    let module: String
    let libraries: [String]
    /// Categories of refused calls the lesson opted into (`AdmissionLists.optIns`' values).
    package var allowedCategories: Set<String> = []
    /// Declarations of the course's libraries the lesson refuses (front matter `refuse`, e.g.
    /// `DenseLayer.backward`): any symbol of one (the function, its default arguments, a thunk or
    /// descriptor, a specialisation) the module uses is refused, however the source spelled it.
    /// Read it from an unoptimised build too: optimised, a small library function may be inlined.
    package var refusedLibraryDeclarations: [String] = []
    /// The lesson's support module (`<Module>Support`): members the module adds to its types are
    /// left to the source rules (a conformance that brings no comparison, such as a
    /// `description`). Compiled before any submission, the support code cannot call them, and
    /// the prebuilt tests do not see them; compiled into the student's module, as it was until
    /// the support code had a module of its own, these members were the module's own.
    package var supportModule: String?
    /// File-level names of the course's library and the lesson's support code
    /// (`SourceAdmission.libraryNames`): with the standard ones, names the module may not define.
    package var libraryNames: Set<String> = []
    private let trustedDefinitions: Set<String>
    private let trustedReferences: Set<String>
    private let trustedSections: Set<String>

    /// `module`: the student's module; `libraries`: other course modules it may call (e.g. ["ResidualEngine"]);
    /// `trusted`: object files of trusted code of the same module name (support code + stubs, reference).
    package init(module: String, libraries: [String], trusted: [URL]) throws {
        self.module = module
        self.libraries = libraries
        var definitions = Set<String>(), references = Set<String>(), sections = Set<String>()
        for url in trusted {
            let object = try ObjectFile(contentsOf: url)
            for symbol in object.symbols where symbol.binding != .local {
                if symbol.isDefined { definitions.insert(symbol.name) } else { references.insert(symbol.name) }
            }
            sections.formUnion(object.sections.filter { !AdmissionLists.runsAtLoadOrExit($0) }.map(\.name))
        }
        trustedDefinitions = definitions
        trustedReferences = references.union(definitions)
        trustedSections = sections
    }

    /// One message per violation, sorted; empty when the object is admitted.
    package func violations(in object: URL) throws -> [String] {
        let file = try ObjectFile(contentsOf: object)
        var messages = Set<String>()
        for section in file.sections {
            if let message = check(section) { messages.insert(message) }
        }
        if let message = checkStaticData(file.sections) { messages.insert(message) }
        for symbol in file.symbols where symbol.binding != .local {
            if let message = symbol.isDefined ? checkDefinition(symbol) : checkReference(symbol) { messages.insert(message) }
        }
        return messages.sorted()
    }

    /// Only the refused declarations (`refusedLibraryDeclarations`) `object` uses: how `course
    /// check` reads trusted code that students can call (a lesson's support module).
    package func refusedDeclarations(in object: URL) throws -> [String] {
        let file = try ObjectFile(contentsOf: object)
        return Set(file.symbols.filter { $0.binding != .local }.compactMap { refusedDeclaration(usedBy: $0.name) }).sorted()
    }

    /// Refuses load-time and exit-time code, and any section swiftc does not write.
    private func check(_ section: ObjectFile.Section) -> String? {
        if AdmissionLists.runsAtLoadOrExit(section) {
            return "section `\(section.name)` holds code the loader runs at load or exit time, before or after any test"
        }
        guard !AdmissionLists.isCompilerSection(section.name), !trustedSections.contains(section.name) else { return nil }
        return "section `\(section.name)` is not one the Swift compiler writes for lesson code (placed with `@section` or `@_section`?)"
    }

    /// Writable static data (globals of fixed size, such as an `InlineArray` or a large tuple,
    /// kept in `.bss` or `.data`) is memory that neither the heap nor the stack shows, where the
    /// lessons measure what a computation keeps. Lesson code needs a few kilobytes of it (type
    /// metadata caches, lazy globals' tokens); more than `staticDataLimit` is refused.
    private func checkStaticData(_ sections: [ObjectFile.Section]) -> String? {
        let writable = sections.filter { $0.flags & ObjectFile.allocatedAndWritable == ObjectFile.allocatedAndWritable }
        let bytes = writable.reduce(UInt64(0)) { $0 &+ $1.size }
        guard bytes > Self.staticDataLimit else { return nil }
        return "keeps \(bytes >> 10) KiB in writable static data (a global of fixed size, such as an `InlineArray`?); "
            + "lesson code may keep at most \(Self.staticDataLimit >> 10) KiB there: keep data on the heap (arrays, matrices), where the lessons measure memory"
    }

    /// The most writable static data a lesson module may define; the course's modules define under 8 KiB.
    package static let staticDataLimit: UInt64 = 64 << 10

    /// A defined global or weak symbol must be the module's own, or a compiler-generated copy.
    private func checkDefinition(_ symbol: ObjectFile.Symbol) -> String? {
        if trustedDefinitions.contains(symbol.name) { return nil }
        // Demangled once: the three checks below read the same text.
        let shown = SwiftSymbolName.demangled(symbol.name)
        // A member the module adds to another module's type (`(extension in M):Lib.Type.member`):
        // the source rules refuse these, and this is the compiler's view of the same, whatever
        // the parser saw (a red team hid `extension ActivationTape { func max(…) }` from it).
        if let owners = SwiftSymbolName.owners(of: symbol.name), owners.root != module, owners.root != supportModule,
            owners.next == module, shown.hasPrefix("(extension in \(module)):")
        {
            return "adds `\(shown)` to a type or protocol of module \(owners.root): "
                + "the code calling it there would run the submission's member instead of its own (symbol `\(symbol.name)`)"
        }
        if let message = checkConformance(shown, symbol: symbol.name) { return message }
        if let message = checkOperatorOperands(shown, symbol: symbol.name) { return message }
        if let message = checkFileLevelName(shown, symbol: symbol.name) { return message }
        if SwiftSymbolName.belongs(symbol.name, to: module) || extendsSupportType(shown, symbol: symbol.name) { return nil }
        // Shared copies the compiler emits into every client (specializations, outlined copies,
        // type caches, `__swift_` helpers): weak and hidden, so they never override a strong
        // definition elsewhere. A strong or exported one is refused whatever its name.
        if symbol.binding == .weak, symbol.visibility == .hidden, isCompilerSharedName(symbol.name) { return nil }
        let owner: String
        if let owners = SwiftSymbolName.owners(of: symbol.name) {
            owner = "a Swift name of module \(owners.root)"
        } else if symbol.name.hasPrefix("$s") {
            owner = "a Swift name outside module \(module)"
        } else {
            owner = "a C name"
        }
        return "defines \(symbol.kind) `\(shown)`, \(owner), not of module \(module): "
            + "linked into the test runner it would replace the real one"
            + (symbol.name == shown ? "" : " (symbol `\(symbol.name)`)")
    }

    /// A conformance the module gives a type it does not declare must be to a harmless protocol
    /// (`AdmissionVisitor.harmlessConformances`) or to one of its own, whose requirements show as
    /// conformances of their own (the compiler emits a descriptor for each implied one). The
    /// compiler's view of the source rule, read after every name is resolved: a red team's
    /// `fileprivate typealias Sendable = Identifiable` passed the parser's (round 26).
    private func checkConformance(_ demangled: String, symbol: String) -> String? {
        let prefix = "protocol conformance descriptor for ", suffix = " in \(module)"
        guard demangled.hasPrefix(prefix), demangled.hasSuffix(suffix) else { return nil }
        let conformance = demangled.dropFirst(prefix.count).dropLast(suffix.count)
        guard let colon = conformance.range(of: " : ", options: .backwards) else { return nil }
        let type = String(conformance[..<colon.lowerBound]), proto = String(conformance[colon.upperBound...])
        let plain = proto.hasPrefix("Swift.") ? String(proto.dropFirst("Swift.".count)) : proto
        // Whose type it is, from the mangled name: the printed one may start with a generic
        // signature (`<A where A: Swift.Equatable> M.Box<A>`, a conditional conformance) or an
        // extension's context, and the student's own types were refused (a red team, round 28).
        let ownType = SwiftSymbolName.owners(of: symbol)?.root == module
        guard !ownType, !proto.hasPrefix(module + "."), !AdmissionVisitor.harmlessConformances.contains(plain) else {
            return nil
        }
        return AdmissionMessage.conformance(type, proto) + " (symbol `\(symbol)`)"
    }

    /// An operator the module defines takes only the module's own types (optionals of them too):
    /// one operand of another type makes it an overload of every such comparison in the module. Read from the compiled signature, so a
    /// `typealias Probe = Matrix` or a generic parameter inside the type cannot disguise it (a red
    /// team's `==(Probe?, Slot)` passed the source rule that way, round 18).
    private func checkOperatorOperands(_ demangled: String, symbol: String) -> String? {
        var shown = Substring(demangled)
        guard shown.hasPrefix("static ") else { return nil }
        shown = shown.dropFirst("static ".count)
        if shown.hasPrefix("(extension in \(module)):") { shown = shown.dropFirst("(extension in \(module)):".count) }
        guard shown.hasPrefix(module + "."),
            let marker = [" infix(", " prefix(", " postfix("].compactMap({ shown.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound })
        else { return nil }
        let foreign = Self.parameterTypes(after: shown[marker.upperBound...]).filter { !isOwnType($0) }
        guard let first = foreign.first else { return nil }
        return "defines the operator `\(shown)` with an operand of type `\(first)`, which is not one of the module's own types: "
            + "it would join the overloads the lesson's code and the tests use (symbol `\(symbol)`)"
    }

    /// A file-level declaration named like one of the standard library's, Foundation's or the
    /// course library's (`M.max`, `M.Vector`): the compiler's view of the source rule, which a
    /// red team got around once by hiding the declaration from the parser (round 12).
    private func checkFileLevelName(_ demangled: String, symbol: String) -> String? {
        var shown = Substring(demangled)
        if shown.hasPrefix("static ") { shown = shown.dropFirst("static ".count) }
        guard shown.hasPrefix(module + ".") else { return nil }
        let name = String(shown.dropFirst(module.count + 1).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        guard !name.isEmpty,
            AdmissionVisitor.standardNames.contains(name) || AdmissionVisitor.standardFunctionNames.contains(name) || libraryNames.contains(name)
        else { return nil }
        return "declares `\(name)` at file level (`\(shown)`), a name the standard library or the course's library declares: "
            + "the tests would use the module's (symbol `\(symbol)`)"
    }

    /// Whether a demangled parameter type is one of the module's own types, possibly `inout` or optional.
    private func isOwnType(_ written: String) -> Bool {
        var type = Substring(written)
        // A type nested in a constrained extension of the module's own generic type prints with
        // that extension first: `(extension in M):M.Grid<A><A where A == Swift.Double>.Stats`.
        if type.hasPrefix("(extension in \(module)):") { type = type.dropFirst("(extension in \(module)):".count) }
        for prefix in ["inout ", "__owned ", "__shared ", "borrowing ", "consuming "] where type.hasPrefix(prefix) { type = type.dropFirst(prefix.count) }
        while true {
            if type.hasSuffix("?") || type.hasSuffix("!") {
                type = type.dropLast()
            } else if type.hasPrefix("Swift.Optional<"), type.hasSuffix(">") {
                type = type.dropFirst("Swift.Optional<".count).dropLast()
            } else {
                break
            }
        }
        return type.hasPrefix(module + ".")
    }

    /// The top-level parameter types in `text`, which starts after a signature's `(`.
    static func parameterTypes(after text: Substring) -> [String] {
        var types: [String] = [], current = "", depth = 0
        var characters = text.makeIterator()
        while let character = characters.next() {
            switch character {
            case "(", "<", "[": depth += 1
            case ")", "]", ">":
                if depth == 0 { if !current.isEmpty { types.append(current.trimmingCharacters(in: .whitespaces)) }; return types }
                depth -= 1
            case "-":
                // `->` in a function type: not a closing bracket.
                current.append(character)
                if let next = characters.next() { current.append(next) }
                continue
            case "," where depth == 0:
                types.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        return types
    }

    /// Whether `symbol` is of a member or conformance the module declares on a type of the lesson's
    /// support module: its outermost context is the support module's namespace (read from the
    /// mangled name), and its demangling is an extension or a conformance in this module. The
    /// demangling is needed because the mangler abbreviates `Parsing` after `ParsingSupport` (a
    /// word substitution, which `SwiftSymbolName.owners` does not follow). The support module,
    /// compiled on its own, defines no such symbol, so none of these can replace one of its own.
    private func extendsSupportType(_ shown: String, symbol: String) -> Bool {
        guard let supportModule, SwiftSymbolName.owners(of: symbol)?.root == supportModule else { return false }
        return shown.contains("(extension in \(module)):\(supportModule).") || shown.hasSuffix(" in \(module)")
    }

    /// Names the compiler gives its per-client shared copies.
    private func isCompilerSharedName(_ name: String) -> Bool {
        name.hasPrefix("$s") || name.hasPrefix("__swift_") || name.hasPrefix("symbolic ") || name.hasPrefix("got.$s")
            || name.hasPrefix("associated conformance ") || name.hasPrefix("keypath")
    }

    /// An undefined symbol must be on the allow-list, the module's or a library's, or used by trusted code.
    private func checkReference(_ symbol: ObjectFile.Symbol) -> String? {
        let name = symbol.name
        if trustedReferences.contains(name) { return nil }
        if let owners = SwiftSymbolName.owners(of: name),
            ([module] + libraries).contains(owners.root) || owners.next.map({ ([module] + libraries).contains($0) }) == true
        {
            return refusedDeclaration(usedBy: name)
        }
        if isAllowedReference(name) { return nil }
        let category = AdmissionLists.category(of: name)
        if allowedCategories.contains(category) { return nil }
        let shown = SwiftSymbolName.demangled(name)
        return "uses `\(shown)` (\(category)), which lesson code may not call"
            + (shown == name ? "" : " (symbol `\(name)`)") + ": " + AdmissionLists.advice(for: category)
    }

    /// The message for a symbol of a declaration the lesson refuses; `nil` for any other symbol.
    /// Matched on the demangled name, `Library.Type.member` followed by its signature or the end.
    private func refusedDeclaration(usedBy name: String) -> String? {
        guard !refusedLibraryDeclarations.isEmpty else { return nil }
        let shown = SwiftSymbolName.demangled(name)
        for declaration in refusedLibraryDeclarations {
            for library in libraries {
                // A member the library adds to another module's type: `(extension in Lib):Swift.P.member…`.
                let extensionPrefix = "(extension in \(library)):"
                if let start = shown.range(of: extensionPrefix) {
                    let qualified = shown[start.upperBound...].prefix { !"( <:".contains($0) }
                    if qualified.hasSuffix("." + declaration) {
                        return "uses `\(declaration)` of \(library) (`\(shown)`), which this lesson asks you to write yourself"
                    }
                }
                let full = library + "." + declaration
                var searched = shown[...]
                while let found = searched.range(of: full) {
                    let after = shown[found.upperBound...].first
                    let before = found.lowerBound == shown.startIndex ? nil : shown[shown.index(before: found.lowerBound)]
                    let startsAName = before.map { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") } ?? true
                    if startsAName && (after == nil || "(<. :".contains(after!)) {
                        return "uses `\(declaration)` of \(library) (`\(shown)`), which this lesson asks you to write yourself"
                    }
                    searched = shown[found.upperBound...]
                }
            }
        }
        return nil
    }

    /// The runtime, the standard library (less reflection and the like), libm, compiler helpers
    /// and a few Foundation APIs.
    private func isAllowedReference(_ name: String) -> Bool {
        if name.hasPrefix("swift_") || name.hasPrefix("_swift") {
            return !AdmissionLists.refusedRuntimePrefixes.contains { name.hasPrefix($0.prefix) }
        }
        if AdmissionLists.mathFunctions.contains(name) || AdmissionLists.compilerHelpers.contains(name) { return true }
        if AdmissionLists.foundation.contains(where: { name.hasPrefix($0) }) {
            return AdmissionLists.category(of: name) == AdmissionLists.otherAPI
        }
        guard let owners = SwiftSymbolName.owners(of: name), owners.root == "Swift" || owners.root == "__C" else { return false }
        // An extension declared in another module (`$sSS10FoundationE…`) is that module's API.
        if let next = owners.next, AdmissionLists.toolchainModules.contains(next) { return false }
        return !AdmissionLists.refusedStandardLibrary.contains { name.contains($0.fragment) }
    }
}
