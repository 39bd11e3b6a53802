@testable import CourseGrading
@testable import CourseToolchain
import Foundation
import XCTest

/// The machine-read formats as their consumers read them: JUnit validated against the schema in
/// Fixtures/junit and read back by junitparser, Gradescope's scores in cents that add up, the
/// project's JSON decoded back into its own types. Pure functions of a report: nothing is graded.
final class ReportFormatTests: XCTestCase {
    /// What a student's assertion message or a compiler line quoting their code may hold: an
    /// attempt to close the element and add a passing test case, with control characters. The
    /// counts and verdicts asserted below must come out as if it were plain text.
    static let forgery = "]]></failure></testcase><testcase classname=\"euler.x\" name=\"forged\" time=\"0\"/><!-- \u{1B}[2J\u{7}"

    /// Every status once, shares of 11 points that do not divide into cents, a lesson that did not compile.
    static let report: GradeReport = {
        func item(
            _ name: String, _ status: GradeReport.ItemGrade.Status, kind: GradedItem.Kind = .test, score: Double? = nil,
            seconds: Double? = 0.25, messages: [String] = []
        ) -> GradeReport.ItemGrade {
            .init(
                name: name, kind: kind, status: status, score: score ?? (status == .passed ? 11.0 / 3 : 0), maxScore: 11.0 / 3,
                messages: messages, seconds: seconds)
        }
        let figures = GradeReport.BenchmarkFigures(ratio: 1.08, low: 1.02, high: 1.15, threshold: 2, pairs: 15)
        var timed = item("euler-step", .passed, kind: .benchmark, messages: ["1.08× the reference's time"])
        timed.benchmark = figures
        let graded = GradeReport.LessonGrade(
            id: "euler", title: "Euler", compileErrors: nil, apiErrors: [], missingFiles: [],
            exercises: [
                .init(
                    id: "euler-step",
                    items: [
                        item("EulerStepHiddenTests/testZero", .passed),
                        item(
                            "EulerStepHiddenTests/testSign", .failed,
                            messages: ["XCTAssertEqual failed: 1 is not 2 " + ReportFormatTests.forgery]),
                        timed
                    ]),
                .init(
                    id: "euler-gain",
                    items: [
                        item("EulerGainHiddenTests/testHang", .timedOut, messages: ["no result within the time limit"]),
                        item("EulerGainHiddenTests/testCrash", .crashed, messages: ["Fatal error: index out of range " + ReportFormatTests.forgery]),
                        item("euler-gain", .notRun, kind: .benchmark, seconds: nil, messages: ["not timed"])
                    ])
            ])
        let broken = GradeReport.LessonGrade(
            id: "odes", title: "ODEs", compileErrors: "Flow.swift:3:9: error: cannot find 'y' in scope",
            apiErrors: [], missingFiles: [],
            exercises: [
                .init(
                    id: "flow",
                    items: [
                        item("FlowHiddenTests/testA", .notCompiled, seconds: nil, messages: ["your code for this lesson does not compile"]),
                        item("flow", .notCompiled, kind: .benchmark, seconds: nil)
                    ])
            ])
        return GradeReport(submission: "alice", lessons: [graded, broken])
    }()

    func testJUnitIsValidAgainstTheSchemaAndReadBackByJunitparser() throws {
        let read = try readBack(Self.report.junit(timestamp: Date(timeIntervalSince1970: 1_800_000_000)))
        XCTAssertTrue(read.valid, (read.errors ?? []).joined(separator: "\n"))
        let suites = try XCTUnwrap(read.suites)
        XCTAssertEqual(suites.map(\.name), ["euler", "odes"])
        XCTAssertEqual(suites.map(\.tests), [6, 2])
        XCTAssertEqual(suites.map(\.failures), [1, 2])
        XCTAssertEqual(suites.map(\.errors), [2, 0])
        XCTAssertEqual(suites.map(\.skipped), [1, 0])
        XCTAssertEqual(suites[0].time, 1.25, accuracy: 0.001, "five items ran for 0.25 s each")
        XCTAssertEqual(suites[0].properties["score"], "7.33")
        XCTAssertEqual(suites[1].properties["max_score"], "7.33")
        let results = Dictionary(uniqueKeysWithValues: try XCTUnwrap(read.cases).map { ($0.name, $0) })
        XCTAssertEqual(results["EulerStepHiddenTests/testZero"]?.result, "passed")
        XCTAssertEqual(results["EulerStepHiddenTests/testSign"]?.result, "failure")
        XCTAssertEqual(results["EulerStepHiddenTests/testSign"]?.type, "assertion")
        XCTAssertEqual(results["EulerGainHiddenTests/testHang"]?.type, "timeout")
        XCTAssertEqual(results["EulerGainHiddenTests/testCrash"]?.result, "error")
        XCTAssertEqual(results["euler-gain"]?.result, "skipped", "a benchmark that was not timed is skipped, not failed")
        XCTAssertEqual(results["FlowHiddenTests/testA"]?.type, "compilation")
        XCTAssertEqual(results["EulerStepHiddenTests/testZero"]?.classname, "euler.euler-step")
    }

