import Foundation

/// What a symbol name says about its owner: the Swift module whose namespace a mangled name
/// (`$s…`) lies in, read from its outermost context, and the demangled text for messages.
enum SwiftSymbolName {
    /// The modules a mangled Swift name belongs to: the module of its outermost context and, for
    /// an extension or conformance declared on a type of another module, the module that comes
    /// right after that type (`$sSi1ME5twiceSiyF` is `(extension in M):Swift.Int.twice()`).
    /// `nil` for a name that is not Swift or whose context this reader does not know (fail closed).
    static func owners(of name: String) -> (root: String, next: String?)? {
        guard name.hasPrefix("$s") else { return nil }
        var rest = name.dropFirst(2)
        // An associated type descriptor (`$s5IndexSlTl`) belongs to its protocol's module.
        if name.hasSuffix("Tl"), identifier(&rest) != nil {
            return owners(of: "$s" + rest.dropLast(2) + "Mp")
        }
        let root: String
        if rest.hasPrefix("So") {
            // An imported C type: `So<identifier><kind>`.
            rest = rest.dropFirst(2)
            guard identifier(&rest) != nil, let kind = rest.first, kind.isUppercase else { return nil }
            rest = rest.dropFirst()
            root = "__C"
        } else if rest.hasPrefix("Sc") {
            guard rest.dropFirst(2).first?.isLetter == true else { return nil }
            rest = rest.dropFirst(3)
            root = "_Concurrency"
        } else if rest.first == "B" {
            // A builtin type (`$sBoWV`, the value witnesses of Builtin.NativeObject) is the runtime's.
            rest = rest.dropFirst(2)
            root = "Swift"
        } else if rest.first == "S" {
            // A standard type (`Si`, Int), or one repeated (`S2h`: Set, twice, as `Set<Int>()`'s
            // initializer names it).
            let count = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            guard rest.dropFirst(1 + count.count).first?.isLetter == true else { return nil }
            rest = rest.dropFirst(2 + count.count)
            root = "Swift"
        } else if rest.hasPrefix("yt") || rest.hasPrefix("yp") || rest.hasPrefix("yXl") {
            // The empty tuple `()`, `Any` and `AnyObject` (`$sytN`, `$sypN`, `$syXlN`: their type
            // metadata), the standard library's: an unoptimised `print(x)` boxes its arguments as
            // `Any`, and refusing that refused honest debug output in a build without benchmarks only.
            rest = rest.dropFirst(rest.hasPrefix("yXl") ? 3 : 2)
            root = "Swift"
        } else {
            // `s` is the standard library's own context.
            let module: String?
            if rest.first == "s" {
                module = "Swift"
                rest = rest.dropFirst()
            } else {
                module = identifier(&rest)
            }
            guard let module else { return nil }
            // Nominal types nested in the module: `6Matrix V`, `5Inner O`, …
            var probe = rest
            while let _ = identifier(&probe), let kind = probe.first, "VCOP".contains(kind) {
                probe = probe.dropFirst()
                rest = probe
            }
            root = module
        }
        return (root, identifier(&rest))
    }

    /// Whether `name` is a Swift name of `module`'s own namespace: its outermost context is the
    /// module, or an extension or conformance the module declares on another module's type.
    static func belongs(_ name: String, to module: String) -> Bool {
        guard let owners = owners(of: name) else { return false }
        return owners.root == module || owners.next == module
    }

    /// Reads a plain `<length><characters>` identifier and advances; `nil` (and no advance) for
    /// anything else, such as word substitutions (`0…`), which this reader does not follow.
    private static func identifier(_ text: inout Substring) -> String? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard let first = digits.first, first != "0", digits.count < 6, let length = Int(digits) else { return nil }
        let body = text.dropFirst(digits.count)
        guard body.count >= length else { return nil }
        text = body.dropFirst(length)
        return String(body.prefix(length))
    }

    /// The Swift runtime's demangling of `name` (`Swift.Mirror.init(reflecting: Any) -> Swift.Mirror`),
    /// or `name` itself when it is not a Swift name.
    static func demangled(_ name: String) -> String {
        guard name.hasPrefix("$s") else { return name }
        let result = name.withCString { swiftDemangle($0, strlen($0), nil, nil, 0) }
        guard let result else { return name }
        defer { free(result) }
        return String(cString: result)
    }
}

/// The runtime's demangler (exported by libswiftCore): returns a malloc'd C string, or NULL.
@_silgen_name("swift_demangle")
private func swiftDemangle(
    _ mangledName: UnsafePointer<CChar>?, _ length: Int, _ outputBuffer: UnsafeMutablePointer<CChar>?,
    _ outputBufferSize: UnsafeMutablePointer<Int>?, _ flags: UInt32
) -> UnsafeMutablePointer<CChar>?
