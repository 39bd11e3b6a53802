@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// Grading fixtures: honest and hostile submissions with the outcome each must get. The course
/// is two scaffold lessons; each has one exercise, `residualStep`, and one hidden test.
final class GraderTests: XCTestCase {
    static let correct = "return x.map { $0 + f($0) }"

    private var root: URL!
    private var workspace: Workspace { Workspace(root: root) }

    override func setUpWithError() throws {
        root = try TestSupport.course(
            [
                "01-graded.md": NewLessonAction.template(id: "graded", title: "Graded", order: 1),
                "02-other.md": NewLessonAction.template(id: "other", title: "Other", order: 2)
            ], test: self)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
    }

    /// A submission whose `residualStep` body is `body` (for both lessons unless `other` is given).
    private func submission(_ body: String, other: String? = nil, imports: String = "import Foundation") throws -> URL {
        let folder = try TestSupport.temporaryFolder(self).appendingPathComponent("student")
        for (module, code) in [("Graded", body), ("Other", other ?? body)] {
            let file = folder.appendingPathComponent("exercises/Sources/\(module)/ResidualStep.swift")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try """
            \(imports)

            func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
                \(code)
            }

            """.write(to: file, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// `admission: false` attacks the sandbox and the judge behind admission.
    private func grade(_ url: URL, lessons: [String] = [], admission: Bool = true) throws -> GradeReport {
        var action = GradeAction(workspace: workspace, submission: url, output: { _ in })
        action.lessonIDs = lessons
        action.admitsSubmissions = admission
        return try action.perform()
    }

    private func status(_ report: GradeReport, _ lesson: String = "graded") -> GradeReport.ItemGrade.Status? {
        report.lessons.first { $0.id == lesson }?.exercises.first?.items.first?.status
    }

    func testReferenceScoresFullAndStubsScoreNothing() throws {
        let full = try grade(try submission(Self.correct))
        XCTAssertEqual(full.score, 4)
        XCTAssertEqual(full.maxScore, 4)
        let stubs = try grade(workspace.exercises)
        XCTAssertEqual(stubs.score, 0)
        XCTAssertEqual(status(stubs), .crashed)
        XCTAssertTrue(stubs.text().contains("Fatal error: TODO: exercise residual-step is not implemented yet"), stubs.text())
    }

    func testPartialSubmissionAndLessonFilter() throws {
        let partial = try grade(try submission(Self.correct, other: "return x"))
        XCTAssertEqual(partial.lessons.map(\.score), [2, 0])
        XCTAssertEqual(status(partial, "other"), .failed)
        let message = partial.lessons[1].exercises[0].items[0].messages.joined()
        XCTAssertTrue(message.hasPrefix("XCTAssertEqual failed"), message)
        XCTAssertFalse(message.contains("lessons/"), "the hidden test's location stays hidden")
        XCTAssertEqual(try grade(try submission(Self.correct), lessons: ["other"]).lessons.map(\.id), ["other"])
    }

    func testCompileErrorInOneLessonLeavesTheOtherGraded() throws {
        let report = try grade(try submission(Self.correct, other: "return x.map { $0 + g($0) }"))
        XCTAssertEqual(report.lessons.map(\.score), [2, 0])
        let errors = try XCTUnwrap(report.lessons[1].compileErrors)
        XCTAssertTrue(errors.contains("exercises/Sources/Other/ResidualStep.swift:4:"), errors)
        XCTAssertTrue(errors.contains("cannot find 'g' in scope"), errors)
        XCTAssertEqual(status(report, "other"), .notCompiled)
        // Each test of the lesson says where, for a student who reads one test's output.
        let messages = report.lessons[1].exercises[0].items[0].messages
        XCTAssertEqual(messages.first, "your code for this lesson does not compile")
        XCTAssertTrue(messages.last?.hasPrefix("first at exercises/Sources/Other/ResidualStep.swift:4:") == true, "\(messages)")
    }

    func testRenamedFunctionGetsAClearMessageWithoutTestCode() throws {
        let folder = try submission(Self.correct)
        let file = folder.appendingPathComponent("exercises/Sources/Graded/ResidualStep.swift")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "func residualStep", with: "func residualStepRenamed")
            .write(to: file, atomically: true, encoding: .utf8)
        let report = try grade(folder)
        XCTAssertEqual(report.lessons[0].apiErrors, ["cannot find 'residualStep' in scope"])
        XCTAssertFalse(report.text().contains("XCTAssertEqual(residualStep([1, -2]"), "no hidden test code in the report")
        XCTAssertEqual(report.lessons[1].score, 2)
    }

    func testExitZeroAndForgedVerdictsScoreNothing() throws {
        let forged = """
            print("Test Case '-[GradedTests.ResidualStepHiddenTests testAddsTheBranch]' passed (0.001 seconds).")
                print("Executed 1 test, with 0 failures (0 unexpected) in 0.001 (0.001) seconds")
                let line = #"{"test": "ResidualStepHiddenTests/testAddsTheBranch", "status": "passed", "token": "", "failures": []}"#
                for path in ["/results/results.jsonl", ProcessInfo.processInfo.environment["COURSE_RESULT_PATH"] ?? ""] {
                    if let handle = FileHandle(forWritingAtPath: path) { handle.seekToEndOfFile(); handle.write(Data((line + "\\n").utf8)) }
                }
                exit(0)
            """
        XCTAssertEqual(status(try grade(try submission(forged, other: "exit(0)"))), .notCompiled, "files are refused at admission")
        let report = try grade(try submission(forged, other: "exit(0)"), admission: false)
        XCTAssertEqual(report.score, 0)
        // Exit status 0 before the test's checks ran: it ran none of the reference's checks.
        XCTAssertEqual(status(report), .failed)
        XCTAssertEqual(status(report, "other"), .failed)
        XCTAssertTrue(report.text().contains("ended before all its checks ran"), report.text())
    }

    func testInfiniteLoopTimesOutAndFatalErrorCrashes() throws {
        var action = GradeAction(
            workspace: workspace, submission: try submission("while true {}", other: "fatalError(\"boom\")"),
            output: { _ in })
        action.testTimeout = 3
        let report = try action.perform()
        XCTAssertEqual(status(report), .timedOut)
        XCTAssertEqual(status(report, "other"), .crashed)
        XCTAssertTrue(report.lessons[1].exercises[0].items[0].messages.joined().contains("boom"))
    }

    func testPrintFloodIsCappedAndStillGraded() throws {
        let flood = """
            let chunk = String(repeating: "x", count: 1 << 20)
                for _ in 0..<100 { print(chunk) }
                \(Self.correct)
            """
        let report = try grade(try submission(flood, other: Self.correct))
        XCTAssertEqual(status(report), .passed)
    }

    /// The sandbox's address-space limit stops a submission that asks for 16 GiB at once, before
    /// any of it is touched. (Filling 2 GiB block by block took 5 s alone and passed the 10 s
    /// test limit once when the suite's other process was busy, which made it a timeout.)
    func testMemoryHogIsStopped() throws {
        let hog = """
            var block: [UInt8] = []
                block.reserveCapacity(16 << 30)
                return block.capacity == 0 ? [] : x.map { $0 + f($0) }
            """
        let report = try grade(try submission(hog, other: Self.correct))
        XCTAssertEqual(status(report), .crashed)
        XCTAssertEqual(report.lessons[1].score, 2)
    }

    func testNoNetworkNoWritesOutsideAndNoHiddenFiles() throws {
        let listener = try LoopbackListener()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("course-escape-\(UUID().uuidString)")
        let hidden = workspace.graderBundle.appendingPathComponent("lessons/graded/tests/HiddenTests.swift").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: hidden))
        let attempts = """
            var escaped = false
                // 1. the network: a listener the test opened on the host's loopback
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(\(listener.port)).bigEndian
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                if connected == 0 { escaped = true }
                // 2. a file outside the scratch folder
                if FileManager.default.createFile(atPath: "\(outside.path)", contents: Data("escaped".utf8)) { _ = 0 }
                // 3. the hidden tests
                if let text = try? String(contentsOfFile: "\(hidden)", encoding: .utf8), text.contains("testAddsTheBranch") { escaped = true }
                return escaped ? x.map { $0 + f($0) } : x
            """
        XCTAssertEqual(
            status(try grade(try submission(attempts, other: Self.correct, imports: "import Foundation\nimport Glibc"))),
            .notCompiled, "sockets and files are refused at admission")
        let report = try grade(try submission(attempts, other: Self.correct, imports: "import Foundation\nimport Glibc"), admission: false)
        XCTAssertEqual(status(report), .failed, report.text())
        XCTAssertFalse(listener.acceptedAnyConnection(), "the sandboxed test reached the host's loopback")
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside.path), "the sandboxed test wrote outside its scratch folder")
    }

    func testHostileArchivesAreRefused() throws {
        let folder = try TestSupport.temporaryFolder(self)
        // Archives with a ../ entry and with a link (made with Python, which writes any name it is given).
        let python = try XCTUnwrap(ProcessRunner.which("python3"))
        let tarball = folder.appendingPathComponent("evil.tar.gz")
        let linkball = folder.appendingPathComponent("link.tar.gz")
        let evilZip = folder.appendingPathComponent("evil.zip")
        let script = """
            import io, sys, tarfile, zipfile
            with tarfile.open(sys.argv[1], "w:gz") as t:
                data = b"// escaped"
                info = tarfile.TarInfo("../../outside.swift"); info.size = len(data); t.addfile(info, io.BytesIO(data))
            with tarfile.open(sys.argv[2], "w:gz") as t:
                info = tarfile.TarInfo("Sources/A/ResidualStep.swift"); info.type = tarfile.SYMTYPE; info.linkname = "/etc/passwd"; t.addfile(info)
            with zipfile.ZipFile(sys.argv[3], "w") as z:
                z.writestr("../escaped.swift", "// escaped")
            """
        let made = try ProcessRunner.run(python, ["-c", script, tarball.path, linkball.path, evilZip.path])
        XCTAssertEqual(made.status, 0, made.output)
        XCTAssertThrowsError(try SubmissionReader().read(linkball)) { error in
            XCTAssertTrue("\(error.localizedDescription)".contains("contains a link"), "\(error)")
        }
        XCTAssertThrowsError(try SubmissionReader().read(evilZip)) { error in
            XCTAssertTrue("\(error.localizedDescription)".contains("points outside the archive"), "\(error)")
        }
        XCTAssertThrowsError(try SubmissionReader().read(tarball)) { error in
            XCTAssertTrue("\(error.localizedDescription)".contains("points outside the archive"), "\(error)")
        }
        // A folder with a symlink to a file outside.
        let linked = folder.appendingPathComponent("linked")
        try FileManager.default.createDirectory(at: linked, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: linked.appendingPathComponent("ResidualStep.swift").path, withDestinationPath: "/etc/passwd")
        XCTAssertThrowsError(try SubmissionReader().read(linked)) { error in
            XCTAssertTrue("\(error.localizedDescription)".contains("symbolic link"), "\(error)")
        }
        // Not UTF-8.
        let latin = folder.appendingPathComponent("latin")
        try FileManager.default.createDirectory(at: latin, withIntermediateDirectories: true)
        try Data([0x2F, 0x2F, 0xE9, 0xFF, 0x0A]).write(to: latin.appendingPathComponent("A.swift"))
        XCTAssertThrowsError(try SubmissionReader().read(latin)) { error in
            XCTAssertTrue("\(error.localizedDescription)".contains("not UTF-8"), "\(error)")
        }
    }

    func testZipSubmissionsAndExitStatus() throws {
        let folder = try submission(Self.correct)
        let zip = folder.deletingLastPathComponent().appendingPathComponent("student.zip")
        let python = try XCTUnwrap(ProcessRunner.which("python3"))
        _ = try ProcessRunner.run(
            python,
            [
                "-c", "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', sys.argv[2])",
                zip.deletingPathExtension().path, folder.path
            ])
        let graded = try TestSupport.runCourse(["grade", zip.path, "--format", "json"], in: root)
        XCTAssertEqual(graded.status, 0, graded.output)
        XCTAssertTrue(graded.output.contains("\"schema\" : \"residualcourse-grade\\/1\""), graded.output)
        let missing = try TestSupport.runCourse(["grade", root.appendingPathComponent("nothing.zip").path], in: root)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.output.contains("could not grade: no submission at"), missing.output)
    }

    /// A grader whose `TMPDIR` is private (mode 0700, as `mktemp -d` makes) still grades: when it
    /// runs as root its tests run as `nobody`, who could not enter a folder made there.
    func testAPrivateTemporaryFolderStillGrades() throws {
        let folder = try submission(Self.correct)
        let privateTemporary = try TestSupport.temporaryFolder(self).appendingPathComponent("private")
        try FileManager.default.createDirectory(at: privateTemporary, withIntermediateDirectories: true)
        chmod(privateTemporary.path, 0o700)
        let graded = try ProcessRunner.run(
            TestSupport.courseExecutable.path, ["grade", folder.path, "--format", "json"], in: root,
            environment: ["TMPDIR": privateTemporary.path], timeout: 600)
        XCTAssertEqual(graded.status, 0, graded.output)
        XCTAssertTrue(graded.output.contains("\"status\" : \"graded\""), graded.output)
        XCTAssertFalse(graded.output.contains("\"passed\" : false"), graded.output)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: privateTemporary.path).filter { $0.hasPrefix("course-") }, [])
    }

    func testOnlyAFolderEveryoneMayEnterIsReachable() throws {
        let parent = try TestSupport.temporaryFolder(self)
        let open = parent.appendingPathComponent("open"), closed = parent.appendingPathComponent("closed")
        let belowClosed = closed.appendingPathComponent("inner")
        try FileManager.default.createDirectory(at: open, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: belowClosed, withIntermediateDirectories: true)
        chmod(parent.path, 0o755)
        chmod(open.path, 0o711)
        chmod(closed.path, 0o700)
        chmod(belowClosed.path, 0o777)
        XCTAssertEqual(Sandbox.firstReachable([closed, belowClosed, open])?.path, open.path)
        XCTAssertNil(Sandbox.firstReachable([closed, belowClosed]))
    }
}

