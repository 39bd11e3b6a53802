internal import SwiftParser
internal import SwiftSyntax

/// Finds `// BEGIN SOLUTION` … `// END SOLUTION` regions (and their `// STUB:` lines) in a block.
struct SolutionRegionParser {
    static let begin = "// BEGIN SOLUTION"
    static let end = "// END SOLUTION"
    static let stubPrefix = "// STUB:"

    /// A near miss keeps the marker it most resembles (`meant`), so the regions still balance
    /// and one typo gives one error, not a second one for the region it left open.
    enum Marker { case begin, end, stub(String), misspelt(String, meant: String) }

    /// Classifies one line: a marker, a near-miss of a marker, or ordinary code (`nil`).
    static func marker(in line: Substring) -> Marker? {
        let trimmed = line.trimmingCharacters()
        if trimmed == begin { return .begin }
        if trimmed == end { return .end }
        if trimmed.hasPrefix(stubPrefix) {
            var code = trimmed.dropFirst(stubPrefix.count)
            if code.first == " " { code.removeFirst() }
            return .stub(String(code))
        }
        // Near misses (`// begin solution`, `//END SOLUTON`) would silently ship the solution.
        // They are comments: a line that does not start with `/` is code (most lines, so this is
        // checked before the costlier squeezing below).
        guard trimmed.first == "/" else { return nil }
        // Only the first letters of a `//` comment are compared: squeezing whole doc comments
        // showed in a site build's profile.
        var squeezed = ""
        for character in trimmed where !character.isWhitespace {
            squeezed += character.uppercased()
            if squeezed.count > 16 { break }
        }
        // `/* BEGIN SOLUTION */` is not a marker either, and would ship the solution.
        if squeezed.hasPrefix("/*") {
            let whole = String(trimmed.uppercased().filter { !$0.isWhitespace })
            if whole.contains("BEGINSOLUTION") { return .misspelt(String(trimmed), meant: begin) }
            if whole.contains("ENDSOLUTION") { return .misspelt(String(trimmed), meant: end) }
        }
        guard squeezed.hasPrefix("//") else { return nil }
        for (target, meant) in [("//BEGINSOLUTION", begin), ("//ENDSOLUTION", end)]
        where Suggestion.distance(String(squeezed.prefix(target.count)), target) <= 2 {
            return .misspelt(String(trimmed), meant: meant)
        }
        return squeezed.hasPrefix("//STUB") ? .misspelt(String(trimmed), meant: stubPrefix + " code") : nil
    }

    /// The regions of an exercise block, with a diagnostic for every unbalanced or misspelt marker.
    static func regions(in snippet: CodeSnippet, file: String) -> ([SolutionRegion], [Diagnostic]) {
        var regions: [SolutionRegion] = []
        var diagnostics: [Diagnostic] = []
        var open: SolutionRegion?
        for (index, line) in snippet.lines.enumerated() {
            let location = SourceLocation(line: snippet.firstLine + index, column: snippet.indent + line.leadingSpaceCount + 1)
            switch marker(in: line) {
            case .begin:
                if open != nil {
                    diagnostics.append(
                        Diagnostic(
                            "course.exercise.nestedSolution", file: file, at: location,
                            "'\(begin)' inside a solution region that is still open",
                            notes: [.init(location: SourceLocation(line: snippet.firstLine + open!.beginLine, column: 1), message: "the open region starts here")]))
                } else {
                    open = SolutionRegion(beginLine: index, endLine: index, indentation: String(line.prefix(line.leadingSpaceCount)), stubLines: [])
                }
            case .end:
                if var region = open {
                    region.endLine = index
                    regions.append(region)
                    open = nil
                } else {
                    diagnostics.append(
                        Diagnostic(
                            "course.exercise.unmatchedEnd", file: file, at: location,
                            "'\(end)' without a '\(begin)' before it"))
                }
            case .stub(let code):
                if open == nil {
                    diagnostics.append(
                        Diagnostic(
                            "course.exercise.strayStub", file: file, at: location,
                            "'\(stubPrefix)' lines belong inside a solution region"))
                } else {
                    open!.stubLines.append(code)
                }
            case .misspelt(let text, let meant):
                diagnostics.append(
                    Diagnostic(
                        "course.exercise.misspeltMarker", file: file, at: location,
                        "'\(text)' looks like '\(meant)' but is not a marker, so the solution would ship as code; write exactly '\(meant)'"))
                if meant == begin && open == nil {
                    open = SolutionRegion(beginLine: index, endLine: index, indentation: String(line.prefix(line.leadingSpaceCount)), stubLines: [])
                } else if meant == end, var region = open {
                    region.endLine = index
                    regions.append(region)
                    open = nil
                }
            case nil:
                break
            }
        }
        if let open {
            diagnostics.append(
                Diagnostic(
                    "course.exercise.unterminatedSolution", file: file,
                    at: SourceLocation(line: snippet.firstLine + open.beginLine, column: snippet.indent + open.indentation.count + 1),
                    "solution region is never closed with '\(end)'"))
        }
        for region in regionsCrossingBlocks(regions, in: snippet) {
            diagnostics.append(
                Diagnostic(
                    "course.exercise.regionCrossesBlocks", file: file,
                    at: SourceLocation(line: snippet.firstLine + region.beginLine, column: snippet.indent + region.indentation.count + 1),
                    "this solution region ends in another block than it starts in, so the stub would lose what lies between (a closing brace, the next signature); end it before the '}' and open another region in the next block"
                ))
        }
        return (regions, diagnostics)
    }

