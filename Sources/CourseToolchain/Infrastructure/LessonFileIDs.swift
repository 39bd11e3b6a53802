import Foundation

/// Code compiled under `#sourceLocation(file: "lessons/01-x.md", …)` reports itself in
/// `fatalError`, `precondition` and `#file` by its file id, `Module/01-x.md`; an author wants the
/// path they can open. Only instructors' messages are rewritten (students never see lesson paths).
package enum LessonFileIDs {
    /// `output` with every `Module/NAME` file id of `lessonFile` written as `lessonFile`.
    package static func readable(_ output: String, lessonFile: String) -> String {
        let name = (lessonFile as NSString).lastPathComponent
        guard !name.isEmpty else { return output }
        let pattern = "[A-Za-z_][A-Za-z0-9_]*/" + NSRegularExpression.escapedPattern(for: name)
        return output.replacingOccurrences(of: pattern, with: NSRegularExpression.escapedTemplate(for: lessonFile), options: .regularExpression)
    }
}
