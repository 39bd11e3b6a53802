import ArgumentParser
import CourseAuthoring
import CourseGrading
import CourseKit
import CourseToolchain
import Foundation
import GradingCommandLine

@main
struct Course: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course",
        abstract: "Runnable, autograded lessons from Markdown: student exercises, checks and grading.",
        subcommands: [
            Build.self, Serve.self, Generate.self, Check.self, Grade.self, Prebuild.self, GradebookCommand.self, Export.self, New.self,
            AdmitSources.self
        ])
}

/// The options every command shares.
struct RootOption: ParsableArguments {
    @Option(name: .long, help: "The course root, holding lessons/ and exercises/.")
    var root: String = "."

    var workspace: Workspace { Workspace(root: URL(fileURLWithPath: root)) }
}

/// Builds or rebuilds the grader bundle when `lessons/` asks for it, saying so in one line on stderr.
func updateGraderBundle(_ workspace: Workspace) throws {
    if let line = try GraderBundleUpdater(workspace: workspace).update(errorOutput: printError).line { printError(line + "\n") }
}

/// Runs an action; every error prints one line (`ErrorDescription`) and exits 1 instead of a
/// stack trace. Exit statuses ArgumentParser or the action chose pass through.
func runReporting(_ body: () throws -> Bool) throws {
    if try !reportingErrors(body) { throw ExitCode.failure }
}

/// `body`'s value; an error prints its one line and exits 1 (an `ExitCode` passes through).
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("error: \(ErrorDescription.line(error))\n")
        throw ExitCode.failure
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the student site: an index with exercises.zip and one HTML page per lesson, without hidden tests or solutions.")

    @OptionGroup var options: RootOption
    @Option(name: .shortAndLong, help: "Where to write the site (default: .build/site, or .build/site-instructor).")
    var output: String?
    @Flag(
        help:
            "Build the instructor's edition (reference solutions, hidden tests and benchmark workloads shown; a banner and noindex on every page); warns when written to the student site's folder."
    )
    var instructor = false

    func run() throws {
        try runReporting {
            var action = BuildAction(
                workspace: options.workspace, output: output.map { URL(fileURLWithPath: $0) },
                report: printOut, errorOutput: printError)
            action.instructorEdition = instructor
            try action.perform()
            return true
        }
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the site on 127.0.0.1, rebuild it when a lesson changes and reload open pages; a failed build shows its diagnostics on the page. Ctrl-C stops.")

    @OptionGroup var options: RootOption
    @Option(help: "The port to listen on (0: any free port).")
    var port: UInt16 = 3000
    @Flag(help: "Serve the instructor's edition (solutions, hidden tests), built into .build/site-instructor.")
    var instructor = false

    func run() throws {
        try runReporting {
            var action = ServeAction(workspace: options.workspace, report: printOut, errorOutput: printError)
            action.port = port
            action.instructorEdition = instructor
            try action.perform()
            return true
        }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write exercises/ (the student package), the grader bundle and README.md's generated section from the lessons.")

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
        commandName: "check",
        abstract: "Check every lesson: solutions pass all tests, stubs compile and fail, nothing hidden leaks.")

    @OptionGroup var options: RootOption
    // `--lessons a,b` as `course grade` spells it, or `--lesson a` repeated.
    @Option(
        name: [.customLong("lessons"), .customLong("lesson")],
        help: "Check only these lesson ids (comma-separated, or the option repeated).",
        transform: { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } })
    var lessonLists: [[String]] = []
    var lessons: [String] { lessonLists.flatMap { $0 } }
    @Flag(help: "Check every lesson again, also those unchanged since they last passed.")
    var recheck = false
    @Flag(help: "Mutation analysis instead: how many small changes of each reference solution the tests catch.")
    var mutants = false
    @Option(help: "With --mutants: report as text or json.")
    var format: MutationAction.Format = .text

    func run() throws {
        try runReporting {
            if mutants {
                return try MutationAction(
                    workspace: options.workspace, lessonIDs: lessons, format: format,
                    output: printOut, errorOutput: printError
                ).perform()
            }
            var action = CheckAction(workspace: options.workspace, lessonIDs: lessons, output: printOut, errorOutput: printError)
            action.recheck = recheck
            return try action.perform()
        }
    }
}

struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade a submission (folder, .zip or .tar.gz) against the hidden tests, each test sandboxed.",
        discussion: "Exit status: 0 graded, 2 could not grade (unreadable submission, no bundle, no sandbox, no compiler; with --batch: any submission), 64 bad arguments.")

    @OptionGroup var options: RootOption
    @OptionGroup var grading: SubmissionOptions
    @Flag(help: "SUBMISSION is a folder of submissions (one folder or archive per student); results go to the gradebook.")
    var batch = false
    @Option(help: "With --batch: workers, each grading one submission on one core (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "With --batch: a CSV with 'submission' and 'student' columns naming each submission's student.")
    var roster: String?
    @Flag(help: "With --batch: grade again submissions whose content was graded before.")
    var regrade = false
    @Option(help: "With --batch: the gradebook (default: .build/course/gradebook.sqlite).")
    var gradebook: String?
    @Option(help: "With --batch: write each student's feedback page (STUDENT.html) into this folder.")
    var feedback: String?
    @Option(help: "With --batch: grade only shard i of n (i/n, 1-based), a deterministic subset; merge gradebooks after.")
    var shard: Shard?
    @Option(help: "Time each benchmark this many times and report how often it passes (for choosing thresholds).")
    var benchmarkTrials: Int = 1

    func validate() throws {
        if batch && grading.output != nil { throw ValidationError("--output is for one submission; a batch writes to the gradebook (and --feedback)") }
    }

    func run() throws {
        if batch { return try runBatch() }
        var action = GradeAction(workspace: options.workspace, submission: URL(fileURLWithPath: grading.submission), output: printOut)
        grading.configure(&action)
        action.benchmarkTrials = max(1, benchmarkTrials)
        try SubmissionOptions.perform(action)
    }
}

