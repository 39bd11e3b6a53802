import CourseToolchain
import Foundation

/// A slip is charged once. Exercises of a lesson build on each other (lesson 7's pruning rounds
/// call its masked training), so one wrong exercise used to fail the tests of every exercise that
/// calls it: a slip in masked training cost 4.5 more points in two other exercises. When tests of
/// two or more exercises fail, each failing exercise the student wrote is graded once more with
/// the reference's code for the *other* failing exercises; a test that passes there passes, and
/// says so. The other exercises' tests still count as they failed. A file that does not compile
/// is a slip of its exercise too: the lesson is graded with it as its stub.
///
/// The second build runs the same pipeline as the first (admission of source and object, the
/// sandbox), and only the status of its tests is kept: its compiler output and messages, which
/// may quote the reference, are never shown. The reference's code is inside that test process,
/// as the hidden tests themselves are; what leaves it is one passed-or-not per test.
extension Grader {
    /// An exercise graded again with the reference's code for `replaced`.
    struct RegradedExercise {
        var replaced: [String]
        /// The benchmark runner of that build: the exercise's benchmark is timed with it.
        var benchmarkRunner: URL?
    }

    /// `tested` with the tests of each failing exercise graded again, the other failing exercises'
    /// files replaced by the reference's; nothing changes when fewer than two exercises fail.
    func chargingSlipsOnce(
        _ tested: TestedLesson, _ lesson: GraderBundleManifest.LessonEntry, files: [String: String],
        engine: (name: String, folder: URL)?, harness: (name: String, folder: URL), artifacts: LessonArtifacts
    ) throws -> TestedLesson {
        guard tested.testsRan else { return tested }
        let failing = tested.grade.exercises.filter { exercise in exercise.items.contains { $0.kind == .test && $0.status != .passed } }.map(\.id)
        guard failing.count >= 2 else { return tested }
        var passedAgain: [String: (tests: Set<String>, runner: URL?)] = [:]
        for id in failing where wroteOwnCode(for: id, of: lesson, files: files) {
            var regradeFiles = files
            for other in failing where other != id {
                guard let file = lesson.exercises.first(where: { $0.id == other })?.file else { continue }
                regradeFiles[file] = try referenceText(of: file, in: lesson)
            }
            // A build that fails (a helper the student kept in a replaced file) changes nothing.
            guard
                let again = try? gradeTests(
                    lesson, files: regradeFiles, engine: engine, harness: harness, artifacts: artifacts, workFolder: "\(lesson.id)-regrade-\(id)"),
                again.testsRan,
                let exercise = again.grade.exercises.first(where: { $0.id == id })
            else { continue }
            let passed = Set(exercise.items.filter { $0.kind == .test && $0.status == .passed }.map(\.name))
            if !passed.isEmpty { passedAgain[id] = (passed, again.benchmarkRunner) }
        }
        // The message names the exercises that still fail: one whose own tests passed in its
        // second build was only another slip's victim.
        let stillFailing = failing.filter { id in
            guard let again = passedAgain[id], let exercise = tested.grade.exercises.first(where: { $0.id == id }) else { return true }
            return exercise.items.contains { $0.kind == .test && $0.status != .passed && !again.tests.contains($0.name) }
        }
        var result = tested
        for (id, again) in passedAgain {
            guard let e = result.grade.exercises.firstIndex(where: { $0.id == id }) else { continue }
            let others = failing.filter { $0 != id }
            let named = others.filter(stillFailing.contains)
            let replaced = named.isEmpty ? others : named
            for i in result.grade.exercises[e].items.indices {
                var item = result.grade.exercises[e].items[i]
                guard item.kind == .test, item.status != .passed, again.tests.contains(item.name) else { continue }
                item.status = .passed
                item.score = item.maxScore
                item.messages = [Self.passedWithReference(replaced)]
                result.grade.exercises[e].items[i] = item
            }
            result.regraded[id] = RegradedExercise(replaced: replaced, benchmarkRunner: again.runner)
        }
        return result
    }