/// A TCP listener on the host's 127.0.0.1 that records whether anyone connected.
final class LoopbackListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 4) == 0 else { throw CourseError.toolFailed("could not listen on loopback") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        self.fd = fd
        self.port = UInt16(bigEndian: address.sin_port)
    }

    func acceptedAnyConnection() -> Bool {
        let client = accept(fd, nil, nil)
        if client >= 0 { close(client); return true }
        return false
    }

    deinit { close(fd) }
}

extension GraderTests {
    /// Gradescope's results.json: only the specification's field names and allowed values.
    func testGradescopeAndJUnitFormats() throws {
        let report = try grade(try submission(Self.correct, other: "return x.map { $0 + g($0) }"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try report.gradescope(executionSeconds: 3.4).utf8)) as? [String: Any])
        let topLevel: Set<String> = [
            "score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
            "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"
        ]
        let testFields: Set<String> = [
            "score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
            "tags", "visibility", "extra_data"
        ]
        let visibilities: Set<String> = ["hidden", "after_due_date", "after_published", "visible"]
        XCTAssertTrue(Set(json.keys).isSubset(of: topLevel), "\(json.keys)")
        XCTAssertEqual(json["score"] as? Double, 2)
        XCTAssertEqual(json["execution_time"] as? Double, 3)
        XCTAssertTrue(visibilities.contains(try XCTUnwrap(json["visibility"] as? String)))
        let tests = try XCTUnwrap(json["tests"] as? [[String: Any]])
        XCTAssertEqual(tests.count, 2)
        for test in tests {
            XCTAssertTrue(Set(test.keys).isSubset(of: testFields), "\(test.keys)")
            XCTAssertTrue(["passed", "failed"].contains(try XCTUnwrap(test["status"] as? String)))
            XCTAssertTrue(["text", "html", "simple_format", "md", "ansi"].contains(try XCTUnwrap(test["output_format"] as? String)))
            XCTAssertTrue(visibilities.contains(try XCTUnwrap(test["visibility"] as? String)))
            XCTAssertNotNil(test["max_score"] as? Double)
        }
        XCTAssertEqual(tests.map { $0["status"] as? String }, ["passed", "failed"])
        XCTAssertTrue((tests[1]["output"] as? String ?? "").contains("see the top of this page"), "\(tests[1])")
        XCTAssertTrue((json["output"] as? String ?? "").contains("cannot find 'g' in scope"), "compile errors lead the page: \(json["output"] ?? "")")

