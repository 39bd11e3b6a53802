/// Text that `course new lesson` writes for the author to replace, found before `course check`
/// compiles anything: a lesson that still promises "Say in one sentence what a student can do"
/// compiles and passes, so nothing else would catch it.
package enum ScaffoldPlaceholderCheck {
    /// The objective `course new lesson`'s template leaves for the author to replace.
    package static let placeholderObjective = "Say in one sentence what a student can do after this lesson."

    /// One `course.lesson.placeholder` error per placeholder line, at the placeholder's text.
    package static func diagnostics(for lessons: [Lesson]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for lesson in lessons where lesson.meta.objectives.contains(placeholderObjective) {
            let lines = lesson.source.split(separator: "\n", omittingEmptySubsequences: false)
            let index = lines.firstIndex { $0.contains(placeholderObjective) } ?? 0
            let column =
                lines.isEmpty
                ? 1
                : lines[index].utf8.distance(
                    from: lines[index].startIndex,
                    to: lines[index].range(of: placeholderObjective)?.lowerBound ?? lines[index].startIndex) + 1
            diagnostics.append(
                Diagnostic(
                    "course.lesson.placeholder", file: lesson.file, at: SourceLocation(line: index + 1, column: column),
                    "this objective is the placeholder of 'course new lesson'; say what a student can do after the lesson"))
        }
        return diagnostics
    }
}
