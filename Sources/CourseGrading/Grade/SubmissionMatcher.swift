import CourseToolchain
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

    func files(for lesson: GraderBundleManifest.LessonEntry) -> [String: String] { match(for: lesson).files }

    /// The files found for each editable path of `lesson`, and a note for each choice the student
    /// should hear of: a copy left out, a name matched in another case. Without the notes, a
    /// backup copy or `fgsm.swift` for `Fgsm.swift` left the real file ungraded in silence, the
    /// stub graded instead (a red team, round 25).
    func match(for lesson: GraderBundleManifest.LessonEntry) -> (files: [String: String], notes: [String]) {
        var found: [String: String] = [:], notes: [String] = [], seen: Set<String> = []
        let allEditableNames = scopedLessons.flatMap(\.editableFiles).map(Self.fileName)
        for path in lesson.editableFiles {
            let name = Self.fileName(path)
            let exact = submission.files.keys.filter { $0 == path || $0.hasSuffix("/" + path) }
            // By name, never a file whose path is another lesson's (`Sources/Other/Step.swift`), and
            // only a name no other exercise file in scope has. The same name in another case
            // (`fgsm.swift`), when nothing has it as written.
            let unique = allEditableNames.filter { $0.lowercased() == name.lowercased() }.count == 1
            let byName = unique ? submission.files.keys.filter { Self.fileName($0) == name && !isAnotherLessonsPath($0) } : []
            let byCase = unique && byName.isEmpty ? submission.files.keys.filter { Self.fileName($0).lowercased() == name.lowercased() && !isAnotherLessonsPath($0) } : []
            guard let chosen = Self.preferred(exact.isEmpty ? (byName.isEmpty ? byCase : byName) : exact) else { continue }
            found[path] = submission.files[chosen.file]
            seen.insert(chosen.file)
            seen.formUnion(chosen.others)
            if !chosen.others.isEmpty {
                notes.append(
                    "\(chosen.others.count + 1) files could be \(path): graded '\(chosen.file)', left out " + chosen.others.map { "'\($0)'" }.joined(separator: ", ")
                        + "; hand in one copy")
            }
            if exact.isEmpty && byName.isEmpty {
                notes.append("graded '\(chosen.file)' as \(name): the name differs in case; name it \(name)")
            }
        }
        // A file of its own beside the exercise files (`Helpers.swift`) is never compiled: the
        // grader takes exercise files only. Without a word, its code was simply missing. (The
        // package's `Support.swift`, which re-exports the support module, is the grader's own.)
        let folders = Set(lesson.editableFiles.map { ($0 as NSString).deletingLastPathComponent + "/" })
        let extra = submission.files.keys.filter { file in
            !seen.contains(file) && Self.fileName(file) != LessonSupportModule.fileName
                && folders.contains { file.hasPrefix($0) || file.contains("/" + $0) }
        }
        if !extra.isEmpty {
            let names = lesson.editableFiles.map(Self.fileName).joined(separator: ", ")
            notes.append(
                "not graded: " + extra.sorted().map { "'\($0)'" }.joined(separator: ", ")
                    + ", not one of the lesson's exercise files (\(names)); only those are compiled, so move its code into one of them")
        }
        return (found, notes)
    }

    /// Of several copies (a backup folder, say), the one nearest the top, then the first by name:
    /// the same choice every run.
    private static func preferred(_ paths: [String]) -> (file: String, others: [String])? {
        let ordered = paths.sorted { (depth($0), $0) < (depth($1), $1) }
        return ordered.first.map { ($0, Array(ordered.dropFirst())) }
    }

    private static func depth(_ path: String) -> Int { path.reduce(0) { $0 + ($1 == "/" ? 1 : 0) } }
    private static func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
}
