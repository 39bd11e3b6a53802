@testable import CourseAuthoring
import XCTest

/// A compile error in the mutant schemata names the mutant whose code holds it.
final class SchemataErrorFinderTests: XCTestCase {
    func testAnErrorColumnNamesTheMutantWhoseCodeHoldsIt() throws {
        let code = "func f(_ s: String, _ a: Double) -> Double {\n    let t = s + s\n    return a * 2\n}\n"
        var mutants = MutantGenerator.mutants(of: code, exercise: "x", regions: [1...2])
        for index in mutants.indices { mutants[index].id = index + 1 }
        let rendered = MutantSchemata.apply(mutants, to: code).code
        let text = rendered.split(separator: "\n")[1]
        let line = Array(text.utf8)
        let minus = try XCTUnwrap(mutants.first { $0.replacement == "s - s" })
        // The compiler reports `-` on strings at the operator, inside that mutant's code.
        let offset = text[..<(try XCTUnwrap(text.range(of: "s - s"))).lowerBound].utf8.count + 2
        XCTAssertTrue(SchemataErrorFinder.holds(line, offset, minus))
        XCTAssertEqual(mutants.filter { SchemataErrorFinder.holds(line, offset, $0) }.map(\.id), [minus.id], "no other mutant holds it")
        XCTAssertFalse(SchemataErrorFinder.holds(line, 4, minus), "`let` is the reference's code")
    }

    func testErrorsAreReadFromTheLessonFileOnly() {
        let output = """
            lessons/05-x.md:265:44: error: binary operator '-' cannot be applied to two 'Cost' operands
            lessons/05-x.md:266:1: warning: expression took 600ms to type-check
            reference/Support.swift:3:9: error: cannot find 'y' in scope
            lessons/05-x.md:300:12: error: the compiler is unable to type-check this expression in reasonable time
            """
        XCTAssertEqual(
            SchemataErrorFinder.errors(in: output, file: "lessons/05-x.md"),
            [.init(line: 265, column: 44), .init(line: 300, column: 12)])
    }
}
