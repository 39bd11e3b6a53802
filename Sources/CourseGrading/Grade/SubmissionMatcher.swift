import Foundation

/// Finds each editable exercise file in a submission: by its path under `exercises/` (at any
/// depth, so `exercises/…` or `my-work/…` both work), else by file name when that is unambiguous.
struct SubmissionMatcher {
    let manifest: GraderBundleManifest
    let submission: Submission
    /// The lessons among which a file found by its name alone must be the only one of that name:
    /// the lessons asked for (`--lessons`), or all. Two lessons may have an exercise file of one
    /// name (`Step.swift`); graded on one of them, a bare `Step.swift` is that lesson's.
    var scope: [String] = []

    init(manifest: GraderBundleManifest, submission: Submission, lessons asked: [String] = []) {
        self.manifest = manifest
        self.submission = submission
        self.scope = asked
    }

    /// The lessons to grade: exactly `asked` when it names any (a weekly hand-in graded on this
    /// week's lessons, whatever else the folder holds), else every lesson the submission holds a file of.
    func lessonsToGrade(asked: [String]) throws -> [GraderBundleManifest.LessonEntry] {
        try manifest.checkLessonIDs(asked)
        return manifest.lessons.filter { lesson in asked.isEmpty ? !files(for: lesson).isEmpty : asked.contains(lesson.id) }
    }

    /// The submission's files named like an exercise file of more than one lesson in scope, with
    /// those lessons: found by name alone, they belong to none.
    func ambiguousNames() -> [(file: String, lessons: [String])] {
        let names = Set(submission.files.keys.map { URL(fileURLWithPath: $0).lastPathComponent })
        return names.sorted().compactMap { name in
            let owners = scopedLessons.filter { $0.editableFiles.contains { URL(fileURLWithPath: $0).lastPathComponent == name } }.map(\.id)
            return owners.count > 1 ? (name, owners) : nil
        }
    }

    private var scopedLessons: [GraderBundleManifest.LessonEntry] {
        scope.isEmpty ? manifest.lessons : manifest.lessons.filter { scope.contains($0.id) }
    }

    /// Whether `file` sits where some lesson's editable file does (`…/Sources/Module/File.swift`).
    private func isAnotherLessonsPath(_ file: String) -> Bool {
        manifest.lessons.contains { lesson in lesson.editableFiles.contains { file == $0 || file.hasSuffix("/" + $0) } }
    }

    func files(for lesson: GraderBundleManifest.LessonEntry) -> [String: String] {
        var found: [String: String] = [:]
        let allEditableNames = scopedLessons.flatMap(\.editableFiles).map { URL(fileURLWithPath: $0).lastPathComponent }
        for path in lesson.editableFiles {
            // Several copies (a backup folder, say): the shortest path wins, the same way every run.
            let exact = submission.files.filter { $0.key == path || $0.key.hasSuffix("/" + path) }
                .sorted { ($0.key.count, $0.key) < ($1.key.count, $1.key) }
            if let first = exact.first {
                found[path] = first.value
                continue
            }
            let name = URL(fileURLWithPath: path).lastPathComponent
            // By name, never a file whose path is another lesson's (`Sources/Other/Step.swift`).
            let byName = submission.files.filter { URL(fileURLWithPath: $0.key).lastPathComponent == name && !isAnotherLessonsPath($0.key) }
            if byName.count == 1, allEditableNames.filter({ $0 == name }).count == 1 { found[path] = byName.first!.value }
        }
        return found
    }
}