        let junit = report.junit()
        XCTAssertTrue(junit.contains("<testsuites name=\"student\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\" time="), junit)
        XCTAssertTrue(junit.contains("<testcase classname=\"graded.residual-step\" name=\"ResidualStepHiddenTests/testAddsTheBranch\" time="), junit)
        XCTAssertTrue(junit.contains("type=\"compilation\">Your code does not compile:"), junit)
        XCTAssertEqual(SafeText.xml("a<b & \u{1}"), "a&lt;b &amp; ^A")
    }
}

extension GraderTests {
    /// A thread bomb meets the sandbox user's process limit (when the grader runs as root).
    func testThreadBombIsLimited() throws {
        try XCTSkipUnless(getuid() == 0, "the process limit applies when the grader drops from root to nobody")
        let bomb = """
            var started = 0
                for _ in 0..<5000 {
                    var thread = pthread_t()
                    if pthread_create(&thread, nil, { _ in sleep(30); return nil }, nil) == 0 { started += 1 } else { break }
                }
                return started >= 5000 ? x.map { $0 + f($0) } : x
            """
        let report = try grade(try submission(bomb, other: Self.correct, imports: "import Foundation\nimport Glibc"), admission: false)
        XCTAssertEqual(status(report), .failed, report.text())
        XCTAssertEqual(report.lessons[1].score, 2)
    }
}

