import CourseToolchain
import Foundation

extension Workspace {
    /// Loads the course and fails with every authoring error, printed `file:line:col: error:`.
    public func loadCourse(report: (String) -> Void) throws -> Course {
        let result = try CourseLoader(root: root).load()
        if !result.diagnostics.isEmpty {
            report(DiagnosticWriter(sources: result.sources).format(result.diagnostics))
        }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 { throw CourseError.invalidLessons(errors) }
        return result.course
    }
}
