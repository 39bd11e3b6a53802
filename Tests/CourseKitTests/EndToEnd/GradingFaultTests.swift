@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// `course grade` when it cannot grade: exit status 2, the reason on stderr, and any report asked
/// for says "could not grade" and why, never a score of zero.
final class GradingFaultTests: XCTestCase {
    private var root: URL!
    private var submission: URL!

    override func setUpWithError() throws {
        root = try TestSupport.course(["01-graded.md": NewLessonAction.template(id: "graded", title: "Graded", order: 1)], test: self)
        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: root).status, 0)
        submission = root.appendingPathComponent("student")
        try FileManager.default.createDirectory(at: submission, withIntermediateDirectories: true)
        try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] { x.map { $0 + f($0) } }\n"
            .write(to: submission.appendingPathComponent("ResidualStep.swift"), atomically: true, encoding: .utf8)
    }

    /// A folder holding a `bwrap` that cannot start a sandbox, to put first on PATH.
    static func brokenBubblewrap(_ test: XCTestCase) throws -> URL {
        let folder = try TestSupport.temporaryFolder(test)
        let bwrap = folder.appendingPathComponent("bwrap")
        try "#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n".write(to: bwrap, atomically: true, encoding: .utf8)
        chmod(bwrap.path, 0o755)
        return folder
    }

    private func grade(_ arguments: [String], path: String) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(
            TestSupport.courseExecutable.path, ["grade", submission.path] + arguments, in: root,
            environment: ["PATH": path], timeout: 600)
    }

    private var brokenPath: String {
        get throws { try Self.brokenBubblewrap(self).path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") }
    }

    func testSandboxThatCannotStartGivesExitTwoAndGradescopeResultsSayingWhy() throws {
        let results = root.appendingPathComponent("results/results.json")
        let outcome = try grade(["--format", "gradescope", "--output", results.path], path: try brokenPath)
        XCTAssertEqual(outcome.status, 2, outcome.output)
        XCTAssertTrue(outcome.output.contains("could not grade: bubblewrap could not start a sandbox"), outcome.output)
        XCTAssertTrue(outcome.output.contains("Permission denied"), outcome.output)

        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        let topLevel: Set<String> = [
            "score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
            "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"
        ]
        XCTAssertTrue(Set(json.keys).isSubset(of: topLevel), "\(json.keys)")
        XCTAssertEqual((json["tests"] as? [Any])?.count, 0, "no test ran, none is reported as failed")
        XCTAssertTrue((json["output"] as? String ?? "").contains("could not be graded"), "\(json)")
        XCTAssertTrue((json["output"] as? String ?? "").contains("bubblewrap could not start a sandbox"), "\(json)")
        let extra = try XCTUnwrap(json["extra_data"] as? [String: Any])
        XCTAssertEqual(extra["could_not_grade"] as? Bool, true)
        XCTAssertTrue((extra["reason"] as? String ?? "").contains("Permission denied"), "\(extra)")
    }

    func testEveryFormatWrittenToAFileSaysCouldNotGrade() throws {
        let path = try brokenPath
        let json = root.appendingPathComponent("report.json")
        XCTAssertEqual(try grade(["--format", "json", "-o", json.path], path: path).status, 2)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        XCTAssertEqual(object["status"] as? String, "could not grade")
        XCTAssertNil(object["score"], "a fault has no score")
        XCTAssertTrue((object["reason"] as? String ?? "").hasPrefix("bubblewrap could not start a sandbox"), "\(object)")

        let junit = root.appendingPathComponent("report.xml")
        XCTAssertEqual(try grade(["--format", "junit", "-o", junit.path], path: path).status, 2)
        let xml = try String(contentsOf: junit, encoding: .utf8)
        XCTAssertTrue(xml.contains("<error message=\"could not grade\" type=\"grading fault\">bubblewrap could not start a sandbox"), xml)

        // Text to standard output: nothing on stdout claims a score.
        let text = try grade([], path: path)
        XCTAssertEqual(text.status, 2)
        XCTAssertFalse(text.output.contains("points"), text.output)
    }

    func testMissingCompilerGivesExitTwo() throws {
        // PATH without the toolchain's folder (bwrap and the rest are in /usr/bin).
        let outcome = try ProcessRunner.run(
            TestSupport.courseExecutable.path, ["grade", submission.path, "--format", "gradescope"],
            in: root, environment: ["PATH": "/usr/bin:/bin"], timeout: 600)
        XCTAssertEqual(outcome.status, 2, outcome.output)
        XCTAssertTrue(outcome.output.contains("could not grade: swiftc was not found on PATH"), outcome.output)
        XCTAssertTrue(outcome.output.contains("\"could_not_grade\" : true"), "gradescope's results went to stdout: \(outcome.output)")
    }

    /// The same grading with a working sandbox scores as usual: the probe costs nothing else.
    func testWorkingSandboxGradesAsUsual() throws {
        let results = root.appendingPathComponent("results.json")
        let outcome = try grade(
            ["--format", "gradescope", "-o", results.path, "--no-benchmarks"],
            path: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        XCTAssertEqual(outcome.status, 0, outcome.output)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        XCTAssertEqual(json["score"] as? Double, 2)
        XCTAssertNil(json["extra_data"])
    }
}
