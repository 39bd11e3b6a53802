@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// The sandboxed test server runs a lesson's tests one after another in one sandbox, each in a
/// process forked for it. These fixtures check that a test cannot reach the tests after it: what
/// it leaves behind is gone, the server is out of its reach, and killing the server costs only
/// the test that did it.
final class TestServerTests: XCTestCase {
    private static let lesson = """
        ---
        id: probes
        title: Probes
        order: 1
        objectives:
          - Probe the sandbox.
        ---

        # Probes

        ```swift exercise id=probe points=5 title="Probe"
        func probe(_ step: Int) -> Int {
            // BEGIN SOLUTION
            return step
            // END SOLUTION
        }
        ```

        ```swift hidden-test exercise=probe
        func testALeavesThingsBehind() { XCTAssertEqual(probe(1), 1) }
        func testBFindsNothingLeft() { XCTAssertEqual(probe(2), 2) }
        func testCCannotReachTheServer() { XCTAssertEqual(probe(3), 3) }
        func testDKillsTheServer() { XCTAssertEqual(probe(4), 4) }
        func testERunsInANewServer() { XCTAssertEqual(probe(5), 5) }
        ```

        """

    /// Each step returns its number only when what it checks holds.
    private static let hostile = """
        import Foundation
        import Glibc

        func probe(_ step: Int) -> Int {
            switch step {
            case 1:
                FileManager.default.createFile(atPath: "/tmp/left", contents: Data("x".utf8))
                FileManager.default.createFile(atPath: "/scratch/left", contents: Data("x".utf8))
                if fork() == 0 { while true { sleep(1) } }
                return 1
            case 2:
                let files = ["/tmp/left", "/scratch/left"].filter { FileManager.default.fileExists(atPath: $0) }
                let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
                let strangers = processes.filter { $0 != 1 && $0 != getpid() && $0 != getppid() }
                // No folder of the grader's disk is mounted: results come back through the server's pipe.
                let hostFolder = FileManager.default.fileExists(atPath: "/results")
                return files.isEmpty && strangers.isEmpty && !processes.isEmpty && !hostFolder ? 2 : -1
            case 3:
                let server = getppid()
                let paths: [String] = ["/proc/\\(server)/mem", "/proc/\\(server)/fd/0", "/proc/\\(server)/environ"]
                let reachable = paths.filter { Glibc.open($0, O_RDONLY) >= 0 }
                return reachable.isEmpty ? 3 : -1
            case 4:
                kill(getppid(), SIGKILL)
                usleep(200_000)
                return 4
            default:
                return step
            }
        }

        """

    /// The probes course, generated, and a submission folder whose `probe` is `code`.
    private func course(submitting code: String) throws -> (Workspace, URL) {
        let root = try TestSupport.course(["01-probes.md": Self.lesson], test: self)
        let workspace = Workspace(root: root)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
        let student = try TestSupport.temporaryFolder(self).appendingPathComponent("student")
        let file = student.appendingPathComponent("exercises/Sources/Probes/Probe.swift")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try code.write(to: file, atomically: true, encoding: .utf8)
        return (workspace, student)
    }

    func testATestCannotReachTheTestsAfterIt() throws {
        let (workspace, student) = try course(submitting: Self.hostile)
        var action = GradeAction(workspace: workspace, submission: student, output: { _ in })
        action.testConcurrency = 1  // one server: every test runs after the one before it, in the same sandbox
        action.admitsSubmissions = false  // the probes use files and processes: this attacks the server, not admission
        let report = try action.perform()
        XCTAssertNil(report.lessons.first?.compileErrors)
        let items = try XCTUnwrap(report.lessons.first?.exercises.first?.items)
        let status = Dictionary(uniqueKeysWithValues: items.map { ($0.name, $0.status) })
        XCTAssertEqual(status["ProbeHiddenTests/testALeavesThingsBehind"], .passed)
        XCTAssertEqual(status["ProbeHiddenTests/testBFindsNothingLeft"], .passed, "files and processes of the test before are gone")
        XCTAssertEqual(status["ProbeHiddenTests/testCCannotReachTheServer"], .passed, "the server's memory and stdin are closed to tests")
        XCTAssertEqual(status["ProbeHiddenTests/testDKillsTheServer"], .crashed, "killing the server costs the test its verdict")
        XCTAssertEqual(status["ProbeHiddenTests/testERunsInANewServer"], .passed)
        XCTAssertEqual(report.score, 4)
    }

    func testAServerThatDoesNotStartIsTriedOnceAndEachTestGetsAProcess() throws {
        let (workspace, student) = try course(submitting: "func probe(_ step: Int) -> Int { step }\n")
        // A bubblewrap that refuses to start a server (and counts the tries) but runs single tests.
        let folder = try TestSupport.temporaryFolder(self)
        let log = folder.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        chmod(log.path, 0o666)
        var sandbox = try Sandbox()
        let fake = folder.appendingPathComponent("bwrap")
        try """
        #!/bin/sh
        for argument in "$@"; do
          if [ "$argument" = "--serve" ]; then echo serve >> "\(log.path)"; exit 1; fi
        done
        exec "\(sandbox.bwrap)" "$@"

        """.write(to: fake, atomically: true, encoding: .utf8)
        chmod(fake.path, 0o755)
        sandbox.bwrap = fake.path

        var grader = try Grader(
            bundle: workspace.graderBundle, compiler: try SwiftCompiler(),
            workDirectory: folder.appendingPathComponent("work"), sandbox: sandbox)
        grader.cacheDirectory = workspace.gradeCache
        grader.engineCacheDirectory = workspace.engineCache
        grader.runBenchmarks = false
        grader.testConcurrency = 1
        let report = try grader.grade(try SubmissionReader().read(student))
        XCTAssertEqual(report.score, 5, "every test passed in a process of its own")
        XCTAssertEqual(try String(contentsOf: log, encoding: .utf8), "serve\n", "one try per worker, not one per test")
    }
}
