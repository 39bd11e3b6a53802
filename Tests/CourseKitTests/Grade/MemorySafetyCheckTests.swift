@testable import CourseGrading
@testable import CourseToolchain
import Foundation
@testable import HandinRules
import XCTest

/// The compiler's strict memory safety check as an admission rule: what it reports in the
/// student's files refuses the lesson, whatever the construct is called; the lesson's own
/// support code is not the student's to answer for; and a lesson that allows pointers is not checked.
final class MemorySafetyCheckTests: XCTestCase {
    /// Unchecked `Span`, `MutableSpan` and `InlineArray` access: plain names the source rules admit.
    static let uncheckedAccess = """
        func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
            var cells: InlineArray<2, Double> = [0, 0]
            var scratch = [Double](repeating: 0, count: 2)
            var window = scratch.mutableSpan
            if x.count > 100 {
                cells[unchecked: x.count] = 1
                window[unchecked: x.count] = cells[0]
                _ = x.span[unchecked: x.count]
            }
            return x.map { $0 + f($0) }
        }

        """

    func testTheCompilersReportsInTheStudentsFilesAreRefusals() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let student = "exercises/Sources/Graded/Step.swift", support = "support/Support.swift"
        for (path, text) in [(student, Self.uncheckedAccess), (support, "func peek(_ s: Span<Int>) -> Int { s[unchecked: 0] }\n")] {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let compiler = try SwiftCompiler()
        let result = try compiler.compileModuleObject(
            "Graded", sources: [student, support], workingDirectory: folder, output: folder.appendingPathComponent("Graded.o"),
            extraFlags: [MemorySafetyCheck.flag])
        XCTAssertTrue(result.succeeded, "the check warns; admission decides:\n\(result.output)")
        let refusals = MemorySafetyCheck.refusals(in: result.output, paths: [student])
        XCTAssertEqual(refusals.map { $0.components(separatedBy: ": error: ")[0] }, ["\(student):6:9", "\(student):7:9", "\(student):8:13"], result.output)
        for refusal in refusals {
            XCTAssertTrue(refusal.contains("this lesson does not allow code that reaches memory unchecked"), refusal)
        }
        XCTAssertTrue(result.output.contains("Support.swift:1:"), "the support file is checked too, and not counted:\n\(result.output)")
        XCTAssertEqual(MemorySafetyCheck.refusals(in: result.output, paths: ["exercises/Sources/Graded/Other.swift"]), [])
    }

    func testAFailedCompileShowsItsErrorsWithoutTheWarningsTheCheckTurnedOn() {
        let output = """
            a.swift:3:5: warning: expression uses unsafe constructs but is not marked with 'unsafe' [#StrictMemorySafety]
            func f() { a[unchecked: 5] = 3 }
                       ^
            a.swift:3:6: note: reference to unsafe subscript 'subscript(unchecked:)'
                a[unchecked: 5] = 3
                 ^
            b.swift:9:1: error: cannot find 'frobnicate' in scope
            frobnicate()
            ^~~~~~~~~~
            b.swift:2:6: note: did you mean 'frobnicated'?
            error: compile command failed due to signal 6
            """
        XCTAssertEqual(
            SwiftCompiler.keepingErrors(output),
            """
            b.swift:9:1: error: cannot find 'frobnicate' in scope
            frobnicate()
            ^~~~~~~~~~
            b.swift:2:6: note: did you mean 'frobnicated'?
            error: compile command failed due to signal 6
            """)
    }

    func testUncheckedAccessScoresNothingUnlessTheLessonAllowsPointers() throws {
        let refused = try TestSupport.gradeScaffold(Self.uncheckedAccess, test: self)
        XCTAssertEqual(refused.score, 0, refused.text())
        let errors = try XCTUnwrap(refused.lessons[0].compileErrors, refused.text())
        XCTAssertEqual(errors.split(separator: "\n").count, 3, errors)
        XCTAssertTrue(errors.hasPrefix("exercises/Sources/Graded/ResidualStep.swift:6:"), errors)
        XCTAssertTrue(errors.contains("strict memory safety"), errors)

        let allowed = try TestSupport.gradeScaffold(Self.uncheckedAccess, frontMatter: "allow: [unsafe-pointers]\n", test: self)
        XCTAssertEqual(allowed.score, allowed.maxScore, allowed.text())
    }

    /// A red team put the unchecked access after megabytes of warnings (unused variables), past
    /// the output the grader keeps: output it cannot read in full refuses the lesson.
    func testReportsBuriedUnderWarningsStillRefuse() throws {
        let flood = (0..<4).map { function in
            "func padding\(function)() { " + (0..<300).map { "var v\($0) = 0; " }.joined() + "}\n"
        }.joined()
        let report = try TestSupport.gradeScaffold(flood + Self.uncheckedAccess, test: self)
        XCTAssertEqual(report.score, 0, report.text())
        let errors = try XCTUnwrap(report.lessons[0].compileErrors, report.text())
        XCTAssertTrue(errors.contains("run past what the grader reads"), errors)
    }
}
