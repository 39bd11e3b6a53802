import ArgumentParser
import CourseKit
import Foundation

@main
struct Course: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course",
        abstract: "Runnable, autograded lessons from Markdown: student exercises, checks and grading.",
        subcommands: [Build.self, Generate.self, Check.self, Grade.self, New.self])
}

/// The options every command shares.
struct RootOption: ParsableArguments {
    @Option(name: .long, help: "The course root, holding lessons/ and exercises/.")
    var root: String = "."

    var workspace: Workspace { Workspace(root: URL(fileURLWithPath: root)) }
}

func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// Runs an action; domain errors print their message and exit 1 instead of a stack trace.
func runReporting(_ body: () throws -> Bool) throws {
    do {
        if try !body() { throw ExitCode.failure }
    } catch let error as CourseError {
        printError("error: \(error.localizedDescription)\n")
        throw ExitCode.failure
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the student site: an index and one HTML page per lesson, without hidden tests or solutions.")

    @OptionGroup var options: RootOption
    @Option(name: .shortAndLong, help: "Where to write the site (default: .build/site, or .build/site-instructor).")
    var output: String?
    @Flag(help: "Build the instructor's edition: reference solutions, hidden tests and benchmark thresholds shown.")
    var instructor = false

    func run() throws {
        try runReporting {
            var action = BuildAction(workspace: options.workspace, output: output.map { URL(fileURLWithPath: $0) },
                                     report: printOut, errorOutput: printError)
            action.instructorEdition = instructor
            try action.perform()
            return true
        }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write exercises/ (the student package) and the grader bundle from the lessons.")

    @OptionGroup var options: RootOption
    @Flag(help: "Write nothing; exit 1 when exercises/ is out of date with the lessons.")
    var check = false

    func run() throws {
        try runReporting {
            try GenerateAction(workspace: options.workspace, checkOnly: check, output: printOut, errorOutput: printError).perform()
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every lesson: solutions pass all tests, stubs compile and fail, nothing hidden leaks.")

    @OptionGroup var options: RootOption
    @Option(name: .customLong("lesson"), help: "Check only this lesson id (repeatable).")
    var lessons: [String] = []

    func run() throws {
        try runReporting {
            try CheckAction(workspace: options.workspace, lessonIDs: lessons, output: printOut, errorOutput: printError).perform()
        }
    }
}

struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grade a submission (folder, .zip or .tar.gz) against the hidden tests, each test sandboxed.",
        discussion: "Exit status: 0 graded, 2 could not grade (unreadable submission, no bundle).")

    @OptionGroup var options: RootOption
    @Argument(help: "The submission: a folder shaped like exercises/, a .zip or a .tar.gz.")
    var submission: String
    @Option(name: .customLong("lessons"), help: "Grade only these lesson ids (comma-separated, or the option repeated).")
    var lessons: [String] = []
    @Option(help: "Report format: text, json, gradescope (results.json) or junit.")
    var format: String = "text"
    @Flag(help: "Run tests without the bubblewrap sandbox (trusted code only).")
    var noSandbox = false
    @Flag(help: "Skip the benchmarks (they need release builds of student and reference code).")
    var noBenchmarks = false
    @Option(help: "Time each benchmark this many times and report how often it passes (for choosing thresholds).")
    var benchmarkTrials: Int = 1

    func validate() throws {
        guard GradeAction.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be one of: \(GradeAction.Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        var action = GradeAction(workspace: options.workspace, submission: URL(fileURLWithPath: submission), output: printOut)
        action.lessonIDs = lessons.flatMap { $0.split(separator: ",").map(String.init) }
        action.format = GradeAction.Format(rawValue: format)!
        action.unsandboxed = noSandbox
        action.runBenchmarks = !noBenchmarks
        action.benchmarkTrials = max(1, benchmarkTrials)
        action.colorOutput = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        action.progress = { printError($0 + "\n") }
        do {
            try action.perform()
        } catch let error as SubmissionError {
            printError("could not grade: \(error.message)\n")
            throw ExitCode(2)
        } catch let error as CourseError {
            printError("could not grade: \(error.localizedDescription)\n")
            throw ExitCode(2)
        } catch {
            printError("could not grade: \(error.localizedDescription)\n")
            throw ExitCode(2)
        }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scaffold course content.", subcommands: [NewLesson.self])

    struct NewLesson: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lesson", abstract: "Create lessons/NN-title.md that passes `course check` as it is.")

        @OptionGroup var options: RootOption
        @Argument(help: "The lesson's title.")
        var title: String

        func run() throws {
            try runReporting {
                let path = try NewLessonAction(workspace: options.workspace, title: title).perform()
                printOut("created \(path)\n")
                return true
            }
        }
    }
}
