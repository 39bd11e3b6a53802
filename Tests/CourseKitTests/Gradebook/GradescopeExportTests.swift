@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// autograder.zip is run end to end in a folder laid out like Gradescope's.
final class GradescopeExportTests: XCTestCase {
    func testRunAutograderWritesResultsJSON() throws {
        let root = try TestSupport.course(["01-graded.md": NewLessonAction.template(id: "graded", title: "Graded", order: 1)], test: self)
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: root).status, 0)
        let zip = root.appendingPathComponent("autograder.zip")
        let exported = try TestSupport.runCourse(["export", "gradescope", "-o", zip.path], in: root)
        XCTAssertEqual(exported.status, 0, exported.output)

        // /autograder/{source,submission,results}, as Gradescope lays it out.
        let autograder = try TestSupport.temporaryFolder(self)
        let source = autograder.appendingPathComponent("source")
        let unzip = try XCTUnwrap(ProcessRunner.which("unzip"))
        XCTAssertEqual(try ProcessRunner.run(unzip, ["-q", zip.path, "-d", source.path]).status, 0)
        for script in ["setup.sh", "run_autograder"] {
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: source.appendingPathComponent(script).path), script)
        }
        // The shipped grader links no Markdown library (so setup.sh installs none); `course` does.
        let ldd = try XCTUnwrap(ProcessRunner.which("ldd"))
        let shipped = try ProcessRunner.run(ldd, [source.appendingPathComponent("bin/course-grader").path])
        XCTAssertFalse(shipped.output.contains("libcmark"), shipped.output)
        XCTAssertTrue(try ProcessRunner.run(ldd, [TestSupport.courseExecutable.path]).output.contains("libcmark"))
        // What setup.sh does once on the image (after its apt-get): prebuild the grading caches.
        let setup = try String(contentsOf: source.appendingPathComponent("setup.sh"), encoding: .utf8)
        XCTAssertTrue(setup.contains("\"$here/bin/course-grader\" prebuild --root \"$here/course-root\" --check-sandbox"), setup)
        let prebuilt = try ProcessRunner.run(
            source.appendingPathComponent("bin/course-grader").path,
            ["prebuild", "--root", source.appendingPathComponent("course-root").path], timeout: 600)
        XCTAssertEqual(prebuilt.status, 0, prebuilt.output)
        XCTAssertTrue(prebuilt.output.contains("prebuilt grading for 1 lesson"), prebuilt.output)
        let cache = source.appendingPathComponent("course-root/.build/course/grade-cache")
        func cached() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("graded-") } }
        let before = try cached()
        XCTAssertEqual(before.count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.appendingPathComponent("\(before.first ?? "")/tests/GradedTests.o").path))

        let submission = autograder.appendingPathComponent("submission")
        try FileManager.default.createDirectory(at: submission, withIntermediateDirectories: true)
        try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] { x.map { $0 + f($0) } }\n"
            .write(to: submission.appendingPathComponent("ResidualStep.swift"), atomically: true, encoding: .utf8)

        func run(_ results: URL) throws -> [String: Any] {
            let bash = try XCTUnwrap(ProcessRunner.which("bash"))
            let outcome = try ProcessRunner.run(
                bash, [source.appendingPathComponent("run_autograder").path],
                environment: [
                    "COURSE_AUTOGRADER": source.path, "COURSE_SUBMISSION": submission.path,
                    "COURSE_RESULTS": results.path
                ], timeout: 600)
            XCTAssertEqual(outcome.status, 0, outcome.output)
            let data = try Data(contentsOf: results.appendingPathComponent("results.json"))
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        let graded = try run(autograder.appendingPathComponent("results"))
        XCTAssertEqual(graded["score"] as? Double, 2)
        XCTAssertEqual((graded["tests"] as? [[String: Any]])?.first?["status"] as? String, "passed")
        XCTAssertEqual(try cached(), before, "grading used the prebuilt tests, it built no others")

        // Gradescope unpacks a .zip upload but not a .tar.gz: an upload of one archive is graded as that archive.
        let tar = try XCTUnwrap(ProcessRunner.which("tar"))
        let packed = try ProcessRunner.run(tar, ["-czf", "work.tar.gz", "ResidualStep.swift"], in: submission)
        XCTAssertEqual(packed.status, 0, packed.output)
        try FileManager.default.removeItem(at: submission.appendingPathComponent("ResidualStep.swift"))
        // What macOS's Compress and Finder leave beside it does not count.
        try FileManager.default.createDirectory(at: submission.appendingPathComponent("__MACOSX"), withIntermediateDirectories: true)
        try Data([0, 5, 22, 7]).write(to: submission.appendingPathComponent("__MACOSX/._work.tar.gz"))
        try Data().write(to: submission.appendingPathComponent(".DS_Store"))
        let unpacked = try run(autograder.appendingPathComponent("results-archive"))
        XCTAssertEqual(unpacked["score"] as? Double, 2, "\(unpacked)")
        try FileManager.default.removeItem(at: submission.appendingPathComponent("__MACOSX"))
        try FileManager.default.removeItem(at: submission.appendingPathComponent(".DS_Store"))
        // A link the unpacked upload holds is not followed to an archive elsewhere on the machine.
        let elsewhere = autograder.appendingPathComponent("elsewhere.tar.gz")
        try FileManager.default.moveItem(at: submission.appendingPathComponent("work.tar.gz"), to: elsewhere)
        try FileManager.default.createSymbolicLink(at: submission.appendingPathComponent("work.tar.gz"), withDestinationURL: elsewhere)
        let linked = try run(autograder.appendingPathComponent("results-link"))
        XCTAssertTrue((linked["output"] as? String ?? "").contains("is a symbolic link"), "\(linked)")
        try FileManager.default.removeItem(at: submission.appendingPathComponent("work.tar.gz"))

        // A submission that cannot be graded still yields a results.json that says why.
        try FileManager.default.removeItem(at: submission)
        try Data("not a zip".utf8).write(to: submission.appendingPathExtension("zip"))
        try FileManager.default.moveItem(at: submission.appendingPathExtension("zip"), to: submission)
        let failed = try run(autograder.appendingPathComponent("results-2"))
        XCTAssertEqual((failed["tests"] as? [Any])?.count, 0, "no test is reported as failed")
        XCTAssertTrue((failed["output"] as? String ?? "").contains("could not be graded"), "\(failed)")
        XCTAssertEqual((failed["extra_data"] as? [String: Any])?["could_not_grade"] as? Bool, true, "course wrote it: \(failed)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: source.appendingPathComponent("could-not-run.json").path))
    }
}