    /// When the lesson did not compile and every error is in exercise files of the student's, the
    /// lesson graded with those files as their stubs (the stubs are the student's own starting
    /// point, so nothing is revealed), and the files it was graded with; `nil` otherwise. The
    /// compiler's messages stay in the report, and the exercises of those files earn nothing.
    func gradingFilesThatDoNotCompileAsStubs(
        _ tested: TestedLesson, _ lesson: GraderBundleManifest.LessonEntry, files: [String: String],
        engine: (name: String, folder: URL)?, harness: (name: String, folder: URL), artifacts: LessonArtifacts
    ) throws -> (TestedLesson, files: [String: String])? {
        guard tested.compileFailed, let errors = tested.grade.compileErrors,
            let broken = Self.filesWithErrors(errors, editable: Set(lesson.editableFiles)), !broken.isEmpty,
            broken.count < lesson.editableFiles.filter({ files[$0] != nil }).count
        else { return nil }
        let stubbed = files.filter { !broken.contains($0.key) }
        guard
            let again = try? gradeTests(lesson, files: stubbed, engine: engine, harness: harness, artifacts: artifacts, workFolder: "\(lesson.id)-stubbed"),
            again.testsRan
        else { return nil }
        var result = again
        result.grade.compileErrors = errors
        result.grade.missingFiles = tested.grade.missingFiles
        for e in result.grade.exercises.indices {
            guard let file = lesson.exercises.first(where: { $0.id == result.grade.exercises[e].id })?.file, broken.contains(file) else { continue }
            for i in result.grade.exercises[e].items.indices where result.grade.exercises[e].items[i].kind == .test {
                result.grade.exercises[e].items[i].status = .notCompiled
                result.grade.exercises[e].items[i].score = 0
                result.grade.exercises[e].items[i].messages = [Self.gradedAsStub(file)]
            }
        }
        return (result, stubbed)
    }

    /// What each test of an exercise whose file did not compile says.
    static func gradedAsStub(_ file: String) -> String {
        "exercises/\(file) does not compile (the errors above), so this exercise was graded as its stub and the lesson's other exercises without it"
    }

    /// The exercise files (`Sources/Module/File.swift`) the compiler's errors are in, or `nil`
    /// when some error is elsewhere (or names no file): then no file alone is to blame.
    static func filesWithErrors(_ output: String, editable: Set<String>) -> Set<String>? {
        var files: Set<String> = []
        for line in output.split(separator: "\n") where line.contains(": error: ") || line.hasPrefix("error: ") {
            guard line.hasPrefix("exercises/"), let colon = line.firstIndex(of: ":") else { return nil }
            let file = String(line[line.index(line.startIndex, offsetBy: "exercises/".count)..<colon])
            guard editable.contains(file) else { return nil }
            files.insert(file)
        }
        return files
    }

    /// What a test that passed only in the second build says.
    static func passedWithReference(_ replaced: [String]) -> String {
        "passed with the reference's code in place of yours for "
            + (replaced.count == 1 ? "`\(replaced[0])`, which fails its own tests" : "the exercises that fail their own tests (\(names(replaced)))")
            + ": a slip is charged once"
    }

    /// "`a`, `b`".
    static func names(_ exercises: [String]) -> String { exercises.map { "`\($0)`" }.joined(separator: ", ") }

    /// Whether the submission holds the student's own code for the exercise: a file left out, or
    /// the stub handed in as it was, cannot pass by the others' references (the course's check
    /// makes sure no stub passes its tests given the other exercises solved).
    private func wroteOwnCode(for id: String, of lesson: GraderBundleManifest.LessonEntry, files: [String: String]) -> Bool {
        guard let file = lesson.exercises.first(where: { $0.id == id })?.file, let text = files[file] else { return false }
        let stub = bundle.appendingPathComponent("lessons/\(lesson.id)/stub/\(URL(fileURLWithPath: file).lastPathComponent)")
        guard let stubText = try? String(contentsOf: stub, encoding: .utf8) else { return true }
        return text.trimmingCharacters(in: .whitespacesAndNewlines) != stubText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The reference's file for an exercise file, from the bundle, without its `#sourceLocation`
    /// lines (which admission refuses in a submission's files, and which point at the lesson).
    private func referenceText(of file: String, in lesson: GraderBundleManifest.LessonEntry) throws -> String {
        let url = bundle.appendingPathComponent("lessons/\(lesson.id)/reference/\(URL(fileURLWithPath: file).lastPathComponent)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.filter { !$0.drop { $0 == " " || $0 == "\t" }.hasPrefix("#sourceLocation") }.joined(separator: "\n")
    }
}
