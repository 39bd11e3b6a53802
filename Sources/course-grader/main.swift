import ArgumentParser
import CourseGrading
import CourseToolchain
import Foundation
import GradingCommandLine

/// The grading half of `course`, for grading machines: it grades against a prebuilt grader
/// bundle and links neither cmark nor any authoring code, so an image that only grades (the one
/// `course export gradescope` describes) needs no Markdown library.
@main
struct CourseGrader: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course-grader",
        abstract: "Grade submissions against a prebuilt grader bundle (made by `course generate` or `course export gradescope`).",
        subcommands: [Grade.self, Prebuild.self, AdmitSources.self])
}

/// The course root: the bundle is read from `.build/course/grader` below it, and caches go there.
struct RootOption: ParsableArguments {
    @Option(name: .long, help: "The course root, holding .build/course/grader.")
    var root: String = "."

    var workspace: Workspace { Workspace(root: URL(fileURLWithPath: root)) }
}

struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade a submission (folder, .zip or .tar.gz) against the hidden tests, each test sandboxed.",
        discussion: "Exit status: 0 graded, 2 could not grade (unreadable submission, no bundle, no sandbox, no compiler), 64 bad arguments.")

    @OptionGroup var options: RootOption
    @OptionGroup var grading: SubmissionOptions

    func run() throws {
        var action = GradeAction(bundleOf: options.workspace, submission: URL(fileURLWithPath: grading.submission), output: printOut)
        grading.configure(&action)
        try SubmissionOptions.perform(action)
    }
}

struct Prebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prebuild",
        abstract: "Build what grading needs that no submission changes, so the first grading is as fast as the rest.")

    @OptionGroup var options: RootOption

    @Flag(help: "First start one sandbox exactly as a test gets it, and fail if that does not work (setup.sh does).")
    var checkSandbox = false

    func run() throws {
        do {
            if checkSandbox { try Sandbox().probe() }
            let lessons = try prebuildGrading(options.workspace)
            printOut("prebuilt grading for \(lessons) lesson\(lessons == 1 ? "" : "s")\n")
        } catch {
            printError("error: \(ErrorDescription.line(error))\n")
            throw ExitCode.failure
        }
    }
}