extension Grade {
    func runBatch() throws {
        let workspace = options.workspace
        // A bad roster is the instructor's input, not a grading fault: exit 1 before anything is graded.
        let students = try reportingErrors { try roster.map { try BatchGrader.readRoster(URL(fileURLWithPath: $0)) } }
        do {
            try updateGraderBundle(workspace)
            let book = try Gradebook(path: gradebook ?? workspace.gradebookPath.path)
            var batchGrader = BatchGrader(workspace: workspace, gradebook: book)
            batchGrader.jobs = max(1, jobs)
            batchGrader.regrade = regrade
            batchGrader.runBenchmarks = !grading.noBenchmarks
            batchGrader.lessonIDs = grading.lessonIDs
            batchGrader.feedbackFolder = feedback.map { URL(fileURLWithPath: $0) }
            if let shard { batchGrader.shard = (shard.index, shard.count) }
            if let students { batchGrader.roster = students }
            let terminal = isatty(STDERR_FILENO) == 1
            batchGrader.progress = { step in
                if terminal { printError("\r" + step.bar + (step.done == step.total ? "\n" : "")) } else { printError(step.line + "\n") }
            }
            let summary = try batchGrader.run(URL(fileURLWithPath: grading.submission))
            printOut(
                SafeText.visible(
                    "graded \(summary.graded), skipped \(summary.skipped) already graded, could not grade \(summary.failed.count)"
                        + (summary.failed.isEmpty ? "" : ": " + summary.failed.joined(separator: ", "))) + "\n")
            for row in summary.rosterWithoutSubmission {
                printError(SafeText.visible("warning: the roster's submission '\(row.submission)' (student '\(row.student)') is not in the folder") + "\n")
            }
            // A fault is not a zero: each one is named with its reason, and the exit status says the batch is incomplete.
            for student in summary.failed {
                printError(SafeText.visible("could not grade \(student): \(summary.faults[student] ?? "unknown reason")") + "\n")
            }
            if !summary.failed.isEmpty { throw ExitCode(GradingFault.exitStatus) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("could not grade: \(SafeText.visible(GradingFault(error).reason))\n")
            throw ExitCode(GradingFault.exitStatus)
        }
    }
}

struct GradebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradebook", abstract: "Read the gradebook that `course grade --batch` writes.",
        subcommands: [Export.self, Show.self, Stats.self, Merge.self])

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "How the class did: exercises, the hidden tests students fail most, benchmark ratios.")
        enum Format: String, CaseIterable, ExpressibleByArgument { case text, csv }
        @OptionGroup var options: RootOption
        @Option(help: "The gradebook (default: .build/course/gradebook.sqlite).") var gradebook: String?
        @Option(help: "text (a report to read) or csv (one row per graded item).") var format: Format = .text
        @Option(name: .shortAndLong, help: "Write it here instead of standard output.") var output: String?

        func run() throws {
            try runReporting {
                let statistics = try Gradebook(existing: gradebook ?? options.workspace.gradebookPath.path).statistics()
                let text = format == .csv ? statistics.csv() : statistics.text()
                if let output { try text.write(toFile: output, atomically: true, encoding: .utf8) } else { printOut(text) }
                return true
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "One CSV row per student: latest submission, per lesson and exercise, total.")
        @OptionGroup var options: RootOption
        @Option(help: "The gradebook (default: .build/course/gradebook.sqlite).") var gradebook: String?
        @Option(name: .shortAndLong, help: "Write the CSV here instead of standard output.") var output: String?

        func run() throws {
            try runReporting {
                // An existing gradebook only: a mistyped path printed an empty class and made a file.
                let csv = try Gradebook(existing: gradebook ?? options.workspace.gradebookPath.path).exportCSV()
                if let output { try csv.write(toFile: output, atomically: true, encoding: .utf8) } else { printOut(csv) }
                return true
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "merge", abstract: "Merge shards' gradebooks into this one (idempotent).")
        @OptionGroup var options: RootOption
        @Option(help: "The gradebook to merge into (default: .build/course/gradebook.sqlite).") var gradebook: String?
        @Argument(help: "The shards' gradebooks.") var shards: [String]

        func run() throws {
            try runReporting {
                // Every shard read and checked first, against the course's grader bundle: a refused
                // one leaves no new gradebook behind.
                for path in shards where !FileManager.default.fileExists(atPath: path) {
                    throw CourseError.toolFailed("\(path): no such gradebook")  // a typo first, before the course is read
                }
                try updateGraderBundle(options.workspace)
                let manifest = try GraderBundleManifest.read(bundle: options.workspace.graderBundle)
                let read = try shards.map { try Gradebook.Shard.read($0, gradedBy: manifest) }
                let added = try Gradebook(path: gradebook ?? options.workspace.gradebookPath.path).merge(read)
                printOut("merged \(added) submission\(added == 1 ? "" : "s")\n")
                return true
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A student's latest result, test by test.")
        @OptionGroup var options: RootOption
        @Option(help: "The gradebook (default: .build/course/gradebook.sqlite).") var gradebook: String?
        @Argument(help: "The student id.") var student: String

        func run() throws {
            try runReporting {
                guard let text = try Gradebook(existing: gradebook ?? options.workspace.gradebookPath.path).summary(student: student) else {
                    throw CourseError.toolFailed("no graded submission of '\(student)' in the gradebook")
                }
                printOut(text)
                return true
            }
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Package the course for other graders.", subcommands: [Gradescope.self])

    struct Gradescope: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gradescope",
            abstract: "Write autograder.zip for Gradescope: setup.sh, run_autograder, this tool and the grader bundle.")
        @OptionGroup var options: RootOption
        @Option(name: .shortAndLong, help: "Where to write the zip (default: .build/course/autograder.zip).") var output: String?
        @Option(
            name: .customLong("lessons"),
            help: "The assignment's lessons (comma-separated ids, or the option repeated); every submission is graded on exactly these. Default: every lesson.")
        var lessons: [String] = []

        func run() throws {
            try runReporting {
                let workspace = options.workspace
                try updateGraderBundle(workspace)
                let target = output.map { URL(fileURLWithPath: $0) } ?? workspace.buildFolder.appendingPathComponent("autograder.zip")
                // Ship the grading-only binary built beside this one, from the same sources as the
                // code that built the bundle it grades with.
                let me = Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe")
                let executable = me.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("course-grader")
                guard FileManager.default.isExecutableFile(atPath: executable.path) else {
                    throw CourseError.toolFailed(
                        "no course-grader beside \(me.path): build it with `swift build -c release --product course-grader`")
                }
                let zip = try GradescopeExportAction(
                    workspace: workspace, output: target, executable: executable,
                    lessons: lessons.flatMap { $0.split(separator: ",").map(String.init) }
                ).perform()
                printOut("wrote \(zip.path)\n")
                return true
            }
        }
    }
}

struct Prebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prebuild",
        abstract: "Build what grading needs that no submission changes, so the first grading is as fast as the rest.",
        discussion:
            "The support library in release mode and, per lesson, the hidden tests and the reference side of the benchmarks, cached in .build/course/grade-cache. Gradescope's setup.sh runs it."
    )

    @OptionGroup var options: RootOption

    func run() throws {
        try runReporting {
            try updateGraderBundle(options.workspace)
            let lessons = try prebuildGrading(options.workspace)
            printOut("prebuilt grading for \(lessons) lesson\(lessons == 1 ? "" : "s")\n")
            return true
        }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
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

extension MutationAction.Format: ExpressibleByArgument {}

/// `--shard i/n`: the i-th of n deterministic subsets of a batch, checked when the options are parsed.
struct Shard: ExpressibleByArgument {
    let index: Int
    let count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 1, (1...count).contains(index) else { return nil }
        (self.index, self.count) = (index, count)
    }

    static var defaultValueDescription: String { "i/n, with 1 ≤ i ≤ n, like 2/4" }
}