    /// The regions whose braces do not balance: a region from one function's body into the next
    /// one's, which a stub replaced whole, the second function's signature with it.
    static func regionsCrossingBlocks(_ regions: [SolutionRegion], in snippet: CodeSnippet) -> [SolutionRegion] {
        guard !regions.isEmpty else { return [] }
        let tree = Parser.parse(source: snippet.code)
        let converter = SourceLocationConverter(fileName: "", tree: tree)
        let braces: [(line: Int, step: Int)] = tree.tokens(viewMode: .sourceAccurate).compactMap { token in
            switch token.tokenKind {
            case .leftBrace: (converter.location(for: token.positionAfterSkippingLeadingTrivia).line - 1, 1)
            case .rightBrace: (converter.location(for: token.positionAfterSkippingLeadingTrivia).line - 1, -1)
            default: nil
            }
        }
        return regions.filter { region in
            var depth = 0
            for brace in braces where brace.line > region.beginLine && brace.line < region.endLine {
                depth += brace.step
                if depth < 0 { return true }
            }
            return depth != 0
        }
    }

    /// Whether the line is any solution marker; other blocks must not contain them.
    static func isMarker(_ line: Substring) -> Bool { marker(in: line) != nil }
}

/// Builds the student's version of an exercise block.
enum StubMaker {
    static func stub(for exercise: Exercise) -> String {
        let lines = exercise.snippet.lines
        var out: [String] = []
        var next = 0
        for region in exercise.regions {
            out += lines[next..<region.beginLine].map(String.init)
            let pad = region.indentation
            out.append(pad + "// TODO: write your solution here (exercise \(exercise.id)).")
            if region.stubLines.isEmpty {
                out.append(pad + "fatalError(\"TODO: exercise \(exercise.id) is not implemented yet\")")
            } else {
                out += region.stubLines.map { pad + $0 }
            }
            next = region.endLine + 1
        }
        out += lines[next...].map(String.init)
        return out.joined(separator: "\n") + "\n"
    }
}

extension Substring {
    var leadingSpaceCount: Int { prefix { $0 == " " || $0 == "\t" }.count }

    func trimmingCharacters() -> Substring {
        // ASCII blanks are read as bytes (Character.isWhitespace on every line of every code block
        // showed in a site build's profile); a leading one is left to the Character loop when a
        // non-ASCII scalar follows it, which might combine with it into one non-blank Character.
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        while start < end, isBlank(bytes[start]) {
            let next = bytes.index(after: start)
            guard next == end || bytes[next] < 0x80 else { break }
            start = next
        }
        while start < end, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        var s = self[start..<end]
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
