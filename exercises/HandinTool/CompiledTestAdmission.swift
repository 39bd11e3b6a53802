import Foundation

/// Admits hidden tests that were compiled against a *student's* module (the grader does so when
/// the prebuilt tests cannot link with it, or a lesson has none), by what they call in it.
///
/// Compiled that way, the tests see every declaration of the student's module, and the type
/// checker prefers a more specific one to the standard library's: a subscript the student adds to
/// `Array where Element == Double`, or a `tanh(_: Double)` of their own, would be what a test's
/// `x[i]` or `tanh(x)` calls, on both sides of its assertions. So the test object may call into the
/// student's module only through names the reference declares too: its top-level names, and
/// extensions only of modules the reference itself extends. What the tests call is read from the
/// object's undefined symbols, demangled by the runtime, so how the student spelled anything
/// cannot matter; a name that cannot be read is refused.
package struct CompiledTestAdmission {
    let module: String
    /// Top-level names of the reference's own module (types, functions, variables).
    let topLevelNames: Set<String>
    /// Modules whose types the reference extends (`Swift`, `ResidualEngine`, …).
    let extendedModules: Set<String>

    package init(module: String, topLevelNames: Set<String>, extendedModules: Set<String>) {
        self.module = module
        self.topLevelNames = topLevelNames
        self.extendedModules = extendedModules
    }

    /// The reference's names, from the symbol graphs its compile wrote into `folder`
    /// (`<Module>.symbols.json`, and `<Module>@<Other>.symbols.json` per extended module).
    package init(module: String, referenceSymbolGraphs folder: URL) throws {
        var names: Set<String> = []
        var extended: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".symbols.json") {
            let stem = String(file.dropLast(".symbols.json".count))
            if stem.hasPrefix(module + "@") {
                extended.insert(String(stem.dropFirst(module.count + 1)))
            } else if stem == module {
                let graph = try JSONDecoder().decode(Graph.self, from: Data(contentsOf: folder.appendingPathComponent(file)))
                for symbol in graph.symbols {
                    guard let first = symbol.pathComponents.first else { continue }
                    names.insert(String(first.prefix { $0 != "(" }))
                }
            }
        }
        self.init(module: module, topLevelNames: names, extendedModules: extended)
    }

    /// One message per name the tests would take from the student's module that the reference
    /// does not declare; empty when the object is admitted.
    package func violations(in object: URL) throws -> [String] {
        var refused: Set<String> = []
        for symbol in try ObjectFile(contentsOf: object).symbols where !symbol.isDefined && !symbol.name.isEmpty {
            if let problem = violation(SwiftSymbolName.demangled(symbol.name)) { refused.insert(problem) }
        }
        return refused.sorted()
    }

    /// Why the tests may not call `demangled`, or `nil` when it is not the student's or the
    /// reference declares it too.
    func violation(_ demangled: String) -> String? {
        let extensionMark = "(extension in \(module)):"
        if let mark = demangled.range(of: extensionMark) {
            let extendedModule = String(demangled[mark.upperBound...].prefix { $0 != "." && $0 != "<" && $0 != " " })
            guard extendedModules.contains(extendedModule) else {
                return "an extension of a \(extendedModule) type that the exercise does not declare (\(demangled))"
            }
            return nil
        }
        // A conformance the student declares on another module's type (`… for Swift.Double : P in M`).
        if demangled.hasSuffix(" in \(module)"), let forward = demangled.range(of: " for "),
            case let conforming = demangled[forward.upperBound...].prefix(while: { $0 != "." && $0 != " " && $0 != "<" }),
            conforming != module
        {
            guard extendedModules.contains(String(conforming)) else {
                return "a conformance of a \(conforming) type that the exercise does not declare (\(demangled))"
            }
            return nil
        }
        guard let name = firstName(after: module + ".", in: demangled) else {
            // A name the runtime could not demangle may still be the student's: refused when it
            // mentions the module at all.
            return demangled.hasPrefix("$s") && demangled.contains(module) ? "a symbol that cannot be read (\(demangled))" : nil
        }
        return topLevelNames.contains(name) ? nil : "'\(name)', which the exercise does not declare (\(demangled))"
    }

    /// The identifier after the first `prefix` that starts a qualified name in `text`.
    private func firstName(after prefix: String, in text: String) -> String? {
        var searchStart = text.startIndex
        while let found = text.range(of: prefix, range: searchStart..<text.endIndex) {
            searchStart = found.upperBound
            if found.lowerBound > text.startIndex {
                let before = text[text.index(before: found.lowerBound)]
                guard !(before.isLetter || before.isNumber || before == "_" || before == ".") else { continue }
            }
            let name = text[found.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return name.isEmpty ? nil : String(name)
        }
        return nil
    }

    /// The part of a symbol graph file this admission reads.
    private struct Graph: Decodable {
        struct Symbol: Decodable { var pathComponents: [String] }
        var symbols: [Symbol]
    }
}