/// Benchmarks: the reference passes its threshold, a submission with extra work fails only that.
final class BenchmarkGradingTests: XCTestCase {
    func testReferencePassesAndSlowCodeFailsTheBenchmarkOnly() throws {
        let lesson =
            NewLessonAction.template(id: "timed", title: "Timed", order: 1) + """

                ```swift benchmark exercise=residual-step threshold=1.5 repetitions=9
                var random = BenchmarkRandom(seed: benchmarkSeed)
                var x = (0..<20_000).map { _ in Double.random(in: -1...1, using: &random) }
                // TIMED
                for _ in 0..<100 { x = residualStep(x, { $0 * -0.01 }) }
                blackHole(x)
                ```

                """
        let root = try TestSupport.course(["01-timed.md": lesson], test: self)
        let workspace = Workspace(root: root)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
        func grade(_ body: String) throws -> GradeReport.ExerciseGrade {
            let folder = try TestSupport.temporaryFolder(self)
            let file = folder.appendingPathComponent("ResidualStep.swift")
            try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {\n    \(body)\n}\n"
                .write(to: file, atomically: true, encoding: .utf8)
            var action = GradeAction(workspace: workspace, submission: folder, output: { _ in })
            action.benchmarkTrials = 5
            return try XCTUnwrap(try action.perform().lessons.first?.exercises.first)
        }
        let fast = try grade("return x.map { $0 + f($0) }")
        XCTAssertEqual(fast.items.map(\.status), [.passed, .passed], "\(fast.items)")
        XCTAssertEqual(fast.score, 2)
        XCTAssertTrue(fast.items[1].messages[1].hasPrefix("passed 5 of 5 trials"), fast.items[1].messages.joined())

        let slow = try grade("var y = x.map { $0 + f($0) }\n    for _ in 0..<6 { y = y.map { $0 * 1 } }\n    return y")
        XCTAssertEqual(slow.items.map(\.status), [.passed, .failed], "\(slow.items)")
        XCTAssertEqual(slow.score, 1)
        XCTAssertTrue(slow.items[1].messages[0].contains("threshold 1.5×"), slow.items[1].messages.joined())

        // A runner that dies at once stopped; it did not run out of time (a red team's crash in
        // 34 ms read "did not finish within 60 s").
        let crashing = try grade("if x.count == 20_000 { fatalError(\"benchmark input\") }\n    return x.map { $0 + f($0) }")
        XCTAssertEqual(crashing.items.map(\.status), [.passed, .crashed], "\(crashing.items)")
        XCTAssertTrue(crashing.items[1].messages[0].hasPrefix("the benchmark runner stopped"), crashing.items[1].messages.joined())
        XCTAssertTrue(crashing.items[1].messages[0].contains("benchmark input"), crashing.items[1].messages.joined())

        let wrong = try grade("return x")
        XCTAssertEqual(wrong.items.map(\.status), [.failed, .failed])
        XCTAssertEqual(wrong.items[1].messages, ["benchmarks count only once every hidden test of the exercise passes"])
    }
}

