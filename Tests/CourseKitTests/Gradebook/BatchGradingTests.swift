@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// A folder of submissions graded into the SQLite gradebook: one failure never stops the batch,
/// reruns skip what is graded, a kill at any point loses nothing and counts nothing twice.
final class BatchGradingTests: XCTestCase {
    private var root: URL!
    private var submissions: URL!

    override func setUpWithError() throws {
        root = try TestSupport.course(["01-graded.md": NewLessonAction.template(id: "graded", title: "Graded", order: 1)], test: self)
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: root).status, 0)
        submissions = root.appendingPathComponent("submissions")
        for (student, body) in [
            ("alice", "return x.map { $0 + f($0) }"), ("bob", "return x"), ("carol", "return x.map { $0 + f($0) }"),
            ("dan", "return x.map { $0 + f($0) } +"), ("erin", "return x.map { $0 + f($0) }")
        ] {
            let file = submissions.appendingPathComponent("\(student)/ResidualStep.swift")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {\n    \(body)\n}\n"
                .write(to: file, atomically: true, encoding: .utf8)
        }
        try Data("not a zip".utf8).write(to: submissions.appendingPathComponent("frank.zip"))
    }

    private func batch(_ extra: [String] = []) throws -> ProcessRunner.Outcome {
        try TestSupport.runCourse(["grade", submissions.path, "--batch", "--jobs", "2"] + extra, in: root)
    }

    private func rows(_ sql: String) throws -> [[String]] {
        let sqlite = try XCTUnwrap(ProcessRunner.which("sqlite3"), "sqlite3 is installed with libsqlite3-dev's tools")
        let out = try ProcessRunner.run(sqlite, [root.appendingPathComponent(".build/course/gradebook.sqlite").path, sql])
        return out.output.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    func testBatchGradesEveryoneAndSkipsWhatIsGraded() throws {
        let first = try batch()
        XCTAssertEqual(first.status, 2, "frank's archive could not be graded: \(first.output)")
        XCTAssertTrue(first.output.contains("graded 5, skipped 0 already graded, could not grade 1: frank"), first.output)
        XCTAssertTrue(first.output.contains("could not grade frank: "), first.output)
        XCTAssertEqual(
            try rows("SELECT student, score FROM submission ORDER BY student"),
            [["alice", "2.0"], ["bob", "0.0"], ["carol", "2.0"], ["dan", "0.0"], ["erin", "2.0"]])
        XCTAssertEqual(try rows("SELECT status FROM result r JOIN submission s ON s.id = r.submission WHERE s.student = 'dan'"), [["not compiled"]])

        let again = try batch()
        XCTAssertTrue(again.output.contains("graded 0, skipped 5 already graded"), again.output)
        let regraded = try batch(["--regrade"])
        XCTAssertTrue(regraded.output.contains("graded 5, skipped 0"), regraded.output)
        XCTAssertEqual(try rows("SELECT COUNT(*) FROM submission"), [["5"]], "a regrade replaces, it does not add")

        // A changed hand-in is a new submission; the export shows each student's latest.
        try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {\n    return x.map { $0 + f($0) }\n}\n"
            .write(to: submissions.appendingPathComponent("bob/ResidualStep.swift"), atomically: true, encoding: .utf8)
        XCTAssertTrue(try batch().output.contains("graded 1, skipped 4"))
        let csv = try TestSupport.runCourse(["gradebook", "export"], in: root).output
        XCTAssertTrue(csv.hasPrefix("student,submitted,total,max,lessons graded,graded,graded/residual-step\n"), csv)
        XCTAssertTrue(csv.contains("\nbob,"), csv)
        XCTAssertEqual(csv.split(separator: "\n").filter { $0.hasPrefix("bob,") }.first?.split(separator: ",").dropFirst(2).first, "2")
        XCTAssertEqual(
            csv.split(separator: "\n").filter { $0.hasPrefix("frank,") }.first?.split(separator: ",").dropFirst(2).first,
            "could not grade", csv)
        let show = try TestSupport.runCourse(["gradebook", "show", "dan"], in: root)
        XCTAssertTrue(show.output.contains("graded › residual-step › ResidualStepHiddenTests/testAddsTheBranch: not compiled"), show.output)

        // Back to the first hand-in, byte for byte: graded again, since the record shows the newest
        // grade and would otherwise keep the one in between (a red team kept a withdrawn solution's
        // full marks by handing in the stub again).
        try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {\n    return x\n}\n"
            .write(to: submissions.appendingPathComponent("bob/ResidualStep.swift"), atomically: true, encoding: .utf8)
        XCTAssertTrue(try batch().output.contains("graded 1, skipped 4"))
        let reverted = try TestSupport.runCourse(["gradebook", "export"], in: root).output
        XCTAssertEqual(reverted.split(separator: "\n").filter { $0.hasPrefix("bob,") }.first?.split(separator: ",").dropFirst(2).first, "0", reverted)
        XCTAssertTrue(try batch().output.contains("graded 0, skipped 5"), "unchanged since its newest grade: skipped")
    }

    /// Unchanged files are skipped only when graded under the same conditions: after an author
    /// fixes a hidden test, or after a run without benchmarks, the next batch grades them again
    /// (it skipped them, and kept the grades of the old tests).
    func testChangedHiddenTestsOrTheBenchmarkOptionGradeAgain() throws {
        XCTAssertTrue(try batch().output.contains("graded 5, skipped 0"))
        XCTAssertTrue(try batch().output.contains("graded 0, skipped 5"))

        // The hidden test now also asks that the input's count is kept for an empty input: bob
        // (`return x`) still fails, the others still pass; what matters is that they are graded.
        let lesson = root.appendingPathComponent("lessons/01-graded.md")
        let text = try String(contentsOf: lesson, encoding: .utf8)
        let stricter = text.replacingOccurrences(
            of: "XCTAssertEqual(residualStep([1, -2], { 2 * $0 }), [3, -6])",
            with: "XCTAssertEqual(residualStep([1, -2], { 2 * $0 }), [3, -6])\n    XCTAssertEqual(residualStep([], { $0 }), [])")
        XCTAssertNotEqual(stricter, text)
        try stricter.write(to: lesson, atomically: true, encoding: .utf8)
        let changed = try batch()
        XCTAssertTrue(changed.output.contains("graded 5, skipped 0"), changed.output)
        XCTAssertTrue(changed.output.contains("alice 2 / 2 (graded again: its lessons' tests or the benchmark option changed since)"), changed.output)
        XCTAssertEqual(try rows("SELECT COUNT(*) FROM submission"), [["5"]], "a grade under new tests replaces the old one")
        XCTAssertEqual(try rows("SELECT COUNT(DISTINCT graded_with) FROM submission"), [["1"]])
        XCTAssertTrue(try batch().output.contains("graded 0, skipped 5"))

        // Graded without benchmarks, then with: the second run is not "already graded".
        XCTAssertTrue(try batch(["--no-benchmarks"]).output.contains("graded 5, skipped 0"))
        XCTAssertTrue(try batch(["--no-benchmarks"]).output.contains("graded 0, skipped 5"))
        XCTAssertTrue(try batch().output.contains("graded 5, skipped 0"))

        // A change to another lesson's tests leaves these grades alone.
        let other = root.appendingPathComponent("lessons/02-other.md")
        try NewLessonAction.template(id: "other", title: "Other", order: 2).write(to: other, atomically: true, encoding: .utf8)
        XCTAssertTrue(try batch(["--lessons", "graded"]).output.contains("graded 0, skipped 5"))
    }

    /// Two entries of one student, or two students with one feedback page, stop the batch before
    /// anything is graded (a red team's stub `alice.zip` took alice's full marks); a student id
    /// that reads like a spreadsheet formula is exported defused.
    func testCollidingEntriesAreRefusedAndFormulaIdsDefused() throws {
        let folder = try TestSupport.temporaryFolder(self)
        for name in ["alice", "alice.zip", "carol x", "carol_x", "=SUM(A1)"] {
            let url = folder.appendingPathComponent(name)
            if name.hasSuffix(".zip") { try Data().write(to: url) } else { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        }
        let grader = BatchGrader(workspace: Workspace(root: root), gradebook: try Gradebook(path: folder.appendingPathComponent("book.sqlite").path))
        XCTAssertThrowsError(try grader.checkOneEntryPerStudent(try BatchGrader.submissions(in: folder))) { error in
            let message = error.localizedDescription
            XCTAssertTrue(message.contains("alice and alice.zip are both student 'alice'"), message)
            XCTAssertTrue(message.contains("students 'carol x' and 'carol_x' would share the feedback page carol_x.html"), message)
        }
        let graded = try batch()
        XCTAssertTrue(graded.output.contains("graded 5"), "the suite's own batch has no collisions: \(graded.output)")
        XCTAssertEqual(Gradebook.csvField("=SUM(A1)"), "'=SUM(A1)")
        XCTAssertEqual(Gradebook.csvField("@cmd,x"), "\"'@cmd,x\"")
        XCTAssertEqual(Gradebook.csvField("alice"), "alice")
        XCTAssertEqual(Gradebook.csvField("12.5"), "12.5")
    }

    /// A roster names submissions as the folder shows them (`frank.zip`) or without the archive's
    /// extension; a row that names nothing in the folder is a warning, not silence.
    func testRosterNamesStudents() throws {
        let roster = root.appendingPathComponent("roster.csv")
        try "submission,student\nalice,s001\nbob,s002\nfrank.zip,s006\ngina,s007\n".write(to: roster, atomically: true, encoding: .utf8)
        let outcome = try batch(["--roster", roster.path])
        XCTAssertEqual(outcome.status, 2, "frank's archive is broken")
        let students = try rows("SELECT student FROM submission ORDER BY student").map { $0[0] }
        XCTAssertEqual(students, ["carol", "dan", "erin", "s001", "s002"])
        XCTAssertTrue(outcome.output.contains("could not grade s006:"), outcome.output)
        XCTAssertTrue(outcome.output.contains("warning: the roster's submission 'gina' (student 's007') is not in the folder"), outcome.output)
    }

    /// SIGKILL in the middle of a batch, then the same command: every student graded exactly once.
    func testKilledBatchLosesNothingAndCountsNothingTwice() throws {
        let process = Process()
        process.executableURL = TestSupport.courseExecutable
        process.arguments = ["grade", submissions.path, "--batch", "--jobs", "1"]
        process.currentDirectoryURL = root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let database = root.appendingPathComponent(".build/course/gradebook.sqlite")
        // The first grading of a new course compiles what no submission changes; beside the suite's
        // other part (a browser, `course check` of the real lessons) that once took past two minutes.
        let deadline = Date().addingTimeInterval(400)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: database.path), let count = try? rows("SELECT COUNT(*) FROM submission").first?.first,
                count == "1" || count == "2"
            {
                break
            }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let partial = Int(try rows("SELECT COUNT(*) FROM submission").first?.first ?? "0") ?? 0
        XCTAssertGreaterThan(partial, 0, "no submission graded in 400 s")
        XCTAssertLessThan(partial, 5, "the batch was killed before the end")
        let rerun = try batch()
        XCTAssertEqual(rerun.status, 2, rerun.output)
        XCTAssertTrue(rerun.output.contains("graded \(5 - partial), skipped \(partial)"), rerun.output)
        XCTAssertEqual(
            try rows("SELECT student, COUNT(*) FROM submission GROUP BY student ORDER BY student").map { $0[1] },
            ["1", "1", "1", "1", "1"])
        XCTAssertEqual(try rows("SELECT COUNT(*) FROM result"), [["5"]], "one result per submission, none twice")
        let csv = try TestSupport.runCourse(["gradebook", "export"], in: root).output
        XCTAssertEqual(
            csv.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) },
            ["alice", "bob", "carol", "dan", "erin", "frank"], "each student once in the CSV: \(csv)")
    }
}

