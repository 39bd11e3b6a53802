import Foundation

/// `course grade SUBMISSION`: grades a folder, `.zip` or `.tar.gz` against the grader bundle.
public struct GradeAction {
    public enum Format: String, CaseIterable, Sendable { case text, json, gradescope, junit }

    public var workspace: Workspace
    public var submission: URL
    public var lessonIDs: [String] = []
    public var format: Format = .text
    /// Run tests without bubblewrap (only for trusted code, e.g. where bwrap cannot run).
    public var unsandboxed = false
    /// Wall-clock limit per test.
    public var testTimeout: TimeInterval = 10
    /// Test processes at once (default: one per core).
    public var testConcurrency: Int?
    /// Time the benchmarks (release builds of student and reference code).
    public var runBenchmarks = true
    public var benchmarkTrials = 1
    /// Colour the text report (the command line sets it when standard output is a terminal).
    public var colorOutput = false
    public var output: (String) -> Void
    public var progress: (String) -> Void = { _ in }

    public init(workspace: Workspace, submission: URL, output: @escaping (String) -> Void) {
        self.workspace = workspace
        self.submission = submission
        self.output = output
    }

    /// Grades and prints the report. Throws `SubmissionError` or `CourseError` when it cannot grade.
    @discardableResult
    public func perform() throws -> GradeReport {
        let read = try SubmissionReader().read(submission)
        var compiler = try SwiftCompiler()
        compiler.limits = (seconds: 120, memoryBytes: 6 << 30)
        var grader = try Grader(bundle: workspace.graderBundle, compiler: compiler,
                                workDirectory: workspace.buildFolder.appendingPathComponent("grade/\(UUID().uuidString)"),
                                sandbox: unsandboxed ? nil : try Sandbox())
        grader.progress = progress
        grader.testTimeout = testTimeout
        if let testConcurrency { grader.testConcurrency = testConcurrency }
        grader.runBenchmarks = runBenchmarks
        grader.benchmarkTrials = benchmarkTrials
        grader.cacheDirectory = workspace.gradeCache
        let started = Date()
        let report = try grader.grade(read, lessonIDs: lessonIDs)
        if report.lessons.isEmpty {
            throw SubmissionError(message: "the submission contains no exercise file of any lesson (expected files like \(grader.manifest.lessons.first?.editableFiles.first ?? "Sources/Lesson/Exercise.swift"))")
        }
        switch format {
        case .text: output(report.text(color: colorOutput))
        case .json: output(try report.json())
        case .gradescope: output(try report.gradescope(executionSeconds: Date().timeIntervalSince(started)))
        case .junit: output(report.junit())
        }
        return report
    }
}