    func testJUnitWithoutARequiredAttributeFailsTheSchema() throws {
        // The schema check can fail: the same document without `time` on a testcase is refused.
        let read = try readBack(Self.report.junit().replacingOccurrences(of: " time=\"0.250\">", with: ">"))
        XCTAssertFalse(read.valid)
        XCTAssertTrue((read.errors ?? []).joined().contains("time"), "\(read.errors ?? [])")
    }

    func testGradescopeScoresAreCentsThatAddUp() throws {
        let results = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try Self.report.gradescope(executionSeconds: 2).utf8)) as? [String: Any])
        let tests = try XCTUnwrap(results["tests"] as? [[String: Any]])
        let maxima = tests.compactMap { $0["max_score"] as? Double }
        let scores = tests.compactMap { $0["score"] as? Double }
        XCTAssertEqual(tests.count, 7, "the benchmark that was not timed is left out")
        for value in maxima + scores { XCTAssertEqual(value, (value * 100).rounded() / 100, "\(value) has more than two decimals") }
        XCTAssertEqual(Array(maxima.prefix(3)).reduce(0, +), 11, accuracy: 1e-9, "an exercise's shares add up to its points")
        XCTAssertEqual(try XCTUnwrap(results["score"] as? Double), scores.reduce(0, +), accuracy: 1e-9, "the total is what the tests show")
        let output = try XCTUnwrap(results["output"] as? String)
        XCTAssertTrue(output.contains("ODEs: your code does not compile:\nFlow.swift:3:9: error: cannot find 'y' in scope"), output)
        let names = tests.compactMap { $0["name"] as? String }
        XCTAssertEqual(Set(names).count, names.count, "names are distinct: \(names)")
        XCTAssertTrue(names.contains("Euler › euler-step › benchmark euler-step (speed against the reference)"), "\(names)")
        XCTAssertEqual(GradeReport.centsSummingExactly([11.0 / 3, 11.0 / 3, 11.0 / 3]), [3.67, 3.67, 3.66])
        XCTAssertEqual(GradeReport.centsSummingExactly([0.29, 0.3, 0.41]), [0.29, 0.3, 0.41])
    }

    func testProjectJSONDecodesBackIntoItsTypes() throws {
        let json = try Self.report.json()
        let decoded = try JSONDecoder().decode(GradeReportJSON.self, from: Data(json.utf8))
        XCTAssertEqual(decoded, GradeReportJSON(Self.report))
        XCTAssertEqual(decoded.schema, "residualcourse-grade/1")
        XCTAssertEqual(decoded.lessons[0].exercises[0].items[2].benchmark?.interval, [1.02, 1.15])
        XCTAssertEqual(decoded.lessons[1].compileErrors, "Flow.swift:3:9: error: cannot find 'y' in scope")
        XCTAssertNil(decoded.lessons[0].compileErrors)
        XCTAssertFalse(json.contains("\"compile_errors\" : null"), "absent fields are left out, as schema 1 always did")
        XCTAssertTrue(json.contains("\"max_score\""))
    }

    /// `xml` validated against Fixtures/junit/junit.xsd and read back by junitparser (read_junit.py).
    private func readBack(_ xml: String, file: StaticString = #filePath, line: UInt = #line) throws -> ReadBack {
        let python = TestSupport.repositoryRoot.appendingPathComponent(".build-venv-formats/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            XCTFail("junitparser is not installed; run scripts/python-env scripts/requirements-formats.txt (scripts/test does)", file: file, line: line)
            throw CourseError.toolFailed("no junitparser")
        }
        let report = try TestSupport.temporaryFolder(self).appendingPathComponent("report.xml")
        try xml.write(to: report, atomically: true, encoding: .utf8)
        let fixtures = TestSupport.repositoryRoot.appendingPathComponent("Tests/CourseKitTests/Fixtures/junit")
        let run = try ProcessRunner.run(
            python.path,
            [
                fixtures.appendingPathComponent("read_junit.py").path,
                fixtures.appendingPathComponent("junit.xsd").path, report.path
            ])
        XCTAssertEqual(run.status, 0, run.output, file: file, line: line)
        return try JSONDecoder().decode(ReadBack.self, from: Data(run.output.utf8))
    }

    /// What read_junit.py prints.
    private struct ReadBack: Decodable {
        struct Suite: Decodable {
            var name: String, tests: Int, failures: Int, errors: Int, skipped: Int, time: Double
            var properties: [String: String]
        }
        struct Case: Decodable { var suite: String, classname: String, name: String, time: Double, result: String, type: String? }
        var valid: Bool
        var errors: [String]?
        var suites: [Suite]?
        var cases: [Case]?
    }
}
