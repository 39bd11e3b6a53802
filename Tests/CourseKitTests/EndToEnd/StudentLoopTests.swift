@testable import CourseAuthoring
@testable import CourseGrading
@testable import CourseToolchain
import Foundation
@testable import HandinRules
import XCTest

/// The student's loop on the real course, driven as a student drives it: from a zip of the
/// student site, the start page's commands followed to the letter, then `swift package progress`
/// and `swift package handin` run with the toolchain alone. One test, so the package builds once
/// (incrementally after that) and the hand-in tool compiles once: each phase builds on the one before.
final class StudentLoopTests: XCTestCase {
    func testFromTheSiteZipProgressAndHandInAgreeWithTheGrader() throws {
        let work = try TestSupport.temporaryFolder(self)
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        let exerciseCount = course.lessons.reduce(0) { $0 + $1.exercises.count }

        // What the student has: a zip of the site, and the exercises archive its start page links.
        let (start, downloads) = try downloadedSite(into: work)
        let commands = Self.commandLines(inPreformattedBlocksOf: start)
        XCTAssertTrue(commands.contains { $0.hasPrefix("swift package progress") }, "\(commands)")
        XCTAssertTrue(commands.contains { $0.hasPrefix("swift test") }, "\(commands)")
        var package = downloads
        var untouchedProgress: String?
        for command in commands {
            if command.hasPrefix("cd ") {
                package = package.appendingPathComponent(String(command.dropFirst(3)).trimmingCharacters(in: .whitespaces))
                XCTAssertTrue(FileManager.default.fileExists(atPath: package.path), "the page says '\(command)'; there is no such folder")
                continue
            }
            let ran = try ProcessRunner.run("/bin/sh", ["-c", command], in: package, timeout: 900)
            XCTAssertFalse(ran.timedOut, command)
            if command.hasPrefix("swift build") || command.hasPrefix("unzip") || command.contains("handin") || command.contains("progress") {
                XCTAssertEqual(ran.status, 0, "\(command):\n\(ran.output.suffix(3000))")
            } else {
                XCTAssertTrue([0, 1].contains(ran.status), "\(command) exits \(ran.status) (stubs fail tests with 1):\n\(ran.output.suffix(3000))")
            }
            if command.hasPrefix("swift test"), let filter = command.components(separatedBy: "--filter ").dropFirst().first {
                let name = filter.split(separator: " ").first.map(String.init) ?? filter
                let className = name.split(whereSeparator: { $0 == "." || $0 == "/" }).dropFirst().first.map(String.init) ?? name
                XCTAssertTrue(ran.output.contains(className), "\(command) ran no test of \(className):\n\(ran.output.suffix(3000))")
            }
            if command.hasPrefix("swift package progress") { untouchedProgress = ran.output }
        }
        let manifest = try String(contentsOf: package.appendingPathComponent("Package.swift"), encoding: .utf8)
        XCTAssertFalse(manifest.contains("dependencies: [."), "the student package depends on no other package")

        // Untouched stubs: every exercise not started, the whole course on one screen.
        let untouched = try XCTUnwrap(untouchedProgress)
        XCTAssertLessThanOrEqual(untouched.split(separator: "\n").count, 60, untouched)
        XCTAssertEqual(exerciseLines(untouched, course).count, exerciseCount, untouched)
        for line in exerciseLines(untouched, course) {
            XCTAssertTrue(line.contains("not started"), "\(line)\n\(untouched)")
        }
        XCTAssertFalse(untouched.contains("Backtracing"), untouched)

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
        XCTAssertFalse(handin.output.contains("note:"), "solutions and stubs as given: nothing to say\n\(handin.output)")
        let editable = course.lessons.flatMap(ExercisePackageWriter.editableFiles(of:))
        for path in editable where path != stubPath { XCTAssertTrue(handin.output.contains("packed  \(path)"), "\(path)\n\(handin.output)") }
        // The one file left as its stub is named so (a forgotten save is seen before hand-in).
        XCTAssertTrue(handin.output.contains("  stub    \(stubPath) (as it was given: no points for it)"), handin.output)
        XCTAssertTrue(handin.output.contains("files, 1 of them still stubs. Hand in this file."), handin.output)
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
        try Data("an older hand-in".utf8).write(to: archive)
        let refusedHandin = try swift(["package", "--allow-writing-to-package-directory", "handin"], in: package)
        XCTAssertNotEqual(refusedHandin.status, 0, refusedHandin.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: archive.path), "nothing is packed when the grader would refuse, and an older zip goes")
        let refusedReport = try TestSupport.gradeTests(package, root: grading, lessons: lessons)
        let graderErrors = try XCTUnwrap(refusedReport.lessons.first?.compileErrors, refusedReport.text())
        let graderLines = graderErrors.split(separator: "\n").map(String.init)
        XCTAssertEqual(graderLines.count, 2, graderErrors)
        let localLines = refusedHandin.output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("exercises/") }
        XCTAssertEqual(localLines, graderLines, refusedHandin.output)

        // A call the compiled code may not make (a thread): the source passes, the object does not.
        let stub = try XCTUnwrap(SwiftSourceBuilder(lesson: firstLesson).stubModule()[stubName])
        let threadedHandin = try assertHandInRefusesAsTheGrader(
            stub + "\npublic func startHelper() {\n    Thread { }.start()\n}\n", saying: "(threads)",
            file: refusedFile, package: package, grading: grading, lesson: firstLesson)
        // Handing in again with nothing changed answers from what the last run found, refusal included.
        let again = try swift(["package", "--allow-writing-to-package-directory", "handin", "--check"], in: package)
        XCTAssertNotEqual(again.status, 0, again.output)
        XCTAssertEqual(
            again.output.split(separator: "\n").filter { $0.hasPrefix(firstLesson.moduleName + ": ") },
            threadedHandin.output.split(separator: "\n").filter { $0.hasPrefix(firstLesson.moduleName + ": ") }, again.output)
        // Memory reached unchecked, with no pointer named: the compiler's check, here as in the grader.
        _ = try assertHandInRefusesAsTheGrader(
            stub + "\npublic func peek(_ cells: [Double]) -> Double {\n    cells.span[unchecked: 3]\n}\n", saying: "strict memory safety",
            file: refusedFile, package: package, grading: grading, lesson: firstLesson)

        // A file the grader cannot read (a link, bytes that are not UTF-8): the same message as the grader's reader.
        let copy = package.appendingPathComponent("EulerStepCopy.txt")
        try FileManager.default.moveItem(at: refusedFile, to: copy)
        try FileManager.default.createSymbolicLink(at: refusedFile, withDestinationURL: copy)
        try assertHandInRefuses(package, as: "link")
        try FileManager.default.removeItem(at: refusedFile)
        try Data([0x2F, 0x2F, 0xFF, 0xFE, 0x0A]).write(to: refusedFile)
        try assertHandInRefuses(package, as: "not UTF-8")
        try FileManager.default.removeItem(at: copy)

        // What the grader will not take is said before hand-in: a helper file beside the exercise
        // files (the grader never compiles it), a changed support file (it has its own copy), and
        // code that does not compile as the grader compiles it, at its file and line.
        let module = firstLesson.moduleName
        try stub.write(to: refusedFile, atomically: true, encoding: .utf8)
        try "func twice(_ x: Double) -> Double { 2 * x }\n"
            .write(to: refusedFile.deletingLastPathComponent().appendingPathComponent("Helpers.swift"), atomically: true, encoding: .utf8)
        let supportFile = package.appendingPathComponent("Sources/\(firstLesson.supportModuleName)/Support.swift")
        try (try String(contentsOf: supportFile, encoding: .utf8) + "\npublic func helper() {}\n").write(to: supportFile, atomically: true, encoding: .utf8)
        try (stub + "\nfunc broken() -> Int { \"x\" }\n").write(to: refusedFile, atomically: true, encoding: .utf8)
        let noted = try swift(["package", "--allow-writing-to-package-directory", "handin", "--check"], in: package)
        for said in [
            "note: Sources/\(module)/Helpers.swift is not handed in: the grader compiles only the exercise files",
            "note: Sources/\(firstLesson.supportModuleName)/Support.swift is not the course's copy",
            "note: \(module) does not compile as the grader compiles it (the grader scores it 0):\n  Sources/\(module)/\(stubName):"
        ] {
            XCTAssertTrue(noted.output.contains(said), "\(said)\n\(noted.output)")
        }
        // Code that stalls the parser is refused in seconds, as the grader refuses it (not minutes
        // of a tool that holds the student's terminal).
        let stall = try String(contentsOf: TestSupport.fixtures.appendingPathComponent("attacks/parser-stalling-brackets.swift"), encoding: .utf8)
        try stall.write(to: refusedFile, atomically: true, encoding: .utf8)
        let stalled = try swift(["package", "--allow-writing-to-package-directory", "handin", "--check", "--parse-seconds", "2"], in: package)
        XCTAssertNotEqual(stalled.status, 0, stalled.output)
        XCTAssertTrue(stalled.output.contains("the parser could not read this code within 2 s"), stalled.output)

        // A signature changed in a way the visible tests still compile against (a parameter with a
        // default): the prebuilt hidden tests would not link, and the grader would score the lesson 0.
        let widened = stub.replacingOccurrences(of: "f: VectorField)", with: "f: VectorField, checked: Bool = true)")
        XCTAssertNotEqual(widened, stub, "the first exercise's signature, as the lesson writes it")
        try widened.write(to: refusedFile, atomically: true, encoding: .utf8)
        let changed = try swift(["package", "--allow-writing-to-package-directory", "handin", "--check"], in: package)
        XCTAssertTrue(
            changed.output.contains("note: \(module): your files do not declare `\(module).eulerStep(") && changed.output.contains("as its stub does"),
            changed.output)
    }

    /// The site's start section as HTML, and the folder the student downloaded its exercises
    /// archive into, after zipping the built site and unzipping it elsewhere (as a student would).
    private func downloadedSite(into work: URL) throws -> (start: String, downloads: URL) {
        guard let zip = ProcessRunner.which("zip"), let unzip = ProcessRunner.which("unzip") else {
            throw CourseError.toolFailed("zip/unzip missing; run scripts/bootstrap")
        }
        let site = try TestSupport.realCourseSite()
        let archive = work.appendingPathComponent("site.zip")
        XCTAssertEqual(try ProcessRunner.run(zip, ["-qr", archive.path, "."], in: site, timeout: 120).status, 0)
        let unzipped = work.appendingPathComponent("from-zip")
        XCTAssertEqual(try ProcessRunner.run(unzip, ["-q", archive.path, "-d", unzipped.path], timeout: 120).status, 0)
        let index = try String(contentsOf: unzipped.appendingPathComponent("index.html"), encoding: .utf8)
        let start = try XCTUnwrap(
            index.range(of: "<section class=\"start\"").flatMap { open in
                index.range(of: "</section>", range: open.upperBound..<index.endIndex).map { index[open.lowerBound..<$0.upperBound] }
            }, "the index has a start section")
        let downloads = work.appendingPathComponent("downloads")
        try FileManager.default.createDirectory(at: downloads, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: unzipped.appendingPathComponent(StudentSiteBuilder.exercisesArchive),
            to: downloads.appendingPathComponent(StudentSiteBuilder.exercisesArchive))
        return (String(start), downloads)
    }

    /// Each line of every `<pre><code>` block in `html`, tags removed and entities decoded.
    static func commandLines(inPreformattedBlocksOf html: String) -> [String] {
        var lines: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<pre><code>"), let close = rest.range(of: "</code></pre>", range: open.upperBound..<rest.endIndex) {
            // As a reader sees it: the leak scanner's own reading of HTML (tags out, entities decoded).
            let text = LeakScanner.readable(String(rest[open.upperBound..<close.lowerBound]), kind: "html")
            lines += text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
            rest = rest[close.upperBound...]
        }
        return lines
    }

    /// With `code` in `file`, `handin --check` fails, and each line the grader refuses the lesson
    /// with (one of them `saying` the reason) is in its output, after the module's name.
    private func assertHandInRefusesAsTheGrader(
        _ code: String, saying reason: String, file: URL, package: URL, grading: URL, lesson: Lesson, line: UInt = #line
    ) throws -> ProcessRunner.Outcome {
        try code.write(to: file, atomically: true, encoding: .utf8)
        let handin = try swift(["package", "--allow-writing-to-package-directory", "handin", "--check"], in: package)
        XCTAssertNotEqual(handin.status, 0, handin.output, line: line)
        let report = try TestSupport.gradeTests(package, root: grading, lessons: [lesson.meta.id])
        let errors = try XCTUnwrap(report.lessons.first?.compileErrors, report.text(), line: line)
        XCTAssertTrue(errors.contains(reason), errors, line: line)
        for message in errors.split(separator: "\n") {
            XCTAssertTrue(handin.output.contains("\(lesson.moduleName): \(message)"), "\(message)\n\(handin.output)", line: line)
        }
        return handin
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
