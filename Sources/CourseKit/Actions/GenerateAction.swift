import Foundation

/// `course generate`: writes `exercises/` and the grader bundle, or with `check`, only compares.
public struct GenerateAction {
    public var workspace: Workspace
    public var checkOnly: Bool
    public var output: (String) -> Void
    /// Where authoring diagnostics go (standard error in the command-line tool).
    public var errorOutput: (String) -> Void

    public init(workspace: Workspace, checkOnly: Bool, output: @escaping (String) -> Void,
                errorOutput: ((String) -> Void)? = nil) {
        self.workspace = workspace
        self.checkOnly = checkOnly
        self.output = output
        self.errorOutput = errorOutput ?? output
    }

    /// Returns whether `exercises/` is (now) up to date.
    @discardableResult
    public func perform() throws -> Bool {
        let course = try workspace.loadCourse(report: errorOutput)
        let exercises = ExercisePackageWriter(course: course).tree()
        if checkOnly {
            let differences = exercises.differences(from: workspace.exercises)
            if differences.isEmpty {
                output("exercises/ is up to date with \(course.lessons.count) lesson\(course.lessons.count == 1 ? "" : "s")\n")
                return true
            }
            output("exercises/ is out of date with the lessons; run `course generate`:\n"
                   + differences.map { "  \($0)\n" }.joined())
            return false
        }
        try exercises.write(to: workspace.exercises)
        let bundle = try GraderBundleWriter(course: course).tree()
        try bundle.write(to: workspace.graderBundle)
        output("wrote exercises/ (\(exercises.files.count) files) and the grader bundle (\(bundle.files.count) files) for \(course.lessons.count) lesson\(course.lessons.count == 1 ? "" : "s")\n")
        return true
    }
}
