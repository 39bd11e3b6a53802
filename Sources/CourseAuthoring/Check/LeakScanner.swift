import CourseToolchain
import Foundation

/// Looks for lines of hidden tests and solution regions in the student package and site.
///
/// A "secret" is a line of a hidden test or inside a solution region that carries real content
/// (ten characters or more, with a letter) and that students are never meant to see. Any line of
/// a scanned file that contains a secret, even inside a comment or a longer line, is a leak.
///
/// What students are meant to see is worked out without the secrets: every line of a lesson
/// outside hidden tests, solution regions and benchmarks, and the student package as the
/// generator writes it from the course with those emptied (`withoutSecrets`). So a generator
/// that copied a solution line into a stub, a doc comment or the hand-in tool is caught too;
/// comparing with the package it really writes could not catch that.
public struct LeakScanner {
    public let course: Course

    public init(course: Course) {
        self.course = course
    }

    /// The course with every hidden test, benchmark and line inside a solution region blanked
    /// (line counts and region markers stay, so the generator lays everything out the same way).
    static func withoutSecrets(_ course: Course) -> Course {
        var course = course
        func blank(_ snippet: inout CodeSnippet, keeping keep: (Int) -> Bool) {
            snippet.code = snippet.lines.indices.map { (keep($0) ? String(snippet.lines[$0]) : "") + "\n" }.joined()
        }
        for lessonIndex in course.lessons.indices {
            var lesson = course.lessons[lessonIndex]
            for index in lesson.exercises.indices {
                let regions = lesson.exercises[index].regions
                blank(&lesson.exercises[index].snippet) { line in !regions.contains { $0.beginLine < line && line < $0.endLine } }
            }
            for index in lesson.tests.indices where lesson.tests[index].hidden { blank(&lesson.tests[index].snippet) { _ in false } }
            for index in lesson.benchmarks.indices { blank(&lesson.benchmarks[index].snippet) { _ in false } }
            course.lessons[lessonIndex] = lesson
        }
        return course
    }

    /// Secret lines (trimmed) mapped to where they come from, for the message.
    public func secretLines() -> [String: String] {
        var candidates: [String: String] = [:]
        for lesson in course.lessons {
            for exercise in lesson.exercises {
                let lines = exercise.snippet.lines
                for region in exercise.regions {
                    for index in (region.beginLine + 1)..<region.endLine where SolutionRegionParser.marker(in: lines[index]) == nil {
                        let text = String(lines[index].trimmingCharacters())
                        if Self.isSignificant(text), candidates[text] == nil {
                            candidates[text] = "\(lesson.file):\(exercise.snippet.firstLine + index) (solution of \(exercise.id))"
                        }
                    }
                }
            }
            for block in lesson.tests where block.hidden {
                for (index, line) in block.snippet.lines.enumerated() {
                    let text = String(line.trimmingCharacters())
                    if Self.isSignificant(text), candidates[text] == nil {
                        candidates[text] = "\(lesson.file):\(block.snippet.firstLine + index) (hidden test of \(block.exercise))"
                    }
                }
            }
        }
        // What students are rightly shown is never a secret, even if a hidden test repeats it: the
        // package generated without the secrets, and every line of a lesson outside hidden tests,
        // solution regions and benchmarks (prose, examples, visible tests, support code).
        // A secret never spans lines, so each visible text is searched whole, not line by line.
        let secrets = Array(candidates.keys)
        let index = SubstringIndex(secrets)
        var shown = Set<Int>()
        func markShown(_ bytes: UnsafeBufferPointer<UInt8>) { index.forEachOccurrence(in: bytes) { pattern, _ in shown.insert(pattern) } }
        for text in ExercisePackageWriter(course: Self.withoutSecrets(course)).tree().files.values {
            Array(text.utf8).withUnsafeBufferPointer(markShown)
        }
        for lesson in course.lessons {
            var hiddenLines = Set<Int>()
            for block in lesson.tests where block.hidden {
                hiddenLines.formUnion(block.snippet.firstLine..<(block.snippet.firstLine + block.snippet.lines.count))
            }
            for exercise in lesson.exercises {
                for region in exercise.regions {
                    hiddenLines.formUnion((exercise.snippet.firstLine + region.beginLine)...(exercise.snippet.firstLine + region.endLine))
                }
            }
            for benchmark in lesson.benchmarks {
                hiddenLines.formUnion(benchmark.snippet.firstLine..<(benchmark.snippet.firstLine + benchmark.snippet.lines.count))
            }
            Array(lesson.source.utf8).withUnsafeBufferPointer { bytes in
                for line in Self.lineRanges(bytes) where !hiddenLines.contains(line.number) {
                    markShown(UnsafeBufferPointer(rebasing: bytes[line.range]))
                }
            }
        }
        return Dictionary(uniqueKeysWithValues: secrets.indices.filter { !shown.contains($0) }.map { (secrets[$0], candidates[secrets[$0]]!) })
    }

