@testable import CourseAuthoring
import XCTest

/// Expected values kept in named fixtures are hidden from the blind runner like literals, and
/// their declarations leave it when nothing else there uses them.
final class NamedConstantTests: XCTestCase {
    func testNamedExpectedValuesLeaveTheBlindRunner() throws {
        let fence = "```"
        let text = """
            ---
            id: fixtures
            title: Fixtures
            order: 1
            objectives:
              - Keep expected values out of the student's process.
            ---

            # Fixtures

            \(fence)swift exercise id=total points=1
            func total(_ x: [Double]) -> Double {
                // BEGIN SOLUTION
                return x.reduce(0, +)
                // END SOLUTION
            }
            \(fence)

            \(fence)swift hidden-test exercise=total
            // Fixtures from a reference computation.
            let expectedTotal = 7.0625
            let expectedPrefix: [Double] = [
                3.03125, 7.0625
            ]
            let input: [Double] = [3.03125, 4.03125]
            let shadowed = 9.5
            func testTotal() {
                XCTAssertEqual(total(input), expectedTotal, accuracy: 1e-12 * expectedTotal)
            }
            \(fence)

            \(fence)swift hidden-test exercise=total
            func testPrefix() {
                XCTAssertEqual(total(Array(input.prefix(1))), expectedPrefix[0])
                let shadowed = total(input)
                XCTAssertEqual(shadowed, 7.0625)
            }
            \(fence)

            """
        let (parsed, diagnostics) = TestSupport.parse(text)
        let lesson = try XCTUnwrap(parsed, "\(diagnostics)")
        let builder = SwiftSourceBuilder(lesson: lesson)
        let blind = builder.judgedTests(hidden: true, form: .blind)
        let witness = builder.judgedTests(hidden: true, form: .witness)
        for secret in ["expectedTotal", "expectedPrefix", "3.03125, 7.0625", "1e-12"] {
            XCTAssertFalse(blind.code.contains(secret), "'\(secret)' is in the blind runner:\n\(blind.code)")
            XCTAssertTrue(witness.code.contains(secret), "the witness keeps '\(secret)'")
        }
        XCTAssertTrue(blind.code.contains("let input: [Double] = [3.03125, 4.03125]"), "an input stays: the code under test reads it")
        XCTAssertTrue(blind.code.contains("let shadowed = 9.5"), "a name bound twice is not taken for a constant")
        // The operand and accuracy of the first site, and the element of the second, come from the witness.
        XCTAssertEqual(blind.sites.map(\.hiddenMask), [0b110, 0b10, 0b10])
        XCTAssertEqual(blind.sites.map(\.hiddenMask), witness.sites.map(\.hiddenMask))
    }
}

extension NamedConstantTests {
    func testAFixtureCheckedAgainstALiteralKeepsTheLiteralVisibleNotTheFixture() {
        let code = "let table: [Int] = [0, 1, 2]\nfunc testTable() {\n    XCTAssertEqual(table[2], 2)\n}\n"
        let rewritten = AssertionRewriter.rewrite(code, form: .blind, constants: ["table"], removing: ["table"])
        XCTAssertEqual(rewritten.sites.map(\.hiddenMask), [0b01], "the fixture's element is hidden, the literal fixes the type")
        XCTAssertFalse(rewritten.code.contains("table"), rewritten.code)
        XCTAssertEqual(rewritten.code.filter { $0 == "\n" }.count, code.filter { $0 == "\n" }.count, "lines keep their numbers")
    }
}