extension GraderTests {
    func testTextReportIsColouredOnlyWhenAsked() throws {
        let report = try grade(try submission(Self.correct, other: "return x"))
        XCTAssertFalse(report.text().contains("\u{1B}["))
        let coloured = report.text(color: true)
        XCTAssertTrue(coloured.contains("\u{1B}[32m2 / 2\u{1B}[0m"), coloured)
        XCTAssertTrue(coloured.contains("\u{1B}[31m0 / 2\u{1B}[0m"), coloured)
    }
}

extension GraderTests {
    /// Grading works when the course lives below a folder only root may enter (as under /root).
    func testCourseBelowAPrivateFolder() throws {
        let closed = try TestSupport.temporaryFolder(self)
        chmod(closed.path, 0o700)
        defer { chmod(closed.path, 0o755) }
        let inner = closed.appendingPathComponent("course")
        try FileManager.default.copyItem(at: root, to: inner)
        var action = GradeAction(workspace: Workspace(root: inner), submission: try submission(Self.correct), output: { _ in })
        action.runBenchmarks = false
        XCTAssertEqual(try action.perform().score, 4)
    }
}

/// Attacks found in review: each must score nothing and leave the grader working.
extension GraderTests {
    /// There is no token any more; the old attack (read it back, write a "passed" record) must
    /// still earn nothing, judged behind admission.
    func testAVerdictRecordWrittenFromTheEnvironmentEarnsNothing() throws {
        let forge = """
            let environ = (try? String(contentsOfFile: "/proc/self/environ", encoding: .utf8)) ?? ""
                var token = ""
                for entry in environ.split(separator: "\\0") where entry.hasPrefix("COURSE_RESULT_TOKEN=") {
                    token = String(entry.dropFirst("COURSE_RESULT_TOKEN=".count))
                }
                let line = #"{"test": "ResidualStepHiddenTests/testAddsTheBranch", "status": "passed", "failures": [], "token": ""# + token + "\\"}\\n"
                if let handle = FileHandle(forWritingAtPath: "/results/results.jsonl") { handle.seekToEndOfFile(); handle.write(Data(line.utf8)) }
                exit(0)
            """
        let report = try grade(try submission(forge, other: Self.correct), admission: false)
        XCTAssertEqual(status(report), .failed, report.text())
        XCTAssertEqual(report.lessons[0].score, 0, report.text())
        XCTAssertEqual(report.lessons[1].score, 2, report.text())
    }

