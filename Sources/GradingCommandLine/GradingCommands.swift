import ArgumentParser
import CourseGrading
import CourseToolchain
import Foundation

/// What `course grade` and `course-grader grade` both take: the submission and how to report on
/// it. One definition, so the two command lines cannot drift apart.
public struct SubmissionOptions: ParsableArguments {
    @Argument(help: "The submission: a folder shaped like exercises/, a .zip or a .tar.gz.")
    public var submission: String
    @Option(name: .customLong("lessons"), help: "Grade only these lesson ids (comma-separated, or the option repeated).")
    public var lessons: [String] = []
    @Option(help: "Report format: text, json, gradescope (results.json) or junit.")
    public var format: ReportFormat = .text
    @Option(name: .shortAndLong, help: "Write the report to this file (when grading fails, a report saying why) instead of standard output.")
    public var output: String?
    @Flag(help: "Run tests without the bubblewrap sandbox (trusted code only).")
    public var noSandbox = false
    @Flag(help: "Skip the benchmarks (they need release builds of student and reference code).")
    public var noBenchmarks = false

    public init() {}

    /// `--lessons a,b --lessons c` as [a, b, c].
    public var lessonIDs: [String] { lessons.flatMap { $0.split(separator: ",").map(String.init) } }

    /// `action` set up from these options, with progress and errors on standard error.
    public func configure(_ action: inout GradeAction) {
        action.lessonIDs = lessonIDs
        action.format = format
        action.unsandboxed = noSandbox
        action.runBenchmarks = !noBenchmarks
        action.colorOutput = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        action.progress = { printError(SafeText.visible($0) + "\n") }
        action.errorOutput = printError
        action.outputFile = output.map { URL(fileURLWithPath: $0) }
    }

    /// Runs `action`; whatever stops grading prints "could not grade: …" and exits 2.
    public static func perform(_ action: GradeAction) throws {
        do {
            try action.perform()
        } catch {
            // perform() throws only GradingFault; anything else is a fault all the same.
            printError("could not grade: \(SafeText.visible(GradingFault(error).reason))\n")
            throw ExitCode(GradingFault.exitStatus)
        }
    }
}

/// The grader's own child process: checks a submission's sources by their parse (see
/// `IsolatedSourceAdmission`). Not for people.
public struct AdmitSources: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "admit-sources", shouldDisplay: false)

    @Argument var request: String
    @Argument var output: String

    public init() {}

    public func run() throws {
        try IsolatedSourceAdmission.serve(request: URL(fileURLWithPath: request), output: URL(fileURLWithPath: output))
    }
}

/// Compiles what grading needs that no submission changes; returns the number of lessons.
public func prebuildGrading(_ workspace: Workspace) throws -> Int {
    var grader = try Grader(
        bundle: workspace.graderBundle, compiler: try SwiftCompiler(),
        workDirectory: workspace.buildFolder.appendingPathComponent("grade/prebuild"), sandbox: nil)
    grader.cacheDirectory = workspace.gradeCache
    grader.engineCacheDirectory = workspace.engineCache
    return try grader.prebuild()
}

public func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

public func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

extension ReportFormat: ExpressibleByArgument {}
