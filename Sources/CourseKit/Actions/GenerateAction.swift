import CourseAuthoring
import CourseToolchain
import Foundation

/// `course generate`: writes `exercises/`, the grader bundle and the course summary section of
/// README.md (when it has the markers), or with `check`, only compares.
public struct GenerateAction {
    public var workspace: Workspace
    public var checkOnly: Bool
    public var output: (String) -> Void
    /// Where authoring diagnostics go (standard error in the command-line tool).
    public var errorOutput: (String) -> Void

    public init(
        workspace: Workspace, checkOnly: Bool, output: @escaping (String) -> Void,
        errorOutput: ((String) -> Void)? = nil
    ) {
        self.workspace = workspace
        self.checkOnly = checkOnly
        self.output = output
        self.errorOutput = errorOutput ?? output
    }

    /// Returns whether `exercises/` is (now) up to date.
    @discardableResult
    public func perform() throws -> Bool {
        let inputs = try GraderBundleUpdater.inputsStamp(workspace)
        let course = try workspace.loadCourse(report: errorOutput)
        let exercises = ExercisePackageWriter(course: course).tree()
        let readme = workspace.root.appendingPathComponent("README.md")
        let readmeText = try? String(contentsOf: readme, encoding: .utf8)
        let updatedReadme = try readmeText.flatMap { try CourseSummaryWriter(course: course).updating($0) }
        let readmeIsStale = updatedReadme != nil && updatedReadme != readmeText
        let lessons = "\(course.lessons.count) lesson\(course.lessons.count == 1 ? "" : "s")"
        if checkOnly {
            let differences = exercises.differences(from: workspace.exercises)
            if readmeIsStale { output("README.md's course summary is out of date with the lessons; run `course generate`\n") }
            if differences.isEmpty {
                output("exercises/ is up to date with \(lessons)\n")
                return !readmeIsStale
            }
            output(
                "exercises/ is out of date with the lessons; run `course generate`:\n"
                    + differences.map { "  \($0)\n" }.joined())
            return false
        }
        try exercises.write(to: workspace.exercises)
        let bundle = try GraderBundleWriter(course: course).tree()
        try bundle.write(to: workspace.graderBundle)
        try GraderBundleUpdater.markCurrent(workspace, inputs: inputs)
        if readmeIsStale, let updatedReadme { try Data(updatedReadme.utf8).write(to: readme, options: .atomic) }
        output(
            "wrote exercises/ (\(exercises.files.count) files) and the grader bundle (\(bundle.files.count) files) for \(lessons)"
                + (readmeIsStale ? "; updated README.md's course summary" : "") + "\n")
        return true
    }
}