    /// Each line of `bytes`: its 1-based number and its byte range, without the newline.
    static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [(number: Int, range: Range<Int>)] {
        var lines: [(number: Int, range: Range<Int>)] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append((lines.count + 1, start..<offset))
            start = offset + 1
        }
        lines.append((lines.count + 1, start..<bytes.count))
        return lines
    }

    /// What a reader of the file sees: HTML without tags and entities, JSON strings unescaped.
    static func readable(_ text: String, kind: String) -> String {
        String(decoding: readableBytes(text, kind: kind), as: UTF8.self)
    }

    /// Each text a reader of the file can see, scanned one by one. A page has two: its text
    /// (`readable`), and its markup with entities decoded, where attribute values are (a
    /// `title`, an `alt`, a `data-` value a script copies): stripping tags drops them.
    static func readableViews(_ text: String, kind: String) -> [[UInt8]] {
        kind == "html" ? [readableBytes(text, kind: kind), decodingEntities(Array(text.utf8))] : [readableBytes(text, kind: kind)]
    }

    /// The leaking lines of a file in every one of its `readableViews`, one per line number (the
    /// first secret on it); the count of lines is the first view's.
    static func leakingLines(_ text: String, kind: String, finder: SubstringIndex) -> (leaks: [(line: Int, column: Int, secret: Int)], lines: Int) {
        let views = readableViews(text, kind: kind).map { leakingLines($0, finder: finder) }
        var byLine: [Int: (line: Int, column: Int, secret: Int)] = [:]
        for leak in views.flatMap(\.leaks) where byLine[leak.line].map({ leak.secret < $0.secret }) ?? true { byLine[leak.line] = leak }
        return (byLine.keys.sorted().map { byLine[$0]! }, views.first?.lines ?? 1)
    }

    /// `readable`, as UTF-8: the scans work on bytes, never on `Character`s.
    static func readableBytes(_ text: String, kind: String) -> [UInt8] {
        switch kind {
        case "html": return decodingEntities(strippingTags(text))
        case "js", "json": return unescapingJSON(text)
        default: return Array(text.utf8)
        }
    }

    /// The text with JSON's string escapes read (`\n`, `\"`, `\\`, `\/`, `\t`, `\uXXXX`), in one
    /// pass, as a reader of the search index sees it; any other backslash stays.
    static func unescapingJSON(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                out.append(bytes[index])
                index += 1
                continue
            }
            switch bytes[index + 1] {
            case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "/"), UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(bytes[index + 1])
            case UInt8(ascii: "u"):
                if index + 6 <= bytes.count, bytes[(index + 2)..<(index + 6)].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
                    let value = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                    let scalar = Unicode.Scalar(value)
                {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    index += 6
                    continue
                }
                out.append(contentsOf: bytes[index...(index + 1)])
            default: out.append(contentsOf: bytes[index...(index + 1)])
            }
            index += 2
        }
        return out
    }

    /// The text with every tag (`<` up to the next `>`) removed; a `<` that no `>` follows stays.
    /// One pass over the bytes: a regular expression here took a seventh of a site build.
    static func strippingTags(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        let lastClose = bytes.lastIndex(of: UInt8(ascii: ">")) ?? -1
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") && index < lastClose {
                index = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: ">"))! + 1
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    /// The five entities the renderer writes, decoded in one pass (`&amp;lt;` reads `&lt;`).
    static func decodingEntities(_ bytes: [UInt8]) -> [UInt8] {
        let entities: [([UInt8], UInt8)] = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")]
            .map { (Array($0.0.utf8), UInt8(ascii: $0.1)) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        next: while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&") {
                for (entity, character) in entities where bytes[index...].starts(with: entity) {
                    out.append(character)
                    index += entity.count
                    continue next
                }
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }

    static func isSignificant(_ text: String) -> Bool {
        text.count >= 10 && text.contains(where: \.isLetter)
    }

    /// Every leaked line in files given by path and text (a site before it is written).
    public func scan(files: [String: String]) -> [Diagnostic] {
        let secrets = secretLines()
        let ordered = secrets.keys.sorted()
        let finder = SubstringIndex(ordered)
        var leaks: [Diagnostic] = []
        // Files are scanned independently: one per core.
        let sorted = files.sorted(by: { $0.key < $1.key })
        let foundByFile = sorted.parallelMap(width: ProcessInfo.processInfo.activeProcessorCount) { path, raw in
            Self.leakingLines(raw, kind: URL(fileURLWithPath: path).pathExtension, finder: finder).leaks
        }
        for ((path, _), found) in zip(sorted, foundByFile) {
            for leak in found {
                leaks.append(
                    Diagnostic(
                        "course.build.leak", file: path, at: SourceLocation(line: leak.line, column: 1),
                        "students could read a line that must stay hidden: it comes from \(secrets[ordered[leak.secret]]!)"))
            }
        }
        return leaks
    }

    /// Every leaked line in the files below `folder`, as diagnostics on the leaking file.
    public func scan(_ folder: URL, displayPrefix: String = "exercises", extensions: Set<String>? = nil) -> (leaks: [Diagnostic], linesScanned: Int) {
        let secrets = secretLines()
        let ordered = secrets.keys.sorted()
        let finder = SubstringIndex(ordered)
        var leaks: [Diagnostic] = []
        var scanned = 0
        for path in FileTree.listFiles(in: folder).sorted() where extensions.map({ $0.contains(URL(fileURLWithPath: path).pathExtension) }) ?? true {
            guard let raw = try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) else { continue }
            let (found, lines) = Self.leakingLines(raw, kind: URL(fileURLWithPath: path).pathExtension, finder: finder)
            scanned += lines
            for leak in found {
                leaks.append(
                    Diagnostic(
                        "course.check.leak", file: "\(displayPrefix)/\(path)", at: SourceLocation(line: leak.line, column: leak.column),
                        "students can read a line that must stay hidden: it comes from \(secrets[ordered[leak.secret]]!)"))
            }
        }
        return (leaks, scanned)
    }

    /// The lines of `bytes` that hold a secret, in order, each with the first secret (by index
    /// into `finder`'s patterns) and the column after its indentation; and how many lines there are.
    /// One pass over the whole text: a secret never spans lines.
    static func leakingLines(_ bytes: [UInt8], finder: SubstringIndex) -> (leaks: [(line: Int, column: Int, secret: Int)], lines: Int) {
        bytes.withUnsafeBufferPointer { buffer in
            var matches: [(start: Int, secret: Int)] = []
            finder.forEachOccurrence(in: buffer) { secret, start in matches.append((start, secret)) }
            // Most files hold no secret: their lines are only counted.
            guard !matches.isEmpty else { return ([], 1 + buffer.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }) }
            let lines = lineRanges(buffer)
            var firstSecret: [Int: Int] = [:]  // line index → secret
            for match in matches {
                // The last line starting at or before the match.
                var low = 0
                var high = lines.count - 1
                while low < high {
                    let middle = (low + high + 1) / 2
                    if lines[middle].range.lowerBound <= match.start { low = middle } else { high = middle - 1 }
                }
                firstSecret[low] = min(firstSecret[low] ?? .max, match.secret)
            }
            let leaks = firstSecret.keys.sorted().map { line in
                let indent = buffer[lines[line].range].prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
                return (line: line + 1, column: indent + 1, secret: firstSecret[line]!)
            }
            return (leaks, lines.count)
        }
    }
}
