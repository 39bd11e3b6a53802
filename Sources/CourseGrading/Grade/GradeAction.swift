import CourseToolchain
import Foundation
import HandinRules

/// `course grade SUBMISSION` and `course-grader grade SUBMISSION`: grades a folder, `.zip` or
/// `.tar.gz` against the grader bundle and delivers the report in the format asked for.
///
/// The grading itself works from the bundle alone. `course` first brings the bundle up to date
/// with `lessons/` (`prepareBundle`, set by CourseKit's `init(workspace:submission:output:)`);
/// `course-grader`, which has no Markdown code, grades with the bundle as it is.
public struct GradeAction {
    public typealias Format = ReportFormat

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
    /// Tests turn admission off to attack the sandbox and the judge on their own.
    var admitsSubmissions = true
    public var benchmarkTrials = 1
    /// `Grader.secondBuildsSeconds` when set (tests lower it); the grader's own otherwise.
    var secondBuildsSeconds: TimeInterval?
    /// Colour the text report (the command line sets it when standard output is a terminal).
    public var colorOutput = false
    /// Where the report goes when no `outputFile` is given.
    public var output: (String) -> Void
    /// Write the report (or, when grading fails, the "could not grade" report) to this file.
    public var outputFile: URL?
    public var progress: (String) -> Void = { _ in }
    /// Where authoring errors go when the grader bundle has to be built from `lessons/`.
    public var errorOutput: (String) -> Void = { _ in }
    /// Run first, inside the fault handling: brings the bundle up to date (given `errorOutput`),
    /// returning a line of progress when it did something.
    public var prepareBundle: ((_ errorOutput: @escaping (String) -> Void) throws -> String?)?

    /// Grades against the bundle in `workspace` as it is.
    public init(bundleOf workspace: Workspace, submission: URL, output: @escaping (String) -> Void) {
        self.workspace = workspace
        self.submission = submission
        self.output = output
    }

    /// Grades and hands the report to `output`, or writes it to `outputFile`.
    ///
    /// Whatever stops grading (an unreadable submission, a sandbox that cannot start, a missing
    /// compiler, an internal error) is thrown as a `GradingFault`, never reported as a score. When
    /// a report was asked for in a file, or in Gradescope's format (which Gradescope reads as the
    /// result), a report saying "could not grade" and why takes the grade's place first.
    @discardableResult
    public func perform() throws -> GradeReport {
        do {
            let started = Date()
            let report = try grade()
            let rendered: String
            switch format {
            case .text: rendered = report.text(color: colorOutput && outputFile == nil)
            case .json: rendered = try report.json()
            case .gradescope: rendered = try report.gradescope(executionSeconds: Date().timeIntervalSince(started))
            case .junit: rendered = report.junit()
            }
            try deliver(rendered)
            return report
        } catch {
            let fault = GradingFault(error)
            if format == .gradescope || outputFile != nil {
                // If even this cannot be written, the exit status and stderr still say why.
                try? deliver(try fault.report(format, submission: SubmissionReader.name(of: submission)))
            }
            throw fault
        }
    }

    /// Brings the bundle up to date with `lessons/`, reads the submission, checks the sandbox and
    /// the compiler, and grades.
    private func grade() throws -> GradeReport {
        if let prepareBundle, let line = try prepareBundle(errorOutput) { progress(line) }
        let read = try SubmissionReader().read(submission)
        var compiler = try SwiftCompiler()
        compiler.limits = (seconds: 120, memoryBytes: 6 << 30)
        var sandbox: Sandbox?
        if !unsandboxed {
            sandbox = try Sandbox()
            try sandbox?.probe()
        }
        var grader = try Grader(
            bundle: workspace.graderBundle, compiler: compiler,
            workDirectory: workspace.buildFolder.appendingPathComponent("grade/\(UUID().uuidString)"),
            sandbox: sandbox)
        grader.progress = progress
        grader.testTimeout = testTimeout
        if let testConcurrency { grader.testConcurrency = testConcurrency }
        grader.runBenchmarks = runBenchmarks
        grader.admitsSubmissions = admitsSubmissions
        grader.benchmarkTrials = benchmarkTrials
        if let secondBuildsSeconds { grader.secondBuildsSeconds = secondBuildsSeconds }
        grader.cacheDirectory = workspace.gradeCache
        grader.engineCacheDirectory = workspace.engineCache
        let report = try grader.grade(read, lessonIDs: lessonIDs)
        if report.lessons.isEmpty {
            let ambiguous = SubmissionMatcher(manifest: grader.manifest, submission: read).ambiguousNames()
            if let first = ambiguous.first {
                throw SubmissionError(
                    message:
                        "\(first.file) is an exercise file of more than one lesson (\(first.lessons.joined(separator: ", "))): hand it in inside its Sources/<Module>/ folder, or grade with --lessons"
                )
            }
            throw SubmissionError(
                message:
                    "the submission contains no exercise file of any lesson (expected files like \(grader.manifest.lessons.first?.editableFiles.first ?? "Sources/Lesson/Exercise.swift"))"
            )
        }
        return report
    }

    /// Writes `text` to `outputFile` (whole or not at all), or hands it to `output`.
    private func deliver(_ text: String) throws {
        guard let outputFile else { return output(text) }
        do {
            try FileManager.default.createDirectory(at: outputFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: outputFile, options: .atomic)
        } catch {
            throw GradingFault(reason: "could not write the report to \(outputFile.path): \(error.localizedDescription)")
        }
    }
}
