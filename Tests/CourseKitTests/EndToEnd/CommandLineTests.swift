@testable import CourseAuthoring
@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// Runs the built `course` executable the way instructors do, on the real lessons and on fixtures.
final class CommandLineTests: XCTestCase {
    let root = TestSupport.repositoryRoot

    func testRealExercisesAreUpToDate() throws {
        let outcome = try TestSupport.runCourse(["generate", "--check"], in: root)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.output.contains("exercises/ is up to date"), outcome.output)
    }

    func testRealLessonsPassCourseCheck() throws {
        // Check in a copy, so the test's build products stay out of the repository.
        let copy = try TestSupport.temporaryFolder(self)
        for folder in ["lessons", "exercises", "Sources/ResidualEngine", Course.handinFolder] {
            try FileManager.default.createDirectory(
                at: copy.appendingPathComponent(folder).deletingLastPathComponent(),
                withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: root.appendingPathComponent(folder), to: copy.appendingPathComponent(folder))
        }
        let outcome = try TestSupport.runCourse(["check"], in: copy)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.output.contains("leaks: none in exercises/"), outcome.output)
        XCTAssertFalse(outcome.output.contains("FAIL"), outcome.output)
    }

    func testBadOptionValuesAreRefusedWhenParsed() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let format = try TestSupport.runCourse(["grade", folder.path, "--format", "xml"], in: folder)
        XCTAssertEqual(format.status, 64, format.output)
        XCTAssertTrue(format.output.contains("one of 'text', 'json', 'gradescope' or 'junit'"), format.output)
        for bad in ["3/2", "0/4", "2", "a/b", "1/0"] {
            let shard = try TestSupport.runCourse(["grade", folder.path, "--batch", "--shard", bad], in: folder)
            XCTAssertEqual(shard.status, 64, "\(bad): \(shard.output)")
            XCTAssertTrue(shard.output.contains("--shard"), shard.output)
        }
    }

    func testEngineBenchPrintsItsUsageAndRefusesUnknownArguments() throws {
        let bench = TestSupport.courseExecutable.deletingLastPathComponent().appendingPathComponent("engine-bench").path
        let help = try ProcessRunner.run(bench, ["--help"], timeout: 60)
        XCTAssertEqual(help.status, 0, help.output)
        XCTAssertTrue(help.output.hasPrefix("usage: engine-bench [--threads N]"), help.output)
        for bad in [["--fast"], ["--threads", "0"], ["--repetitions"], ["--only", "forward_w128"]] {
            let refused = try ProcessRunner.run(bench, bad, timeout: 60)
            XCTAssertEqual(refused.status, 64, "\(bad): \(refused.output)")
            XCTAssertTrue(refused.output.hasPrefix("engine-bench: "), "\(bad): \(refused.output)")
            XCTAssertTrue(refused.output.contains("usage: engine-bench"), "\(bad): \(refused.output)")
        }
    }

    func testErrorsFromOtherLayersAreOneLineAndExitOne() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let missing = folder.appendingPathComponent("shard-1.sqllite").path
        let merge = try TestSupport.runCourse(
            ["gradebook", "merge", "--gradebook", folder.appendingPathComponent("book.sqlite").path, missing],
            in: folder)
        XCTAssertEqual(merge.status, 1, merge.output)
        XCTAssertEqual(merge.output, "error: \(missing): no such gradebook\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
        let roster = folder.appendingPathComponent("roster.csv")
        try "who,what\n".write(to: roster, atomically: true, encoding: .utf8)
        let batch = try TestSupport.runCourse(["grade", folder.path, "--batch", "--roster", roster.path], in: root)
        XCTAssertEqual(
            batch.output.split(separator: "\n").last.map(String.init),
            "error: roster.csv:1: the roster needs a header with 'submission' and 'student' columns", batch.output)
    }

    func testMalformedLessonsExitNonZeroWithEveryLocation() throws {
        let copy = try TestSupport.course([:], test: self)
        let fixtures = TestSupport.fixtures.appendingPathComponent("malformed")
        for name in ["block-attributes.md", "solution-markers.md"] {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent(name),
                to: copy.appendingPathComponent("lessons/\(name)"))
        }
        for command in [["generate"], ["check"], ["generate", "--check"]] {
            let outcome = try TestSupport.runCourse(command, in: copy)
            XCTAssertEqual(outcome.status, 1, "\(command): \(outcome.output)")
            XCTAssertTrue(outcome.output.contains("lessons/block-attributes.md:9:10: error: unknown block role 'exersice'"), outcome.output)
            XCTAssertTrue(outcome.output.contains("lessons/solution-markers.md:11:5: error: solution region is never closed"), outcome.output)
            XCTAssertTrue(outcome.output.contains("lessons/solution-markers.md:4:1: error: order '1' is also used by lessons/block-attributes.md"), outcome.output)
            XCTAssertTrue(outcome.output.contains("13 errors"), outcome.output)
            XCTAssertFalse(outcome.output.contains("Fatal error"), outcome.output)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy.appendingPathComponent("exercises").path), "nothing is written on errors")
    }

    func testNewLessonPassesCheckOnceItsObjectiveIsWritten() throws {
        let copy = try TestSupport.course([:], test: self)
        let created = try TestSupport.runCourse(["new", "lesson", "Skip connections: a first look"], in: copy)
        XCTAssertEqual(created.status, 0, created.output)
        XCTAssertTrue(created.output.contains("created lessons/01-skip-connections-a-first-look.md"))
        let second = try TestSupport.runCourse(["new", "lesson", "Second"], in: copy)
        XCTAssertTrue(second.output.contains("created lessons/02-second.md"), second.output)
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: copy).status, 0)
        // The only thing check asks of a new lesson is its real objective.
        let unwritten = try TestSupport.runCourse(["check"], in: copy)
        XCTAssertEqual(unwritten.status, 1, unwritten.output)
        XCTAssertTrue(unwritten.output.contains("lessons/02-second.md:6:5: error: this objective is the placeholder of 'course new lesson'"), unwritten.output)
        for name in ["01-skip-connections-a-first-look.md", "02-second.md"] {
            let file = copy.appendingPathComponent("lessons/\(name)")
            try String(contentsOf: file, encoding: .utf8)
                .replacingOccurrences(of: ScaffoldPlaceholderCheck.placeholderObjective, with: "Write one residual step.")
                .write(to: file, atomically: true, encoding: .utf8)
        }
        let check = try TestSupport.runCourse(["check"], in: copy)
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(check.output.contains("course check: 2 lessons OK"), check.output)
        let duplicate = try TestSupport.runCourse(["new", "lesson", "Second"], in: copy)
        XCTAssertEqual(duplicate.status, 1)
        XCTAssertTrue(duplicate.output.contains("a lesson with id 'second' exists already"), duplicate.output)
    }

    func testStaleExercisesAreDetected() throws {
        let copy = try TestSupport.course(["01-a.md": NewLessonAction.template(id: "a", title: "A", order: 1)], test: self)
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: copy).status, 0)
        XCTAssertEqual(try TestSupport.runCourse(["generate", "--check"], in: copy).status, 0)
        let lesson = copy.appendingPathComponent("lessons/01-a.md")
        let text = try String(contentsOf: lesson, encoding: .utf8)
        try text.replacingOccurrences(of: "Returns x + f(x)", with: "Computes x + f(x)").write(to: lesson, atomically: true, encoding: .utf8)
        try "stray".write(to: copy.appendingPathComponent("exercises/Extra.swift"), atomically: true, encoding: .utf8)
        let stale = try TestSupport.runCourse(["generate", "--check"], in: copy)
        XCTAssertEqual(stale.status, 1)
        XCTAssertTrue(stale.output.contains("changed: Sources/A/ResidualStep.swift"), stale.output)
        XCTAssertTrue(stale.output.contains("extra: Extra.swift"), stale.output)
    }

    func testGraderBundleStaysOutOfExercises() throws {
        let copy = try TestSupport.course(["01-a.md": NewLessonAction.template(id: "a", title: "A", order: 1)], test: self)
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: copy).status, 0)
        let bundle = copy.appendingPathComponent(".build/course/grader")
        let manifest = try JSONDecoder().decode(
            GraderBundleManifest.self,
            from: Data(contentsOf: bundle.appendingPathComponent("manifest.json")))
        XCTAssertEqual(manifest.lessons.map(\.editableFiles), [["Sources/A/ResidualStep.swift"]])
        XCTAssertEqual(manifest.lessons[0].exercises[0].items.map(\.name), ["ResidualStepHiddenTests/testAddsTheBranch"])
        // The witness form (run with the reference only) points at the lesson; the blind form,
        // compiled with students' code, holds no lesson path.
        let witness = try String(contentsOf: bundle.appendingPathComponent("lessons/a/tests/WitnessTests.swift"), encoding: .utf8)
        XCTAssertTrue(witness.contains("#sourceLocation(file: \"lessons/01-a.md\""))
        let hidden = try String(contentsOf: bundle.appendingPathComponent("lessons/a/tests/HiddenTests.swift"), encoding: .utf8)
        XCTAssertFalse(hidden.contains("lessons/"), hidden)
        let exercises = FileTree.listFiles(in: copy.appendingPathComponent("exercises"))
        XCTAssertFalse(exercises.contains { $0.contains("Hidden") || $0.contains("reference") }, "\(exercises)")
    }
}
