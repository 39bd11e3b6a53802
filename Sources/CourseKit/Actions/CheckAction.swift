import CourseAuthoring
import CourseToolchain
import Foundation

/// `course check`: every lesson's solutions, stubs and tests, and leaks into `exercises/`.
public struct CheckAction {
    public var workspace: Workspace
    /// Only these lesson ids (all when empty).
    public var lessonIDs: [String] = []
    /// Check every lesson again, also those unchanged since they last passed.
    public var recheck = false
    public var output: (String) -> Void
    /// Where authoring diagnostics go (standard error in the command-line tool).
    public var errorOutput: (String) -> Void

    public init(
        workspace: Workspace, lessonIDs: [String] = [], output: @escaping (String) -> Void,
        errorOutput: ((String) -> Void)? = nil
    ) {
        self.workspace = workspace
        self.lessonIDs = lessonIDs
        self.output = output
        self.errorOutput = errorOutput ?? output
    }

    /// Returns whether every check passed.
    public func perform() throws -> Bool {
        let course = try workspace.loadCourse(report: errorOutput)
        let unknown = lessonIDs.filter { course.lesson($0) == nil }
        if !unknown.isEmpty { throw CourseError.toolFailed("no lesson with id \(unknown.joined(separator: ", "))") }
        // Refused before anything compiles: a placeholder passes every other check, and TeX that
        // KaTeX cannot typeset and a link to no heading compile fine.
        let selected = course.lessons.filter { lessonIDs.isEmpty || lessonIDs.contains($0.meta.id) }
        let files = Set(selected.map(\.file))
        var refused = ScaffoldPlaceholderCheck.diagnostics(for: selected) + SiteLinks(course: course).brokenLinks().filter { files.contains($0.file) }
        var mathTypeset = false
        if let reason = MathTypesetCheck.unavailableReason {
            output("note: the math was not typeset with KaTeX: \(reason)\n")
        } else {
            let unset = try MathTypesetCheck.diagnostics(for: selected)
            mathTypeset = unset.isEmpty
            refused += unset
        }
        let writer = DiagnosticWriter(sources: Dictionary(uniqueKeysWithValues: course.lessons.map { ($0.file, $0.source) }))
        if !refused.isEmpty {
            errorOutput(writer.format(refused))
            throw CourseError.invalidLessons(refused.count)
        }
        if mathTypeset { output("math: every formula typesets with KaTeX\n") }
        // Warnings: where a hidden test lets an expected value reach the student's process, enum
        // cases the compiler cannot tell apart, and support state a submission could set.
        let warnings =
            ExposedExpectedValueCheck.diagnostics(for: selected) + OverloadedEnumCaseCheck.diagnostics(for: selected)
            + SupportSettableStateCheck.diagnostics(for: selected)
        if !warnings.isEmpty { errorOutput(writer.format(warnings)) }
        let stale = ExercisePackageWriter(course: course).tree().differences(from: workspace.exercises)
        if !stale.isEmpty {
            output("warning: exercises/ is out of date with the lessons (\(stale.count) file\(stale.count == 1 ? "" : "s")); run `course generate`\n")
        }
        var checker = CourseChecker(course: course, compiler: try SwiftCompiler(), workDirectory: workspace.checkFolder)
        checker.lessonIDs = lessonIDs
        checker.reusesPassedLessons = !recheck
        checker.progress = { self.output($0 + "\n") }
        let report = try checker.run(exercisesFolder: workspace.exercises)
        output(report.summary())
        // What students get is exercises/ as it is on disk: out of date, it is not what was just
        // checked (a new lesson may be missing from it, and the leak scan read the old files).
        if !stale.isEmpty {
            output("course check: FAIL: exercises/ is out of date with the lessons; run `course generate`, then check again\n")
            return false
        }
        return report.passed
    }
}