extension BatchGradingTests {
    func testFeedbackPagesShowScoresMessagesAndNoHiddenCode() throws {
        let feedback = root.appendingPathComponent("feedback")
        XCTAssertEqual(try batch(["--feedback", feedback.path]).status, 2, "frank's archive is broken")
        let bob = try String(contentsOf: feedback.appendingPathComponent("bob.html"), encoding: .utf8)
        XCTAssertTrue(bob.contains("<p class=\"total\">0 / 2 points</p>"), bob)
        XCTAssertTrue(bob.contains("<strong>testAddsTheBranch</strong> (failed)"), bob)
        XCTAssertTrue(bob.contains("XCTAssertEqual failed"), bob)
        XCTAssertFalse(bob.contains("residualStep([1, -2], { 2 * $0 })"), "the hidden test's code stays hidden")
        let dan = try String(contentsOf: feedback.appendingPathComponent("dan.html"), encoding: .utf8)
        XCTAssertTrue(dan.contains("Your code does not compile"), dan)
        XCTAssertTrue(dan.contains("dan/ResidualStep.swift") || dan.contains("ResidualStep.swift:"), dan)
    }

    func testBenchmarkChartDrawsRatioAndThreshold() {
        let item = GradeReport.ItemGrade(
            name: "residual-step", kind: .benchmark, status: .failed, score: 0, maxScore: 1,
            messages: ["3.85× the reference's time"],
            benchmark: .init(ratio: 3.85, low: 3.5, high: 4.25, threshold: 2, pairs: 15))
        let untimed = GradeReport.ItemGrade(
            name: "other", kind: .benchmark, status: .failed, score: 0, maxScore: 1,
            messages: ["benchmarks count only once every hidden test of the exercise passes"])
        let chart = FeedbackPageWriter.benchmarkChart([item, untimed])
        XCTAssertTrue(chart.contains("<svg"))
        XCTAssertTrue(chart.contains(">3.85×</text>"))
        XCTAssertTrue(chart.contains(">not timed</text>"))
        XCTAssertEqual(chart.components(separatedBy: "<line").count - 1, 2, "the interval's whisker and the threshold line")
        XCTAssertTrue(chart.contains("fill=\"#c62828\""), "over the threshold is red")
        XCTAssertTrue(chart.contains("stroke-dasharray"), "the threshold line")
    }
}