    func testCodeCannotTellTestsFromBenchmarksByBuildConfiguration() throws {
        let twoFaced = "return _isDebugAssertConfiguration() ? x.map { $0 + f($0) } : x"
        // Behind admission, which would refuse the underscored name first.
        let report = try grade(try submission(twoFaced, other: Self.correct), admission: false)
        XCTAssertEqual(status(report), .failed, "the hidden tests run against the release build that is timed")
        let refused = try grade(try submission(twoFaced, other: Self.correct))
        XCTAssertEqual(status(refused), .notCompiled, refused.text())
    }

    func testShadowingAssertionsOrOperatorsIsRefused() throws {
        let shadow = """
            return x
            }

            func XCTAssertEqual(_ a: @autoclosure () throws -> [Double], _ b: @autoclosure () throws -> [Double],
                                _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {}

            func == (lhs: [Double], rhs: [Double]) -> Bool { true
            """
        let report = try grade(try submission(shadow, other: Self.correct))
        XCTAssertEqual(report.lessons[0].score, 0)
        let errors = try XCTUnwrap(report.lessons[0].compileErrors)
        XCTAssertTrue(errors.contains("is named like XCTest's functions"), errors)
        XCTAssertTrue(errors.contains("a global operator function `==`"), errors)
        let messages = report.lessons[0].exercises[0].items[0].messages
        XCTAssertEqual(messages.first, GradeReport.LessonGrade.refusedDeclaration)
        XCTAssertTrue(messages.last?.hasPrefix("first at exercises/Sources/Graded/ResidualStep.swift:") == true, "\(messages)")
        XCTAssertEqual(report.lessons[1].score, 2)
    }

