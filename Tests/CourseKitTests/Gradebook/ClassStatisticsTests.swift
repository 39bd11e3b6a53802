@testable import CourseGrading
@testable import CourseToolchain
import Foundation
import XCTest

/// The class's statistics over each student's record: the latest grade of each lesson counts,
/// tests passed by the slips rule are counted apart, and benchmarks not timed count in no ratio.
final class ClassStatisticsTests: XCTestCase {
    private func report(_ student: String, test: GradeReport.ItemGrade.Status, message: String = "", benchmark: GradeReport.ItemGrade) -> GradeReport {
        let item = GradeReport.ItemGrade(
            name: "StepHiddenTests/testA", kind: .test, status: test, score: test == .passed ? 2 : 0, maxScore: 2,
            messages: message.isEmpty ? [] : [message])
        return GradeReport(
            submission: student,
            lessons: [
                .init(id: "euler", title: "Euler", compileErrors: nil, apiErrors: [], missingFiles: [], exercises: [.init(id: "step", items: [item, benchmark])])
            ])
    }

    private func timed(_ ratio: Double) -> GradeReport.ItemGrade {
        var item = GradeReport.ItemGrade(name: "step", kind: .benchmark, status: ratio <= 2 ? .passed : .failed, score: ratio <= 2 ? 1 : 0, maxScore: 1, messages: [])
        item.benchmark = .init(ratio: ratio, low: ratio, high: ratio, threshold: 2, pairs: 9)
        return item
    }

    func testCountsEachStudentsLatestGrade() throws {
        let book = try Gradebook(path: try TestSupport.temporaryFolder(self).appendingPathComponent("book.sqlite").path)
        // Alice's first hand-in failed; her second, graded later, is her record.
        try book.record(student: "alice", contentHash: "a1", report: report("alice", test: .failed, benchmark: timed(9)), gradedWith: "c")
        try book.record(student: "alice", contentHash: "a2", report: report("alice", test: .passed, benchmark: timed(1.1)), gradedWith: "c")
        try book.record(student: "bob", contentHash: "b1", report: report("bob", test: .failed, benchmark: timed(2.5)), gradedWith: "c")
        let notTimed = GradeReport.ItemGrade(name: "step", kind: .benchmark, status: .notRun, score: 0, maxScore: 1, messages: [])
        let rescued = Grader.passedWithReference(["euler-step"])
        try book.record(student: "carol", contentHash: "c1", report: report("carol", test: .passed, message: rescued, benchmark: notTimed), gradedWith: "c")

        let statistics = try book.statistics()
        XCTAssertEqual(statistics.students, 3)
        XCTAssertEqual(statistics.exercises.count, 1)
        let step = try XCTUnwrap(statistics.exercises.first)
        XCTAssertEqual(step.graded, 3)
        XCTAssertEqual(step.fullMarks, 2, "alice 3 of 3, carol 2 of 2 (her benchmark was not run), bob 0 of 3")
        XCTAssertEqual(step.meanScore, (3 + 0 + 2) / 3.0, accuracy: 1e-12)
        XCTAssertEqual(step.maxScore, (3 + 3 + 2) / 3.0, accuracy: 1e-12)
        let test = try XCTUnwrap(statistics.items.first { $0.kind == "test" })
        XCTAssertEqual([test.graded, test.passed, test.passedBySlipsRule], [3, 2, 1])
        let benchmark = try XCTUnwrap(statistics.items.first { $0.kind == "benchmark" })
        XCTAssertEqual([benchmark.graded, benchmark.passed, benchmark.notRun], [3, 1, 1])
        XCTAssertEqual(benchmark.ratios, [1.1, 2.5], "alice's first 9× is not her record")

        let text = statistics.text()
        XCTAssertTrue(text.contains("euler › step: 1.67 / 2.67, 2 of 3 full"), text)
        XCTAssertTrue(text.contains("euler › step › StepHiddenTests/testA: 2 of 3 passed (1 only with the reference's code for another exercise)"), text)
        XCTAssertTrue(text.contains("euler › step › step: 1 of 2 within the threshold; ratio median 1.8×, largest 2.5×; 1 not timed"), text)
        let csv = statistics.csv().split(separator: "\n").map(String.init)
        XCTAssertEqual(csv.first, "lesson,exercise,item,kind,graded,passed,passed by the slips rule,not run,ratio median,ratio largest")
        XCTAssertTrue(csv.contains("euler,step,step,benchmark,3,1,0,1,1.800,2.500"), "\(csv)")
    }

    func testAnEmptyGradebookSaysSo() throws {
        let book = try Gradebook(path: try TestSupport.temporaryFolder(self).appendingPathComponent("book.sqlite").path)
        let statistics = try book.statistics()
        XCTAssertEqual(statistics.students, 0)
        XCTAssertTrue(statistics.text().contains("0 students"), statistics.text())
        XCTAssertTrue(statistics.text().contains("  none\n"), statistics.text())
    }
}
