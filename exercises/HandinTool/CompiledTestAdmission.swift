import Foundation

/// Admits hidden tests that were compiled against a *student's* module (the grader does so when
/// the prebuilt tests cannot link with it, or a lesson has none), by what they call in it.
///
/// Compiled that way, the tests see every declaration of the student's module, and the type
/// checker prefers a more specific one: a subscript the student adds to `Array where Element ==
/// Double`, a `tanh(_: Double)` of their own, an `init(seed: Int)` beside the support code's
/// `init(seed: UInt64)` would be what a test's `x[i]`, `tanh(x)` or `SeededGenerator(seed: 42)`
/// calls. So every symbol of the student's module the test object uses must be one the reference
/// module defines, by its exact mangled name: the same declaration, with the same signature.
/// What the tests call is read from the object's undefined symbols, so how the student spelled
/// anything cannot matter; a name that cannot be read is refused when it mentions the module.
package struct CompiledTestAdmission {
    let module: String
    /// Every global symbol the reference's build of the module defines.
    let referenceSymbols: Set<String>

    package init(module: String, referenceSymbols: Set<String>) {
        self.module = module
        self.referenceSymbols = referenceSymbols
    }

    /// The symbols `list` names (one per line, as `referenceSymbolList` writes them).
    package init(module: String, referenceSymbolList list: URL) throws {
        let text = try String(contentsOf: list, encoding: .utf8)
        self.init(module: module, referenceSymbols: Set(text.split(separator: "\n").map(String.init)))
    }

    /// The global symbols an `ar` archive's ELF members define, one per line, sorted.
    package static func referenceSymbolList(archive: URL) throws -> String {
        let bytes = [UInt8](try Data(contentsOf: archive))
        guard bytes.starts(with: Array("!<arch>\n".utf8)) else { throw ObjectFile.Error(reason: "not an ar archive") }
        var defined: Set<String> = []
        var offset = 8
        while offset + 60 <= bytes.count {
            let sizeField = String(decoding: bytes[(offset + 48)..<(offset + 58)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard let size = Int(sizeField), offset + 60 + size <= bytes.count else { throw ObjectFile.Error(reason: "a damaged archive member") }
            let member = Array(bytes[(offset + 60)..<(offset + 60 + size)])
            if member.starts(with: [0x7F, 0x45, 0x4C, 0x46]) {
                for symbol in try ObjectFile(bytes: member).symbols where symbol.isDefined && symbol.binding != .local && !symbol.name.isEmpty {
                    defined.insert(symbol.name)
                }
            }
            offset += 60 + size + size % 2
        }
        return defined.sorted().joined(separator: "\n") + "\n"
    }

    /// One message per symbol of the student's module the tests would use that the reference
    /// does not define; empty when the object is admitted.
    package func violations(in object: URL) throws -> [String] {
        var refused: Set<String> = []
        for symbol in try ObjectFile(contentsOf: object).symbols where !symbol.isDefined && !symbol.name.isEmpty {
            if let problem = violation(symbol.name) { refused.insert(problem) }
        }
        return refused.sorted()
    }

    /// Why the tests may not use the symbol `mangled`, or `nil` when it is not the student
    /// module's or the reference defines it too.
    func violation(_ mangled: String) -> String? {
        guard !referenceSymbols.contains(mangled) else { return nil }
        let demangled = SwiftSymbolName.demangled(mangled)
        guard SwiftSymbolName.belongs(mangled, to: module) || mentionsModule(demangled) else { return nil }
        return "'\(demangled)', which is not declared so in the exercise"
    }

    /// Whether `demangled` names something of the module: `M.name`, an extension or a conformance
    /// it declares, or (not demangled) the module's name anywhere.
    private func mentionsModule(_ demangled: String) -> Bool {
        if demangled.hasPrefix("$s") { return demangled.contains(module) }
        if demangled.contains("(extension in \(module)):") || demangled.hasSuffix(" in \(module)") { return true }
        var searchStart = demangled.startIndex
        while let found = demangled.range(of: module + ".", range: searchStart..<demangled.endIndex) {
            searchStart = found.upperBound
            guard found.lowerBound > demangled.startIndex else { return true }
            let before = demangled[demangled.index(before: found.lowerBound)]
            if !(before.isLetter || before.isNumber || before == "_" || before == ".") { return true }
        }
        return false
    }
}
