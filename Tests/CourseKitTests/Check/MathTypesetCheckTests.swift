@testable import CourseAuthoring
import Foundation
import XCTest

/// TeX that KaTeX cannot typeset is reported at the line and column where KaTeX stopped.
final class MathTypesetCheckTests: XCTestCase {
    private func diagnostics(_ body: String) throws -> [String] {
        try XCTSkipIf(MathTypesetCheck.unavailableReason != nil, MathTypesetCheck.unavailableReason ?? "")
        let text = "---\nid: tex\ntitle: TeX\norder: 1\nobjectives:\n  - Typeset.\n---\n\n" + body
        let lesson = try XCTUnwrap(TestSupport.parse(text, file: "lessons/tex.md").0)
        return try MathTypesetCheck.diagnostics(for: [lesson]).map(\.description)
    }

    func testFormulasKaTeXTypesetsPass() throws {
        XCTAssertEqual(try diagnostics("Inline $x_{l+1} = x_l + F(x_l)$, $\\lVert x \\rVert$ and\n\n$$\n\\int_0^1 f(x)\\,dx\n$$\n"), [])
    }

    func testEachFailureIsAtTheColumnWhereKaTeXStopped() throws {
        // The unclosed \frac runs to the end of its input, which is the line of the closing $$.
        XCTAssertEqual(
            try diagnostics("A fine $a$ and a bad $x + \\growsas L$.\n\n$$\n\\sum_i x_i\n\\frac{1}{\n$$\n\n`$\\foo$` in code is not math.\n"),
            [
                "lessons/tex.md:9:27: error: KaTeX cannot typeset this formula: Undefined control sequence: \\growsas [course.math.katex]",
                "lessons/tex.md:14:1: error: KaTeX cannot typeset this formula: Unexpected end of input in a macro argument, expected '}' [course.math.katex]"
            ])
    }

    func testTheCoursesOwnLessonsTypeset() throws {
        try XCTSkipIf(MathTypesetCheck.unavailableReason != nil, MathTypesetCheck.unavailableReason ?? "")
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        XCTAssertGreaterThan(course.lessons.count, 5)
        XCTAssertEqual(try MathTypesetCheck.diagnostics(for: course.lessons).map(\.description), [])
    }
}
