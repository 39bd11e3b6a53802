/// Finds the XCTest methods (`func testSomething()`) declared in a test block.
enum TestFunctionScanner {
    /// Each `func test…()` at any indentation, with whether it is `async`.
    static func scan(_ snippet: CodeSnippet) -> [TestFunction] {
        var found: [TestFunction] = []
        for (index, line) in snippet.lines.enumerated() {
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
            // Skip attributes and modifiers in front of `func`.
            while let word = words.first, word != "func", word.hasPrefix("@") || modifiers.contains(String(word)) {
                words.removeFirst()
            }
            guard words.first == "func", words.count >= 2 else { continue }
            let rest = words.dropFirst().joined(separator: " ")
            guard let paren = rest.firstIndex(of: "(") else { continue }
            let name = String(rest[..<paren])
            guard name.hasPrefix("test"), SwiftName.isIdentifier(name) else { continue }
            let afterName = rest[paren...]
            guard afterName.hasPrefix("()") else { continue }
            let signature = afterName.dropFirst(2).prefix { $0 != "{" }
            found.append(TestFunction(name: name, isAsync: signature.contains("async"), line: index))
        }
        return found
    }

    private static let modifiers: Set<String> = ["public", "private", "fileprivate", "internal", "final", "override", "open", "nonisolated"]
}
