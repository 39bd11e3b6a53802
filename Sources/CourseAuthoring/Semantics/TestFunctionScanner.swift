/// Finds the XCTest methods (`func testSomething()`) declared in a test block.
enum TestFunctionScanner {
    /// Each `func test…()` at any indentation, with whether it is `async`.
    static func scan(_ snippet: CodeSnippet) -> [TestFunction] {
        var found: [TestFunction] = []
        for (index, line) in snippet.lines.enumerated() {
            guard let function = parameterlessFunction(line), function.name.hasPrefix("test") else { continue }
            found.append(TestFunction(name: function.name, isAsync: function.signature.contains("async"), line: index))
        }
        return found
    }

    /// Methods that look like tests but XCTest will not run: no parameters, no result, an
    /// `XCTAssert` in the body, never called in the block, and a name without the `test` prefix
    /// (`func checksTheSum()`). Their assertions would silently count for nothing.
    static func unrunTests(_ snippet: CodeSnippet) -> [(name: String, line: Int, column: Int)] {
        let lines = snippet.lines
        var found: [(name: String, line: Int, column: Int)] = []
        for (index, line) in lines.enumerated() {
            guard let function = parameterlessFunction(line), !function.name.hasPrefix("test"),
                !function.signature.contains("->")
            else { continue }
            let body = lines[index..<bodyEnd(lines, from: index)].joined(separator: "\n")
            let called = lines.enumerated().contains { $0.offset != index && $0.element.contains(function.name + "(") }
            guard body.contains("XCTAssert"), !called else { continue }
            let column = line.distance(from: line.startIndex, to: line.range(of: "func ")!.upperBound) + 1
            found.append((function.name, index, column))
        }
        return found
    }

    /// `func name()` declared on `line` (after any attributes and modifiers), with what follows
    /// its `()`: the signature's `async`, `throws` or `->`.
    private static func parameterlessFunction(_ line: Substring) -> (name: String, signature: Substring)? {
        guard mentionsFunc(line) else { return nil }  // most lines; splitting each into words showed in profiles
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        // Skip attributes and modifiers in front of `func`.
        while let word = words.first, word != "func", word.hasPrefix("@") || modifiers.contains(String(word)) {
            words.removeFirst()
        }
        guard words.first == "func", words.count >= 2 else { return nil }
        let rest = words.dropFirst().joined(separator: " ")
        guard let paren = rest.firstIndex(of: "(") else { return nil }
        let name = String(rest[..<paren])
        guard SwiftName.isIdentifier(name), rest[paren...].hasPrefix("()") else { return nil }
        return (name, Substring(rest[paren...].dropFirst(2).prefix { $0 != "{" }))
    }

    /// Whether `func` occurs in `line`, read as bytes.
    private static func mentionsFunc(_ line: Substring) -> Bool {
        let word: [UInt8] = Array("func".utf8)
        var matched = 0
        for byte in line.utf8 {
            // No proper prefix of "func" is also its suffix, so a mismatch restarts the match.
            matched = byte == word[matched] ? matched + 1 : (byte == word[0] ? 1 : 0)
            if matched == word.count { return true }
        }
        return false
    }

    /// The index just past the line where the braces opened at line `from` close again (a body on
    /// one line ends there); braces inside string literals are rare enough in tests to ignore.
    private static func bodyEnd(_ lines: [Substring], from: Int) -> Int {
        var depth = 0, opened = false
        for index in from..<lines.count {
            for character in lines[index] {
                if character == "{" { depth += 1; opened = true } else if character == "}" { depth -= 1 }
            }
            if opened && depth <= 0 { return index + 1 }
        }
        return lines.count
    }

    private static let modifiers: Set<String> = ["public", "private", "fileprivate", "internal", "final", "override", "open", "nonisolated"]
}
