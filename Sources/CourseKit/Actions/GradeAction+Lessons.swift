import CourseGrading
import CourseToolchain
import Foundation

extension GradeAction {
    /// Grades against the bundle in `workspace`, built or rebuilt from `lessons/` first when they
    /// ask for it (`GraderBundleUpdater`), which is what `course grade` does.
    public init(workspace: Workspace, submission: URL, output: @escaping (String) -> Void) {
        self.init(bundleOf: workspace, submission: submission, output: output)
        prepareBundle = { errorOutput in try GraderBundleUpdater(workspace: workspace).update(errorOutput: errorOutput).line }
    }
}
