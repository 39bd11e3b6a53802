@testable import CourseAuthoring
import XCTest

/// The mutation operators as pure functions: source in, mutants out (nothing is compiled).
final class MutantGeneratorTests: XCTestCase {
    /// The changes `MutantGenerator` makes to `body`, wrapped in a function returning `returns`.
    private func changes(
        _ body: String, signature: String = "func f(_ a: Double, _ b: Double) -> Double",
        of kind: MutationOperator? = nil
    ) -> [String] {
        let code = "\(signature) {\n    // BEGIN SOLUTION\n\(body)\n    // END SOLUTION\n}\n"
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).count
        return MutantGenerator.mutants(of: code, exercise: "x", regions: [2...(lines - 3)])
            .filter { kind == nil || $0.kind == kind }
            .map(\.change)
    }

    func testArithmeticAndRelationalOperatorsAreSwapped() {
        XCTAssertEqual(changes("    return a + b * 2", of: .arithmetic), ["'a + b * 2' → 'a - b * 2'", "'b * 2' → 'b / 2'"])
        XCTAssertEqual(changes("    if a < b { return a }\n    return b", of: .relationalBoundary), ["'a < b' → 'a <= b'"])
        XCTAssertEqual(
            changes("    return a >= b && b != 0 ? a : b", of: .relationalBoundary),
            ["'a >= b' → 'a > b'", "'b != 0' → 'b == 0'"])
        XCTAssertEqual(changes("    return a > 0 || b > 0 ? a : b", of: .logicalConnective), ["'a > 0 || b > 0' → 'a > 0 && b > 0'"])
    }

    func testCompoundAssignmentsAreSwappedRemovedAndLoseTheirResidual() {
        let body = "    var x = a\n    x += b\n    x *= 2\n    return x"
        XCTAssertEqual(changes(body, of: .compoundAssignment), ["'x += b' → 'x -= b'", "'x *= 2' → 'x /= 2'"])
        XCTAssertEqual(changes(body, of: .droppedResidual), ["'x += b' → 'x = b'"])
        XCTAssertEqual(changes(body, of: .removedStatement), ["'x += b' → (removed)", "'x *= 2' → (removed)"])
    }

    /// A loop's or an `if`'s only statement is removed like any other; a closure's or a
    /// function's only statement may be its result, and stays.
    func testTheOnlyCallInALoopIsRemovedButAClosuresResultIsNot() {
        let loop = "    var out: [Double] = []\n    for v in [a, b] {\n        out.append(v)\n    }\n    return out[0]"
        XCTAssertEqual(changes(loop, of: .removedStatement), ["'out.append(v)' → (removed)"])
        XCTAssertEqual(
            changes("    var out = [b]\n    if a > b {\n        out.append(a)\n    }\n    return out.last!", of: .removedStatement), ["'out.append(a)' → (removed)"])
        XCTAssertEqual(changes("    return [a, b].map { g($0) }.reduce(0, +)", of: .removedStatement), [])
        XCTAssertEqual(changes("    g(a)", signature: "func f(_ a: Double, _ b: Double)", of: .removedStatement), [], "a body's only statement")
    }

    func testAResidualUpdateLosesItsSkipConnection() {
        XCTAssertEqual(changes("    return a + g(a)", of: .droppedResidual), ["'a + g(a)' → 'g(a)'"])
        XCTAssertEqual(changes("    return a + g(b)", of: .droppedResidual), [], "not an update of a")
    }

    func testConditionsAreNegated() {
        XCTAssertEqual(changes("    guard a > 0 else { return 0 }\n    return a", of: .negatedCondition), ["'a > 0' → '!(a > 0)'"])
        XCTAssertEqual(changes("    if !a.isNaN { return a }\n    return b", of: .negatedCondition), ["'!a.isNaN' → 'a.isNaN'"])
        XCTAssertEqual(changes("    return a > b ? a : b", of: .negatedCondition), ["'a > b' → '!(a > b)'"])
    }

    func testConstantsBecomeZeroPlusOrMinusOneAndFlipSign() {
        XCTAssertEqual(changes("    return a * 2", of: .constant), ["'2' → '0'", "'2' → '3'", "'2' → '1'", "'2' → '(-2)'"])
        XCTAssertEqual(
            changes("    return a * 0.5", of: .constant),
            ["'0.5' → '0'", "'0.5' → '(-0.5)'", "'0.5' → '(0.5 + 1)'", "'0.5' → '(0.5 - 1)'"])
    }

    func testReturnsGetTheDefaultOfTheDeclaredType() {
        XCTAssertEqual(changes("    return a + b", of: .defaultReturn), ["'a + b' → '0'"])
        XCTAssertEqual(changes("    return [a]", signature: "func f(_ a: Double) -> [Double]", of: .defaultReturn), ["'[a]' → '[]'"])
        XCTAssertEqual(
            changes("    return a > 0", signature: "func f(_ a: Double) -> Bool", of: .defaultReturn),
            ["'a > 0' → 'false'", "'a > 0' → 'true'"])
        XCTAssertEqual(
            changes("    let g = { (v: Double) -> Double in return v }\n    return g(a)", of: .defaultReturn), ["'g(a)' → '0'"],
            "a closure's return has no declared type to default")
    }

    func testArgumentsOfTheSameEvidentTypeAreSwapped() {
        XCTAssertEqual(changes("    return h(a, b)", of: .swappedArguments), ["'h(a, b)' → 'h(b, a)'"])
        XCTAssertEqual(changes("    return h(x: a, y: b)", of: .swappedArguments), ["'h(x: a, y: b)' → 'h(x: b, y: a)'"])
        XCTAssertEqual(
            changes("    return h(a, n)", signature: "func f(_ a: Double, _ n: Int) -> Double", of: .swappedArguments), [],
            "different types are never swapped")
        XCTAssertEqual(changes("    return h(a, g(b))", of: .swappedArguments), [], "a call's type is not evident")
        XCTAssertEqual(
            changes(
                "    let m: Matrix = e\n    return m[i, j]", signature: "func f(_ i: Int, _ j: Int) -> Double",
                of: .swappedArguments), ["'m[i, j]' → 'm[j, i]'"])
    }

    func testLoopBoundsAreMovedByOne() {
        let body = "    var s = 0.0\n    for i in 1..<n { s += Double(i) }\n    return s"
        XCTAssertEqual(changes(body, signature: "func f(_ n: Int) -> Double", of: .loopBound), ["'n' → '(n) - 1'", "'n' → '(n) + 1'"])
        XCTAssertEqual(
            changes(
                "    var s = 0.0\n    for i in k...n { s += Double(i) }\n    return s", signature: "func f(_ k: Int, _ n: Int) -> Double",
                of: .loopBound), ["'k' → '(k) + 1'", "'n' → '(n) - 1'", "'n' → '(n) + 1'"])
    }

    func testOnlySolutionRegionsAreMutatedAndChecksAreLeftAlone() {
        let code = """
            func f(_ a: Double) -> Double {
                precondition(a > 0, "a must be positive, not \\(a + 1)")
                // BEGIN SOLUTION
                assert(a < 10)
                var xs: [Double] = []
                xs.reserveCapacity(2)
                return a
                // END SOLUTION
            }

            """
        let mutants = MutantGenerator.mutants(of: code, exercise: "x", regions: [3...6])
        XCTAssertEqual(mutants.filter(\.kind.isScored).map(\.change), ["'a' → '0'"], "a capacity hint changes no value")
        // The probes of `a` go to its first use in the solution, past the `assert`.
        XCTAssertEqual(Set(mutants.filter { !$0.kind.isScored }.map(\.line)), [7])
    }

    /// Each parameter's first use in the solution gets the probes of its type: a negative number
    /// and zero for numbers, an empty array for arrays; other types, variadic and inout ones none.
    func testRefusedInputProbesAtEachParametersFirstUse() {
        let code = """
            func f(_ xs: [Double], h: Double, n: Int, m: Matrix, _ rest: Double..., into out: inout [Double]) -> [Double] {
                // BEGIN SOLUTION
                let scaled = xs.map { $0 * h + m.rows }
                out = scaled + rest
                return scaled.count > n ? scaled : []
                // END SOLUTION
            }

            """
        let probes = MutantGenerator.mutants(of: code, exercise: "x", regions: [2...4]).filter { $0.kind == .refusedInput }
        XCTAssertEqual(
            probes.map { "\($0.line):\($0.column) \($0.replacement)" },
            [
                "3:18 { () -> [Double] in precondition(!xs.isEmpty, \"refuses an empty array\"); return xs }()",
                "3:32 { () -> Double in precondition(h >= 0, \"refuses a negative number\"); return h }()",
                "3:32 { () -> Double in precondition(h != 0, \"refuses zero\"); return h }()",
                "5:27 { () -> Int in precondition(n >= 0, \"refuses a negative number\"); return n }()",
                "5:27 { () -> Int in precondition(n != 0, \"refuses zero\"); return n }()"
            ])
        XCTAssertFalse(probes.contains { $0.kind.isScored })
    }

    func testTheLocationIsTheMutatedExpression() throws {
        let mutant = try XCTUnwrap(
            MutantGenerator.mutants(
                of: "func f(_ a: Double) -> Double {\n    return 1 + a * a\n}\n", exercise: "x",
                regions: [1...1]
            ).first { $0.change == "'a * a' → 'a / a'" })
        XCTAssertEqual([mutant.line, mutant.column, mutant.endLine], [2, 16, 2])
    }

    func testSchemataSwitchEveryMutantAndKeepTheLineCount() {
        let code = "func f(_ a: Double) -> Double {\n    var x = a\n    x += 2\n    return x\n}\n"
        var mutants = MutantGenerator.mutants(of: code, exercise: "x", regions: [1...3]).filter(\.kind.isScored)
        for index in mutants.indices { mutants[index].id = index + 1 }
        let schemata = MutantSchemata.apply(mutants, to: code)
        XCTAssertEqual(schemata.applied, Set(mutants.map(\.id)))
        XCTAssertEqual(schemata.code.split(separator: "\n").count, code.split(separator: "\n").count)
        XCTAssertTrue(schemata.code.contains("if __courseMutantIs(1) {  } else if __courseMutantIs(2) { x -= 2 } else "), schemata.code)
        XCTAssertTrue(schemata.code.contains("__courseMutantIs(4) ? (0) : "), schemata.code)
    }

    func testEquivalentMarksNeedAReasonAndMatchTheirLine() throws {
        let code = """
            func f(_ a: Double) -> Double {
                // BEGIN SOLUTION
                if a < 0 { return 0 }  // mutant-equivalent: 'a < 0' → 'a <= 0': at 0 both give 0
                // mutant-equivalent: constant
                return a * 2
                // END SOLUTION
            }

            """
        let marks = EquivalentMutantMark.marks(in: code)
        XCTAssertEqual(marks.map(\.key), ["'a < 0' → 'a <= 0'", "constant"])
        XCTAssertEqual(marks.map(\.markedLine), [3, 5], "a trailing mark marks its line, a mark alone the next line of code")
        XCTAssertEqual(marks.map(\.reason), ["at 0 both give 0", ""])
        let mutants = MutantGenerator.mutants(of: code, exercise: "x", regions: [2...4])
        XCTAssertEqual(mutants.filter { marks[0].covers($0) }.map(\.change), ["'a < 0' → 'a <= 0'"])
        let snippet = CodeSnippet(code: code, firstLine: 20, indent: 0, fenceLocation: SourceLocation(line: 19, column: 1))
        let diagnostics = EquivalentMutantMark.diagnostics(marks, mutants: mutants, snippet: snippet, file: "lessons/01-x.md")
        XCTAssertEqual(
            diagnostics.map(\.description),
            [
                "lessons/01-x.md:23:5: error: an equivalent-mutant mark needs a reason: "
                    + "`// mutant-equivalent: <mutant or operator>: <why no test can tell>` [course.mutants.equivalentWithoutReason]"
            ])
    }
}
