@testable import CourseGrading
@testable import CourseKit
import Foundation
import XCTest

/// Threads (like reflection, files, dynamic loading and raw C calls) are refused unless the
/// lesson's front matter allows them, and the refusal names the call.
final class AdmissionOptInTests: XCTestCase {
    static let threaded = """
        import Dispatch

        func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
            var out = x
            out.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: x.count) { i in base[i] = x[i] + f(x[i]) }
            }
            return out
        }

        """

    private func grade(frontMatter: String) throws -> GradeReport {
        try TestSupport.gradeScaffold(Self.threaded, frontMatter: frontMatter, test: self)
    }

    func testThreadsAreRefusedByDefaultWithTheCallNamed() throws {
        let report = try grade(frontMatter: "")
        XCTAssertEqual(report.score, 0)
        let errors = report.lessons[0].compileErrors ?? ""
        XCTAssertTrue(errors.contains("`Dispatch` may not be imported"), errors)
    }

    func testALessonThatAllowsThreadsAdmitsThem() throws {
        let report = try grade(frontMatter: "allow: [threads]\n")
        XCTAssertEqual(report.score, 2, report.text())
    }

    func testAnUnknownOptInIsAnError() {
        let text = NewLessonAction.template(id: "graded", title: "Graded", order: 1)
            .replacingOccurrences(of: "order: 1\n", with: "order: 1\nallow: [sockets]\n")
        let (_, diagnostics) = TestSupport.parse(text)
        XCTAssertTrue(diagnostics.contains { $0.id == "course.frontMatter.badChoice" && $0.message.contains("'threads'") }, "\(diagnostics)")
    }
}
