import CourseAuthoring
import CourseToolchain
import Foundation

/// Keeps the grader bundle in step with `lessons/`. The bundle is derived from the lessons (and
/// the support library), so the commands that use it (`grade`, `prebuild`, `export gradescope`)
/// build it when it is missing and rebuild it when it differs from what the lessons give now:
/// a fresh clone grades without `course generate`, and an edited lesson is never graded by its
/// old hidden tests.
public struct GraderBundleUpdater {
    public var workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// What `update` did.
    public enum Outcome: Equatable, Sendable {
        /// The bundle already matched the lessons.
        case current
        case built(lessons: Int)
        /// `files` of the bundle were missing, changed or left over.
        case rebuilt(lessons: Int, files: Int)
        /// No `lessons/` here (Gradescope's image holds the bundle only): the bundle is used as it is.
        case noLessons

        /// The one line a command prints about it, or `nil` when nothing was written.
        public var line: String? {
            switch self {
            case .current, .noLessons: return nil
            case .built(let lessons):
                return "built the grader bundle from lessons/ (\(lessons) lesson\(lessons == 1 ? "" : "s"))"
            case .rebuilt(let lessons, let files):
                return "rebuilt the grader bundle from lessons/ (\(lessons) lesson\(lessons == 1 ? "" : "s")): "
                    + "\(files) file\(files == 1 ? " has" : "s have") changed since it was written"
            }
        }
    }

    /// Builds or rebuilds the bundle when it does not match `lessons/`; authoring errors go to
    /// `errorOutput` (as `course generate` prints them) and stop the command.
    @discardableResult
    public func update(errorOutput: (String) -> Void) throws -> Outcome {
        guard FileManager.default.fileExists(atPath: workspace.lessons.path) else { return .noLessons }
        // Generating the bundle to compare it costs about as much as a sixth of a warm grade
        // (the assertion rewriting), so a stamp of its inputs, kept beside it, spares that when
        // nothing changed. The stamp is a hidden file: comparisons and rewrites of the bundle leave it alone.
        let inputs = try Self.inputsStamp(workspace)
        let bundleExists = FileManager.default.fileExists(atPath: workspace.graderBundle.appendingPathComponent("manifest.json").path)
        if bundleExists, (try? String(contentsOf: Self.stampFile(workspace), encoding: .utf8)) == inputs { return .current }
        let outcome = try rebuildIfChanged(errorOutput: errorOutput, bundleExists: bundleExists)
        try inputs.write(to: Self.stampFile(workspace), atomically: true, encoding: .utf8)
        return outcome
    }

    /// Records that the bundle was just written from inputs whose stamp, taken before they were
    /// read, is `inputs` (`course generate` calls it, so the first grade after it does not
    /// generate the bundle again to compare; a lesson edited meanwhile still counts as a change).
    static func markCurrent(_ workspace: Workspace, inputs: String) throws {
        try inputs.write(to: stampFile(workspace), atomically: true, encoding: .utf8)
    }

    static func stampFile(_ workspace: Workspace) -> URL { workspace.graderBundle.appendingPathComponent(".lessons-stamp") }

    /// Generates the bundle and writes it when it differs from the one on disk.
    private func rebuildIfChanged(errorOutput: (String) -> Void, bundleExists: Bool) throws -> Outcome {
        let course: Course
        do {
            course = try workspace.loadCourse(report: errorOutput)
        } catch CourseError.invalidLessons(let count) {
            throw CourseError.toolFailed("the grader bundle cannot be built: \(count) error\(count == 1 ? "" : "s") in the lessons (listed above)")
        }
        let bundle = try GraderBundleWriter(course: course).tree()
        let differences = bundle.differences(from: workspace.graderBundle)
        if differences.isEmpty { return .current }
        try bundle.write(to: workspace.graderBundle)
        return bundleExists ? .rebuilt(lessons: course.lessons.count, files: differences.count) : .built(lessons: course.lessons.count)
    }

    /// A hash of everything the bundle is made from: the files `CourseLoader` reads (the lessons
    /// and the support library's sources) and this tool itself (a newer `course` may write
    /// another bundle from the same lessons).
    static func inputsStamp(_ workspace: Workspace) throws -> String {
        var text = ""
        func add(folder: URL, suffix: String) throws {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(suffix) && !name.hasPrefix(".") {
                text += "\(folder.lastPathComponent)/\(name)\u{0}" + String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self) + "\u{0}"
            }
        }
        try add(folder: workspace.lessons, suffix: ".md")
        try add(folder: workspace.root.appendingPathComponent("Sources/\(EngineModule.name)"), suffix: ".swift")
        text += "tool\u{0}" + ToolIdentity.current
        return BuildCache.hash(text)
    }
}
