import Foundation

/// Where a course's inputs and outputs live, relative to its root. Only paths, so grading and
/// authoring share it; loading the course from it is authoring's (`Workspace.loadCourse`).
public struct Workspace: Sendable {
    public var root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    public var lessons: URL { root.appendingPathComponent("lessons") }
    public var exercises: URL { root.appendingPathComponent("exercises") }
    /// Build products of the `course` tool; inside `.build`, so never committed.
    public var buildFolder: URL { root.appendingPathComponent(".build/course") }
    /// The grader bundle: reference solutions and hidden tests. Never inside `exercises/`.
    public var graderBundle: URL { buildFolder.appendingPathComponent("grader") }
    public var checkFolder: URL { buildFolder.appendingPathComponent("check") }
    /// What grading builds once per bundle content (support library, prebuilt tests, reference side).
    public var gradeCache: URL { buildFolder.appendingPathComponent("grade-cache") }
    /// Libraries compiled once and shared: the support library (`EngineBuild`: check, figures and
    /// grading) and the test harness of the runners `course check` builds (`HarnessModule`).
    public var engineCache: URL { buildFolder.appendingPathComponent("engine-cache") }
    /// The gradebook `course grade --batch` writes.
    public var gradebookPath: URL { buildFolder.appendingPathComponent("gradebook.sqlite") }
}
