import CourseToolchain
import Foundation

/// Looks for lines of hidden tests and solution regions in the student package.
///
/// A "secret" is a line of a hidden test or inside a solution region that carries real content
/// (ten characters or more, with a letter) and is not part of any line students are meant to
/// see (the correctly generated `exercises/`). Any line under `exercises/` that contains a secret,
/// even inside a comment or a longer line, is a leak.
public struct LeakScanner {
    public let course: Course
    /// The student package exactly as `ExercisePackageWriter` writes it (its lines are visible by
    /// design, so anything passed here is never reported): a caller that has generated it already
    /// passes it in, and it is not generated twice.
    let studentPackage: FileTree?

    public init(course: Course) {
        self.init(course: course, studentPackage: nil)
    }

    package init(course: Course, studentPackage: FileTree?) {
        self.course = course
        self.studentPackage = studentPackage
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
        // generated package, and every line of a lesson outside hidden tests and solution regions
        // (prose, examples, visible tests, support code).
        var visible = (studentPackage ?? ExercisePackageWriter(course: course).tree()).files.values
            .flatMap { $0.split(separator: "\n") }.map { String($0.trimmingCharacters()) }
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
            for (index, line) in lesson.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !hiddenLines.contains(index + 1) {
                visible.append(String(line.trimmingCharacters()))
            }
        }
        let secrets = Array(candidates.keys)
        let index = SubstringIndex(secrets)
        var shown = Set<Int>()
        for line in visible { shown.formUnion(index.occurrences(in: Substring(line))) }
        return Dictionary(uniqueKeysWithValues: secrets.indices.filter { !shown.contains($0) }.map { (secrets[$0], candidates[secrets[$0]]!) })
    }

    /// What a reader of the file sees: HTML without tags and entities, JSON strings unescaped.
    static func readable(_ text: String, kind: String) -> String {
        switch kind {
        case "html":
            return decodingEntities(strippingTags(text))
        case "js", "json":
            return text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\/", with: "/")
                .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        default:
            return text
        }
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
    static func decodingEntities(_ bytes: [UInt8]) -> String {
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
        return String(decoding: out, as: UTF8.self)
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
        for (path, raw) in files.sorted(by: { $0.key < $1.key }) {
            let text = Self.readable(raw, kind: URL(fileURLWithPath: path).pathExtension)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let secret = finder.first(in: line).map({ ordered[$0] }) else { continue }
                leaks.append(
                    Diagnostic(
                        "course.build.leak", file: path, at: SourceLocation(line: index + 1, column: 1),
                        "students could read a line that must stay hidden: it comes from \(secrets[secret]!)"))
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
            let text = Self.readable(raw, kind: URL(fileURLWithPath: path).pathExtension)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                scanned += 1
                guard let secret = finder.first(in: line).map({ ordered[$0] }) else { continue }
                leaks.append(
                    Diagnostic(
                        "course.check.leak", file: "\(displayPrefix)/\(path)",
                        at: SourceLocation(line: index + 1, column: line.leadingSpaceCount + 1),
                        "students can read a line that must stay hidden: it comes from \(secrets[secret]!)"))
            }
        }
        return (leaks, scanned)
    }
}
