import Foundation

/// Looks for lines of hidden tests and solution regions in the student package.
///
/// A "secret" line is a line of a hidden test or inside a solution region that carries real
/// content (ten characters or more, with a letter) and appears in no visible part of any lesson.
/// Any such line found in a file under `exercises/` is a leak.
public struct LeakScanner {
    public let course: Course

    public init(course: Course) { self.course = course }

    /// Secret lines (trimmed) mapped to where they come from, for the message.
    public func secretLines() -> [String: String] {
        var secrets: [String: String] = [:]
        var visible = Set<String>()
        for lesson in course.lessons {
            for exercise in lesson.exercises {
                let lines = exercise.snippet.lines
                var inside = Set<Int>()
                for region in exercise.regions { inside.formUnion((region.beginLine + 1)..<region.endLine) }
                for (index, line) in lines.enumerated() {
                    let text = String(line.trimmingCharacters())
                    if inside.contains(index) {
                        if SolutionRegionParser.marker(in: line) == nil, Self.isSignificant(text), secrets[text] == nil {
                            secrets[text] = "\(lesson.file):\(exercise.snippet.firstLine + index) (solution of \(exercise.id))"
                        }
                    } else {
                        visible.insert(text)
                    }
                }
                for region in exercise.regions { visible.formUnion(region.stubLines.map { String(Substring($0).trimmingCharacters()) }) }
            }
            for block in lesson.tests {
                for (index, line) in block.snippet.lines.enumerated() {
                    let text = String(line.trimmingCharacters())
                    if !block.hidden { visible.insert(text); continue }
                    if Self.isSignificant(text), secrets[text] == nil {
                        secrets[text] = "\(lesson.file):\(block.snippet.firstLine + index) (hidden test of \(block.exercise))"
                    }
                }
            }
            for snippet in lesson.support { visible.formUnion(snippet.lines.map { String($0.trimmingCharacters()) }) }
        }
        for line in visible { secrets[line] = nil }
        return secrets
    }

    static func isSignificant(_ text: String) -> Bool {
        text.count >= 10 && text.contains(where: \.isLetter) && !text.hasPrefix("//")
    }

    /// Every leaked line in the files below `folder`, as diagnostics on the leaking file.
    public func scan(_ folder: URL, displayPrefix: String = "exercises") -> (leaks: [Diagnostic], linesScanned: Int) {
        let secrets = secretLines()
        var leaks: [Diagnostic] = []
        var scanned = 0
        for path in FileTree.listFiles(in: folder).sorted() {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                scanned += 1
                let trimmed = String(line.trimmingCharacters())
                guard let origin = secrets[trimmed] else { continue }
                leaks.append(Diagnostic("course.check.leak", file: "\(displayPrefix)/\(path)",
                    at: SourceLocation(line: index + 1, column: line.leadingSpaceCount + 1),
                    "students can read a line that must stay hidden: it comes from \(origin)"))
            }
        }
        return (leaks, scanned)
    }
}
