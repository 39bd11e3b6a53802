import CourseAuthoring
import CourseToolchain
import Foundation

/// `course check --mutants`: mutation analysis of every exercise's reference solution.
public struct MutationAction {
    /// How the report is printed.
    public enum Format: String, Sendable, CaseIterable { case text, json }

    public var workspace: Workspace
    /// Only these lesson ids (all when empty).
    public var lessonIDs: [String] = []
    public var format = Format.text
    public var output: (String) -> Void
    /// Progress lines and authoring diagnostics (standard error in the command-line tool).
    public var errorOutput: (String) -> Void

    public init(
        workspace: Workspace, lessonIDs: [String] = [], format: Format = .text,
        output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void
    ) {
        self.workspace = workspace
        self.lessonIDs = lessonIDs
        self.format = format
        self.output = output
        self.errorOutput = errorOutput
    }

    /// Returns whether every exercise kills enough of its mutants and every mark has a reason.
    public func perform() throws -> Bool {
        let course = try workspace.loadCourse(report: errorOutput)
        let unknown = lessonIDs.filter { course.lesson($0) == nil }
        if !unknown.isEmpty { throw CourseError.toolFailed("no lesson with id \(unknown.joined(separator: ", "))") }
        var tester = MutationTester(
            course: course, compiler: try SwiftCompiler(),
            workDirectory: workspace.checkFolder.appendingPathComponent("mutants"))
        tester.lessonIDs = lessonIDs
        // Marks with errors stop the run before it compiles, quoted at their lines like every
        // authoring mistake (they were printed after minutes of runs, under "goal not met").
        let markErrors = tester.markDiagnostics().filter { $0.severity == .error }
        if !markErrors.isEmpty {
            errorOutput(DiagnosticWriter(sources: Dictionary(uniqueKeysWithValues: course.lessons.map { ($0.file, $0.source) })).format(markErrors))
            throw CourseError.invalidLessons(markErrors.count)
        }
        tester.progress = { self.errorOutput($0 + "\n") }
        let report = try tester.run()
        output(format == .json ? try report.json() : report.text())
        return report.passed
    }
}