/// An autograder grades every submission on the assignment's lessons, whatever files it holds.
final class GradescopeAssignmentTests: XCTestCase {
    /// Exports with `extra` options, unzips, runs run_autograder on `submission` and returns results.json.
    private func results(root: URL, exporting extra: [String], submission: URL) throws -> [String: Any] {
        let folder = try TestSupport.temporaryFolder(self)
        let zip = folder.appendingPathComponent("autograder.zip")
        let exported = try TestSupport.runCourse(["export", "gradescope", "-o", zip.path] + extra, in: root)
        XCTAssertEqual(exported.status, 0, exported.output)
        let source = folder.appendingPathComponent("source")
        XCTAssertEqual(try ProcessRunner.run(try XCTUnwrap(ProcessRunner.which("unzip")), ["-q", zip.path, "-d", source.path]).status, 0)
        let outcome = try ProcessRunner.run(
            "/bin/bash", [source.appendingPathComponent("run_autograder").path],
            environment: [
                "COURSE_AUTOGRADER": source.path, "COURSE_SUBMISSION": submission.path,
                "COURSE_RESULTS": folder.appendingPathComponent("results").path
            ], timeout: 600)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        let data = try Data(contentsOf: folder.appendingPathComponent("results/results.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A file of another lesson earns nothing, and a lesson without files scores as its stubs do,
    /// out of the assignment's whole total (a red team's weekly hand-in also collected another
    /// week's points, and one lesson alone read "11 of 11").
    func testTheAssignmentsLessonsAreGradedWhateverTheSubmissionHolds() throws {
        let root = try TestSupport.course(
            [
                "01-graded.md": NewLessonAction.template(id: "graded", title: "Graded", order: 1),
                "02-other.md": NewLessonAction.template(id: "other", title: "Other", order: 2)
            ], test: self)
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: root).status, 0)
        let submission = try TestSupport.temporaryFolder(self).appendingPathComponent("submission")
        let file = submission.appendingPathComponent("Sources/Graded/ResidualStep.swift")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] { x.map { $0 + f($0) } }\n"
            .write(to: file, atomically: true, encoding: .utf8)
        func total(_ results: [String: Any]) -> Double {
            (results["tests"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["max_score"] as? Double ?? 0) }
        }

        let other = try results(root: root, exporting: ["--lessons", "other"], submission: submission)
        XCTAssertEqual(other["score"] as? Double, 0, "the handed-in lesson is not this assignment's: \(other)")
        XCTAssertEqual(total(other), 2, "\(other)")
        let names = (other["tests"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        XCTAssertFalse(names.isEmpty)
        XCTAssertTrue(names.allSatisfy { !$0.lowercased().contains("graded") }, "\(names)")

        let course = try results(root: root, exporting: [], submission: submission)
        XCTAssertEqual(course["score"] as? Double, 2, "\(course)")
        XCTAssertEqual(total(course), 4, "the whole course's total, the missing lesson included: \(course)")

        let unknown = try TestSupport.runCourse(["export", "gradescope", "--lessons", "nope"], in: root)
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.output.contains("no lesson 'nope'"), unknown.output)
    }
}

/// setup.sh fails the image build when grading could not work there; run_autograder's own
/// results.json (when `course` cannot run) is real JSON for any file name.
final class GradescopeScriptTests: XCTestCase {
    /// A folder with `setup.sh`, a stub `apt-get` (nothing is installed) and the given fake programs.
    private func setup(fakes: [String: String]) throws -> (script: URL, bin: URL) {
        let folder = try TestSupport.temporaryFolder(self)
        let script = folder.appendingPathComponent("setup.sh")
        try GradescopeExportAction.setupScript.write(to: script, atomically: true, encoding: .utf8)
        let bin = folder.appendingPathComponent("fake-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for (name, body) in fakes.merging(["apt-get": "exit 0"], uniquingKeysWith: { a, _ in a }) {
            try "#!/bin/sh\n\(body)\n".write(to: bin.appendingPathComponent(name), atomically: true, encoding: .utf8)
            chmod(bin.appendingPathComponent(name).path, 0o755)
        }
        return (script, bin)
    }