extension BatchGradingTests {
    /// Shards split the batch deterministically; merging their gradebooks gives the whole class once.
    func testShardsCoverTheBatchOnceAndMerge() throws {
        var books: [String] = []
        var graded: [String] = []
        for i in 1...3 {
            let book = root.appendingPathComponent("shard-\(i).sqlite").path
            books.append(book)
            let outcome = try batch(["--shard", "\(i)/3", "--gradebook", book])
            // frank, the sixth of the sorted list, falls in shard 3; his archive is broken.
            XCTAssertEqual(outcome.status, i == 3 ? 2 : 0, outcome.output)
            let sqlite = try XCTUnwrap(ProcessRunner.which("sqlite3"))
            graded += try ProcessRunner.run(sqlite, [book, "SELECT student FROM submission"]).output.split(separator: "\n").map(String.init)
        }
        XCTAssertEqual(graded.sorted(), ["alice", "bob", "carol", "dan", "erin"], "every graded submission in exactly one shard")
        let merged = try TestSupport.runCourse(["gradebook", "merge"] + books, in: root)
        XCTAssertTrue(merged.output.contains("merged 5 submissions"), merged.output)
        let again = try TestSupport.runCourse(["gradebook", "merge"] + books, in: root)
        XCTAssertTrue(again.output.contains("merged 0 submissions"), again.output)
        XCTAssertEqual(try rows("SELECT COUNT(*) FROM submission"), [["5"]])
        XCTAssertEqual(try rows("SELECT COUNT(*) FROM result"), [["5"]])
        XCTAssertEqual(try rows("SELECT student FROM grading_fault"), [["frank"]], "faults are merged too, once")
        XCTAssertEqual(
            try TestSupport.runCourse(["grade", submissions.path, "--batch", "--shard", "4/3"], in: root).status, 64,
            "a shard past the count is a bad argument, refused before anything is graded")
    }
}