    func testNamingSymbolsToReplaceTestMachineryIsRefused() throws {
        // Linked into the runner, a symbol defined by name would win over XCTest's or libc's.
        let replacing = """
            return x
            }

            @_silgen_name("$s6XCTest14XCTAssertEqualyyxyKXK_xyKXKSSyXKs12StaticStringVSutSQRzlF")
            public func quietAssert() {}

            @_cdecl("exit") public func quietExit(_ status: Int32) {
            """
        let report = try grade(try submission(replacing, other: Self.correct))
        XCTAssertEqual(report.lessons[0].score, 0)
        let errors = try XCTUnwrap(report.lessons[0].compileErrors)
        XCTAssertEqual(errors.components(separatedBy: "is not allowed: it names symbols").count - 1, 2, errors)
        XCTAssertEqual(report.lessons[1].score, 2)
        // `@convention(c)` closures are ordinary Swift and stay allowed.
        let convention = "let twice: @convention(c) (Double) -> Double = { 2 * $0 }\n    return x.map { $0 + f($0) + 0 * twice($0) }"
        let allowed = try grade(try submission(convention, other: Self.correct))
        XCTAssertNil(allowed.lessons[0].compileErrors)
        XCTAssertEqual(allowed.lessons[0].score, 2)
    }

    func testReplacingTheResultsFileCannotHangTheGrader() throws {
        // Every results file the test can see, whatever the grader names them.
        let swap = """
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "/results")) ?? [] {
                    unlink("/results/" + name)
                    mkfifo("/results/" + name, 0o666)
                }
                return x.map { $0 + f($0) }
            """
        let link = """
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "/results")) ?? [] {
                    unlink("/results/" + name)
                    symlink("/dev/zero", "/results/" + name)
                }
                return x.map { $0 + f($0) }
            """
        var action = GradeAction(
            workspace: workspace, submission: try submission(swap, other: link, imports: "import Foundation\nimport Glibc"),
            output: { _ in })
        action.testTimeout = 5
        let report = try action.perform()
        XCTAssertNotEqual(status(report), .passed)
        XCTAssertNotEqual(status(report, "other"), .passed)
    }

