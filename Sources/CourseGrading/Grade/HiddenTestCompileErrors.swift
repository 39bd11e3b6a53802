import Foundation

/// What a student is told when the hidden tests do not compile against their module (an API that
/// differs from the exercise's): the compiler's error messages, without the tests' file, lines or
/// source, and without the values the messages quote from the tests' code. A parameter typed
/// `Int8` where the stub says `Int` would otherwise make the compiler quote every integer argument
/// of the hidden tests ("integer literal '1000' overflows when stored into 'Int8'").
enum HiddenTestCompileErrors {
    /// The distinct "error: …" messages of `compilerOutput`, literals redacted.
    static func messages(in compilerOutput: String) -> [String] {
        var seen: [String] = []
        for line in compilerOutput.split(separator: "\n") {
            guard let range = line.range(of: ": error: ") else { continue }
            let message = redactingLiterals(String(line[range.upperBound...]))
            if !seen.contains(message) { seen.append(message) }
        }
        return seen.isEmpty ? ["the tests do not compile against this code"] : seen
    }

    /// `message` with each number and string literal inside its quoted code ('…') replaced by `…`.
    /// Type and member names stay: they are the exercise's API, which the stubs show.
    static func redactingLiterals(_ message: String) -> String {
        var out = ""
        var rest = message[...]
        while let open = rest.firstIndex(of: "'"), let close = rest[rest.index(after: open)...].firstIndex(of: "'") {
            out += rest[...open]
            out += redactedCode(String(rest[rest.index(after: open)..<close]))
            out += "'"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// A string literal, or a number not inside a name (`1_000`, `-2.5e-3`, `0x1F`, both ends of
    /// `1...1000`; not the 8 of `Int8`).
    private static let literal = try! NSRegularExpression(
        pattern:
            #""(?:[^"\\]|\\.)*"|(?<![A-Za-z0-9_$])(?:0[xob][0-9A-Fa-f_]+(?:\.[0-9A-Fa-f_]+)?(?:[pP][-+]?[0-9_]+)?|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][-+]?[0-9_]+)?)(?![A-Za-z0-9_])"#
    )

    private static func redactedCode(_ code: String) -> String {
        literal.stringByReplacingMatches(in: code, range: NSRange(code.startIndex..., in: code), withTemplate: "…")
    }
}
