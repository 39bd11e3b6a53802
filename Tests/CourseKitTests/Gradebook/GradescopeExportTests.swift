import Foundation
import XCTest
@testable import CourseKit

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
        // What setup.sh does once on the image (after its apt-get): prebuild the grading caches.
        let setup = try String(contentsOf: source.appendingPathComponent("setup.sh"), encoding: .utf8)
        XCTAssertTrue(setup.contains("\"$here/bin/course\" prebuild --root \"$here/course-root\""), setup)
        let prebuilt = try ProcessRunner.run(source.appendingPathComponent("bin/course").path,
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
            let outcome = try ProcessRunner.run(bash, [source.appendingPathComponent("run_autograder").path],
                                                environment: ["COURSE_AUTOGRADER": source.path, "COURSE_SUBMISSION": submission.path,
                                                              "COURSE_RESULTS": results.path], timeout: 600)
            XCTAssertEqual(outcome.status, 0, outcome.output)
            let data = try Data(contentsOf: results.appendingPathComponent("results.json"))
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        let graded = try run(autograder.appendingPathComponent("results"))
        XCTAssertEqual(graded["score"] as? Double, 2)
        XCTAssertEqual((graded["tests"] as? [[String: Any]])?.first?["status"] as? String, "passed")
        XCTAssertEqual(try cached(), before, "grading used the prebuilt tests, it built no others")

        // A submission that cannot be graded still yields a results.json that says why.
        try FileManager.default.removeItem(at: submission)
        try Data("not a zip".utf8).write(to: submission.appendingPathExtension("zip"))
        try FileManager.default.moveItem(at: submission.appendingPathExtension("zip"), to: submission)
        let failed = try run(autograder.appendingPathComponent("results-2"))
        XCTAssertEqual(failed["score"] as? Double, 0)
        XCTAssertTrue((failed["output"] as? String ?? "").contains("could not be graded"), "\(failed)")
    }
}
