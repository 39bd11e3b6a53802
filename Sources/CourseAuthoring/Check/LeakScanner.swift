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

    public init(course: Course) { self.course = course }

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
        var visible = ExercisePackageWriter(course: course).tree().files.values
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
            return text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
        case "js", "json":
            return text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\/", with: "/")
                .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        default:
            return text
        }
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
                leaks.append(Diagnostic("course.build.leak", file: path, at: SourceLocation(line: index + 1, column: 1),
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
                leaks.append(Diagnostic("course.check.leak", file: "\(displayPrefix)/\(path)",
                    at: SourceLocation(line: index + 1, column: line.leadingSpaceCount + 1),
                    "students can read a line that must stay hidden: it comes from \(secrets[secret]!)"))
            }
        }
        return (leaks, scanned)
    }
}
