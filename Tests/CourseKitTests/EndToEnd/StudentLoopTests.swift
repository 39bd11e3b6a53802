@testable import CourseAuthoring
@testable import CourseGrading
@testable import CourseToolchain
import Foundation
@testable import HandinRules
import XCTest

/// The student's loop on the real course, driven as a student drives it: the generated package
/// in a folder of its own, `swift package progress` and `swift package handin` run with the
/// toolchain alone. One test, so the package builds once (incrementally after that) and the
/// hand-in tool compiles once: each phase builds on the one before.
final class StudentLoopTests: XCTestCase {
    func testProgressAndHandInAgreeWithTheGrader() throws {
        let root = try TestSupport.temporaryFolder(self)
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        let package = root.appendingPathComponent("exercises")
        try ExercisePackageWriter(course: course).tree().write(to: package, removingStale: false)
        let exerciseCount = course.lessons.reduce(0) { $0 + $1.exercises.count }

        // Untouched stubs: every exercise not started, the whole course on one screen.
        let untouched = try swift(["package", "progress"], in: package)
        XCTAssertEqual(untouched.status, 0, untouched.output)
        let untouchedLines = untouched.output.split(separator: "\n")
        XCTAssertLessThanOrEqual(untouchedLines.count, 60, untouched.output)
        XCTAssertEqual(exerciseLines(untouched.output, course).count, exerciseCount, untouched.output)
        for line in exerciseLines(untouched.output, course) {
            XCTAssertTrue(line.contains("not started"), "\(line)\n\(untouched.output)")
        }
        XCTAssertFalse(untouched.output.contains("Backtracing"), untouched.output)

        // The reference solutions pasted in: every visible test passes.
        for lesson in course.lessons {
            for (path, exercise) in zip(ExercisePackageWriter.editableFiles(of: lesson), lesson.exercises) {
                let text = SwiftSourceBuilder.foundationImport(for: exercise.snippet) + exercise.solutionCode
                try text.write(to: package.appendingPathComponent(path), atomically: true, encoding: .utf8)
            }
        }
        let solved = try swift(["package", "progress"], in: package)
        XCTAssertEqual(solved.status, 0, solved.output)
        for line in exerciseLines(solved.output, course) {
            XCTAssertTrue(line.contains("all visible tests pass"), "\(line)\n\(solved.output)")
        }

        // One exercise back to its stub, so the scores compared below are not simply full marks.
        let firstLesson = try XCTUnwrap(course.lessons.first)
        let stubPath = try XCTUnwrap(ExercisePackageWriter.editableFiles(of: firstLesson).first)
        let stubName = URL(fileURLWithPath: stubPath).lastPathComponent
        try XCTUnwrap(SwiftSourceBuilder(lesson: firstLesson).stubModule()[stubName])
            .write(to: package.appendingPathComponent(stubPath), atomically: true, encoding: .utf8)

        // handin.zip holds exactly the editable files and grades as the folder does.
        let handin = try swift(["package", "--allow-writing-to-package-directory", "handin"], in: package)
        XCTAssertEqual(handin.status, 0, handin.output)
        let editable = course.lessons.flatMap(ExercisePackageWriter.editableFiles(of:))
        for path in editable { XCTAssertTrue(handin.output.contains("packed  \(path)"), "\(path)\n\(handin.output)") }
        let archive = package.appendingPathComponent("handin.zip")
        let archived = try SubmissionReader().read(archive).files
        XCTAssertEqual(Set(archived.keys), Set(editable.map { "exercises/" + $0 }))

        let grading = try TestSupport.realCourseCopy(self)
        let lessons = [firstLesson.meta.id]
        let folderReport = try TestSupport.gradeTests(package, root: grading, lessons: lessons)
        let archiveReport = try TestSupport.gradeTests(archive, root: grading, lessons: lessons)
        XCTAssertGreaterThan(folderReport.score, 0, folderReport.text())
        XCTAssertLessThan(folderReport.score, folderReport.maxScore, folderReport.text())
        XCTAssertEqual(archiveReport.score, folderReport.score, archiveReport.text())

        // A refused construct: the hand-in says what the grader says, line for line, and packs nothing.
        try FileManager.default.removeItem(at: archive)
        let refusedFile = package.appendingPathComponent(stubPath)
        let refused =
            try String(contentsOf: refusedFile, encoding: .utf8)
            + "\nimport Dispatch\n\nfunc abs(_ x: Double) -> Double { x < 0 ? -x : x }\n"
        try refused.write(to: refusedFile, atomically: true, encoding: .utf8)
        let refusedHandin = try swift(["package", "--allow-writing-to-package-directory", "handin"], in: package)
        XCTAssertNotEqual(refusedHandin.status, 0, refusedHandin.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: archive.path), "nothing is packed when the grader would refuse")
        let refusedReport = try TestSupport.gradeTests(package, root: grading, lessons: lessons)
        let graderErrors = try XCTUnwrap(refusedReport.lessons.first?.compileErrors, refusedReport.text())
        let graderLines = graderErrors.split(separator: "\n").map(String.init)
        XCTAssertEqual(graderLines.count, 2, graderErrors)
        let localLines = refusedHandin.output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("exercises/") }
        XCTAssertEqual(localLines, graderLines, refusedHandin.output)

        // A call the compiled code may not make (a thread): the source passes, the object does not.
        let threaded =
            try XCTUnwrap(SwiftSourceBuilder(lesson: firstLesson).stubModule()[stubName])
            + "\npublic func startHelper() {\n    Thread { }.start()\n}\n"
        try threaded.write(to: refusedFile, atomically: true, encoding: .utf8)
        let threadedHandin = try swift(["package", "--allow-writing-to-package-directory", "handin", "--check"], in: package)
        XCTAssertNotEqual(threadedHandin.status, 0, threadedHandin.output)
        let threadedReport = try TestSupport.gradeTests(package, root: grading, lessons: lessons)
        let objectErrors = try XCTUnwrap(threadedReport.lessons.first?.compileErrors, threadedReport.text())
        XCTAssertTrue(objectErrors.contains("(threads)"), objectErrors)
        for message in objectErrors.split(separator: "\n") {
            XCTAssertTrue(threadedHandin.output.contains("\(firstLesson.moduleName): \(message)"), "\(message)\n\(threadedHandin.output)")
        }

        // A file the grader cannot read (a link, bytes that are not UTF-8): the same message as the grader's reader.
        let copy = package.appendingPathComponent("EulerStepCopy.txt")
        try FileManager.default.moveItem(at: refusedFile, to: copy)
        try FileManager.default.createSymbolicLink(at: refusedFile, withDestinationURL: copy)
        try assertHandInRefuses(package, as: "link")
        try FileManager.default.removeItem(at: refusedFile)
        try Data([0x2F, 0x2F, 0xFF, 0xFE, 0x0A]).write(to: refusedFile)
        try assertHandInRefuses(package, as: "not UTF-8")
    }

    /// `handin --check` fails with the error `SubmissionReader` gives for the same folder.
    private func assertHandInRefuses(_ package: URL, as what: String, line: UInt = #line) throws {
        let outcome = try swift(["package", "--allow-writing-to-package-directory", "handin", "--check"], in: package)
        XCTAssertNotEqual(outcome.status, 0, outcome.output, line: line)
        XCTAssertThrowsError(try SubmissionReader().read(package), what, line: line) { error in
            let message = (error as? SubmissionError)?.message ?? "\(error)"
            XCTAssertTrue(outcome.output.contains("error: " + message), "\(what): \(message)\n\(outcome.output)", line: line)
        }
    }

    /// The progress lines of exercises (`<lesson order>.<exercise id> …`).
    private func exerciseLines(_ output: String, _ course: Course) -> [Substring] {
        let heads = Set(course.lessons.flatMap { lesson in lesson.exercises.map { "\(lesson.meta.order).\($0.id)" } })
        return output.split(separator: "\n").filter { line in
            line.split(separator: " ").first.map { heads.contains(String($0)) } ?? false
        }
    }

    /// Runs the toolchain's `swift` in the student package, as a student would.
    private func swift(_ arguments: [String], in package: URL) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(try XCTUnwrap(ProcessRunner.which("swift")), arguments, in: package, timeout: 900)
    }
}