    private func runSetup(_ script: URL, path: String) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(
            "/bin/bash", [script.path], environment: ["PATH": path, "COURSE_AUTOGRADER": script.deletingLastPathComponent().path],
            timeout: 300)
    }

    func testSetupFailsWithoutSwiftc() throws {
        let (script, bin) = try setup(fakes: [:])
        // The toolchain lives outside /usr/bin here, so this PATH has no swiftc.
        let outcome = try runSetup(script, path: bin.path + ":/usr/bin:/bin")
        XCTAssertNotEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.output.contains("setup.sh: swiftc is not on PATH"), outcome.output)
    }

    func testSetupFailsWhenSwiftcCannotCompile() throws {
        let (script, bin) = try setup(fakes: ["swiftc": "echo 'error: unable to load standard library' >&2; exit 1"])
        let outcome = try runSetup(script, path: bin.path + ":/usr/bin:/bin")
        XCTAssertNotEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.output.contains("cannot compile a one-line program: error: unable to load standard library"), outcome.output)
    }

    func testSetupFailsWhenBubblewrapCannotStartASandbox() throws {
        let swiftc = try XCTUnwrap(ProcessRunner.which("swiftc"))
        let (script, bin) = try setup(fakes: ["bwrap": "echo 'bwrap: No permissions to create new namespace' >&2; exit 1"])
        let toolchain = URL(fileURLWithPath: swiftc).deletingLastPathComponent().path
        let outcome = try runSetup(script, path: "\(bin.path):\(toolchain):/usr/bin:/bin")
        XCTAssertNotEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(
            outcome.output.contains("setup.sh: bubblewrap cannot start a sandbox (bwrap: No permissions to create new namespace)"),
            outcome.output)
        XCTAssertFalse(outcome.output.contains("prebuilt"), "the build stopped before prebuild")
    }

    /// An older bubblewrap (before 0.8) starts the plain sandbox of the quick check but not a
    /// test's (`--size`): the image build fails at prebuild's sandbox check, saying which, rather
    /// than build an image on which every submission "could not grade" (a red team's, round 25).
    func testSetupFailsWhenBubblewrapIsTooOldForATestsSandbox() throws {
        let swiftc = try XCTUnwrap(ProcessRunner.which("swiftc"))
        let bwrap = try XCTUnwrap(ProcessRunner.which("bwrap"))
        let (script, bin) = try setup(fakes: [
            "bwrap": "case \"$*\" in *--size*) echo 'bwrap: Unknown option --size' >&2; exit 1;; esac\nexec \(bwrap) \"$@\""
        ])
        let shipped = script.deletingLastPathComponent().appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: shipped, withIntermediateDirectories: true)
        let grader = TestSupport.courseExecutable.deletingLastPathComponent().appendingPathComponent("course-grader")
        try FileManager.default.createSymbolicLink(at: shipped.appendingPathComponent("course-grader"), withDestinationURL: grader)
        let toolchain = URL(fileURLWithPath: swiftc).deletingLastPathComponent().path
        let outcome = try runSetup(script, path: "\(bin.path):\(toolchain):/usr/bin:/bin")
        XCTAssertNotEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.output.contains("Unknown option --size"), outcome.output)
        XCTAssertTrue(outcome.output.contains("grading needs bubblewrap 0.8 or later"), outcome.output)
        XCTAssertFalse(outcome.output.contains("prebuilt"), "the build stopped before prebuild")
    }

    /// `course` dies without writing results, after printing a file name with a tab, quotes, a
    /// newline, a backslash and an ESC: python3 (or, without it, the shipped file) writes the JSON.
    func testRunAutograderFallbackIsValidJSONForAnyFileName() throws {
        let source = try TestSupport.temporaryFolder(self)
        try FileManager.default.createDirectory(at: source.appendingPathComponent("bin"), withIntermediateDirectories: true)
        let run = source.appendingPathComponent("run_autograder")
        try GradescopeExportAction.runScript(lessons: ["graded"]).write(to: run, atomically: true, encoding: .utf8)
        try GradescopeExportAction.staticFallback().write(
            to: source.appendingPathComponent(GradescopeExportAction.staticFallbackName),
            atomically: true, encoding: .utf8)
        let name = "my\tfile \"quoted\" 'x'\\\nline2\u{1B}[2J.swift"
        let course = source.appendingPathComponent("bin/course-grader")
        // The name reaches the log byte for byte, as a crash message quoting it would.
        try "#!/bin/bash\nprintf 'fatal: cannot open %s\\n' \"$(cat \"$0.name\")\" >&2\nexit 134\n"
            .write(to: course, atomically: true, encoding: .utf8)
        try name.write(to: source.appendingPathComponent("bin/course-grader.name"), atomically: true, encoding: .utf8)
        chmod(course.path, 0o755)
        let submission = try TestSupport.temporaryFolder(self)
        try "".write(to: submission.appendingPathComponent(name), atomically: true, encoding: .utf8)

        func autograde(path: String) throws -> [String: Any] {
            let results = try TestSupport.temporaryFolder(self)
            let outcome = try ProcessRunner.run(
                "/bin/bash", [run.path],
                environment: [
                    "COURSE_AUTOGRADER": source.path, "COURSE_SUBMISSION": submission.path, "COURSE_RESULTS": results.path, "PATH": path
                ])
            XCTAssertEqual(outcome.status, 0, outcome.output)
            let data = try Data(contentsOf: results.appendingPathComponent("results.json"))
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], String(decoding: data, as: UTF8.self))
        }
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "Gradescope's image has python3 in /usr/bin")
        let withPython = try autograde(path: "/usr/bin:/bin")
        let output = try XCTUnwrap(withPython["output"] as? String)
        XCTAssertTrue(output.contains("could not be graded"), output)
        XCTAssertTrue(output.contains("exit status 134"), output)
        XCTAssertTrue(output.contains("my\tfile \"quoted\" 'x'\\"), output)
        XCTAssertTrue(output.contains("line2^[[2J.swift"), "controls made visible: \(output)")
        XCTAssertEqual((withPython["extra_data"] as? [String: Any])?["could_not_grade"] as? Bool, true)

        // No python3 on PATH (only what the script itself needs): the file shipped in the zip.
        let bare = try TestSupport.temporaryFolder(self)
        for tool in ["mkdir", "rm", "cp", "cat"] {
            let real = try XCTUnwrap(["/usr/bin/\(tool)", "/bin/\(tool)"].first { FileManager.default.isExecutableFile(atPath: $0) })
            try FileManager.default.createSymbolicLink(atPath: bare.appendingPathComponent(tool).path, withDestinationPath: real)
        }
        let withoutPython = try autograde(path: bare.path)
        XCTAssertTrue((withoutPython["output"] as? String ?? "").contains("could not be graded"), "\(withoutPython)")
        XCTAssertEqual((withoutPython["extra_data"] as? [String: Any])?["could_not_grade"] as? Bool, true)
    }
}