    func testAmbiguousSubmissionsPickTheShortestPathEveryTime() throws {
        let folder = try submission(Self.correct)
        let backup = folder.appendingPathComponent("backup/old")
        try FileManager.default.createDirectory(at: backup, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: folder.appendingPathComponent("exercises"), to: backup.appendingPathComponent("exercises"))
        try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] { x }\n"
            .write(to: backup.appendingPathComponent("exercises/Sources/Graded/ResidualStep.swift"), atomically: true, encoding: .utf8)
        for _ in 0..<3 {
            let report = try grade(folder)
            XCTAssertEqual(report.lessons[0].score, 2)
            XCTAssertEqual(
                report.lessons[0].fileNotes,
                [
                    "2 files could be Sources/Graded/ResidualStep.swift: graded 'exercises/Sources/Graded/ResidualStep.swift', "
                        + "left out 'backup/old/exercises/Sources/Graded/ResidualStep.swift'; hand in one copy"
                ])
        }
    }

    /// A loose upload (Gradescope's): a backup copy of a file, a name in another case, or no file
    /// at all each grade what the student most likely meant, and say so at the top of the page,
    /// where the failures alone read like wrong code (a red team's, round 25).
    func testLooseFilesAreMatchedByNameOrCaseAndTheChoiceIsSaid() throws {
        let correct = "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {\n    \(Self.correct)\n}\n"
        let wrong = "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] { x }\n"
        let upload = try TestSupport.temporaryFolder(self).appendingPathComponent("upload")
        try FileManager.default.createDirectory(at: upload.appendingPathComponent("backup"), withIntermediateDirectories: true)
        try correct.write(to: upload.appendingPathComponent("ResidualStep.swift"), atomically: true, encoding: .utf8)
        try wrong.write(to: upload.appendingPathComponent("backup/ResidualStep.swift"), atomically: true, encoding: .utf8)
        let copies = try grade(upload, lessons: ["graded"])
        XCTAssertEqual(copies.lessons.first?.score, 2)
        let page = try copies.gradescope(executionSeconds: 1)
        XCTAssertTrue(page.contains("graded 'ResidualStep.swift', left out 'backup/ResidualStep.swift'"), page)

        try FileManager.default.removeItem(at: upload.appendingPathComponent("backup"))
        try FileManager.default.moveItem(at: upload.appendingPathComponent("ResidualStep.swift"), to: upload.appendingPathComponent("residualstep.swift"))
        let cased = try grade(upload, lessons: ["graded"])
        XCTAssertEqual(cased.lessons.first?.score, 2)
        XCTAssertEqual(cased.lessons.first?.fileNotes, ["graded 'residualstep.swift' as ResidualStep.swift: the name differs in case; name it ResidualStep.swift"])
        XCTAssertTrue(cased.text().contains("note: graded 'residualstep.swift' as ResidualStep.swift"), cased.text())

        let helper = upload.appendingPathComponent("exercises/Sources/Graded/Helpers.swift")
        try FileManager.default.createDirectory(at: helper.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "func twice(_ x: Double) -> Double { 2 * x }\n".write(to: helper, atomically: true, encoding: .utf8)
        // The package's own re-export of the support module is no student file to warn about.
        try "@_exported import GradedSupport\n".write(to: helper.deletingLastPathComponent().appendingPathComponent("Support.swift"), atomically: true, encoding: .utf8)
        let extra = try grade(upload, lessons: ["graded"])
        XCTAssertTrue(
            extra.lessons.first?.fileNotes.contains(
                "not graded: 'exercises/Sources/Graded/Helpers.swift', not one of the lesson's exercise files (ResidualStep.swift); "
                    + "only those are compiled, so move its code into one of them") == true, "\(extra.lessons.first?.fileNotes ?? [])")
        try FileManager.default.removeItem(at: upload.appendingPathComponent("exercises"))

        try FileManager.default.removeItem(at: upload.appendingPathComponent("residualstep.swift"))
        let empty = try grade(upload, lessons: ["graded"])
        XCTAssertEqual(empty.lessons.first?.score, 0)
        let emptyPage = try empty.gradescope(executionSeconds: 1)
        XCTAssertTrue(emptyPage.contains("Graded: not found in your upload, so the stubs were graded: Sources/Graded/ResidualStep.swift"), emptyPage)
        XCTAssertTrue(emptyPage.contains("Upload your .swift files from exercises/Sources/"), emptyPage)
    }
}

extension GraderTests {
    /// Both lessons have `ResidualStep.swift`: a bare file of that name is neither's until the
    /// grading names one (`--lessons`), and without that the error says so, not "no exercise file".
    func testAFileNameTwoLessonsShareIsTheGradedLessons() throws {
        let folder = try TestSupport.temporaryFolder(self).appendingPathComponent("loose")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {\n    \(Self.correct)\n}\n"
            .write(to: folder.appendingPathComponent("ResidualStep.swift"), atomically: true, encoding: .utf8)
        let graded = try grade(folder, lessons: ["graded"])
        XCTAssertEqual(graded.lessons.map(\.id), ["graded"])
        XCTAssertEqual(graded.lessons.first?.score, 2)
        XCTAssertEqual(graded.lessons.first?.missingFiles, [])
        XCTAssertThrowsError(try grade(folder)) { error in
            XCTAssertTrue("\(error)".contains("ResidualStep.swift is an exercise file of more than one lesson (graded, other)"), "\(error)")
        }
    }

    func testSubmissionNamesKeepTheirDots() throws {
        let folder = try TestSupport.temporaryFolder(self).appendingPathComponent("jane.doe")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertEqual(try SubmissionReader().read(folder).name, "jane.doe")
    }
}