extension BatchGradingTests {
    /// A sandbox that cannot start makes each submission "could not grade" with the reason, in the
    /// gradebook and the export, never a zero; once it works, a rerun grades them all.
    func testFaultsAreRecordedAsCouldNotGradeNotAsZero() throws {
        let broken = try GradingFaultTests.brokenBubblewrap(self).path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let faulted = try ProcessRunner.run(
            TestSupport.courseExecutable.path, ["grade", submissions.path, "--batch", "--jobs", "2"],
            in: root, environment: ["PATH": broken], timeout: 600)
        XCTAssertEqual(faulted.status, 2, faulted.output)
        XCTAssertTrue(faulted.output.contains("graded 0, skipped 0 already graded, could not grade 6"), faulted.output)
        XCTAssertTrue(faulted.output.contains("could not grade alice: bubblewrap could not start a sandbox"), faulted.output)
        XCTAssertEqual(try rows("SELECT COUNT(*) FROM submission"), [["0"]], "nothing was scored")
        XCTAssertEqual(
            try rows("SELECT student FROM grading_fault WHERE reason LIKE 'bubblewrap could not start a sandbox%' ORDER BY student")
                .map { $0[0] }, ["alice", "bob", "carol", "dan", "erin"])
        XCTAssertEqual(try rows("SELECT COUNT(*) FROM grading_fault WHERE student = 'frank' AND content_hash IS NULL"), [["1"]])
        let csv = try TestSupport.runCourse(["gradebook", "export"], in: root).output
        XCTAssertTrue(csv.contains("\nalice,"), csv)
        XCTAssertEqual(
            csv.split(separator: "\n").filter { $0.hasPrefix("alice,") }.first?.split(separator: ",", omittingEmptySubsequences: false)
                .dropFirst(2).first, "could not grade", csv)
        let show = try TestSupport.runCourse(["gradebook", "show", "alice"], in: root)
        XCTAssertTrue(show.output.contains("alice: could not grade"), show.output)

        let fixed = try batch()
        XCTAssertTrue(fixed.output.contains("graded 5, skipped 0"), "a fault is not 'already graded': \(fixed.output)")
        let after = try TestSupport.runCourse(["gradebook", "export"], in: root).output
        XCTAssertEqual(after.split(separator: "\n").filter { $0.hasPrefix("alice,") }.first?.split(separator: ",").dropFirst(2).first, "2", after)
    }
}
