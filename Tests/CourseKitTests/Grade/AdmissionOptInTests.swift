@testable import CourseGrading
@testable import CourseKit
import CourseToolchain
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

    /// Threads that share an array write through a pointer, which is an opt-in of its own.
    func testALessonThatAllowsThreadsAdmitsThem() throws {
        let threadsOnly = try grade(frontMatter: "allow: [threads]\n")
        XCTAssertEqual(threadsOnly.score, 0)
        let errors = threadsOnly.lessons[0].compileErrors ?? ""
        XCTAssertTrue(errors.contains("`withUnsafeMutableBufferPointer` reaches memory through a pointer"), errors)
        let report = try grade(frontMatter: "allow: [threads, unsafe-pointers]\n")
        XCTAssertEqual(report.score, 2, report.text())
    }

    /// A wrong function that zeroes the array it was lent (copy-on-write shares the test's own
    /// buffer) makes a test that computes its expected value from that array afterwards agree
    /// with it. Pointers are refused by default, so it scores nothing; a lesson that allows them
    /// is open to it, which docs/authoring.md says.
    func testAFunctionCannotOverwriteTheArrayItWasLent() throws {
        let lesson = NewLessonAction.template(id: "graded", title: "Graded", order: 1)
            .replacingOccurrences(
                of: "XCTAssertEqual(residualStep([1, -2], { 2 * $0 }), [3, -6])",
                with: "let x = (0..<8).map { Double($0) + 0.5 }\n    let y = residualStep(x, { 2 * $0 })\n    XCTAssertEqual(y, x.map { 3 * $0 })")
        XCTAssertTrue(lesson.contains("x.map { 3 * $0 }"))
        let overwriting = """
            func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
                if x.count > 3 {
                    x.withUnsafeBufferPointer { UnsafeMutablePointer(mutating: $0.baseAddress!).update(repeating: 0, count: x.count) }
                    return Array(repeating: 0, count: x.count)
                }
                return x.map { $0 + f($0) }
            }

            """
        func grade(_ frontMatter: String) throws -> GradeReport {
            let root = try TestSupport.course(["01-graded.md": lesson.replacingOccurrences(of: "order: 1\n", with: "order: 1\n" + frontMatter)], test: self)
            try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
            let file = root.appendingPathComponent("student/exercises/Sources/Graded/ResidualStep.swift")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try overwriting.write(to: file, atomically: true, encoding: .utf8)
            return try GradeAction(workspace: Workspace(root: root), submission: root.appendingPathComponent("student"), output: { _ in }).perform()
        }
        let refused = try grade("")
        XCTAssertEqual(refused.score, 0, refused.text())
        XCTAssertTrue((refused.lessons[0].compileErrors ?? "").contains("reaches memory through a pointer"), refused.text())
        let allowed = try grade("allow: [unsafe-pointers]\n")
        XCTAssertEqual(allowed.score, 2, "the opt-in's risk, shown: \(allowed.text())")
    }

    func testAnUnknownOptInIsAnError() {
        let text = NewLessonAction.template(id: "graded", title: "Graded", order: 1)
            .replacingOccurrences(of: "order: 1\n", with: "order: 1\nallow: [sockets]\n")
        let (_, diagnostics) = TestSupport.parse(text)
        XCTAssertTrue(diagnostics.contains { $0.id == "course.frontMatter.badChoice" && $0.message.contains("'threads'") }, "\(diagnostics)")
    }
}
