@testable import CourseAuthoring
@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import XCTest

/// Expected values reach assertions by many roads (a helper's parameter, a table a loop walks, a
/// `zip`, a local, a ternary); the blind runner must hold none of them, and must keep every value
/// the test computes with, so that honest code still passes.
final class ExpectedValueFlowTests: XCTestCase {
    /// The blind and witness forms of one hidden-test class made of `blocks`.
    private func forms(_ blocks: [String]) -> (blind: String, witness: String, blindMasks: [Int], witnessMasks: [Int]) {
        let constants = NamedConstants.names(in: blocks)
        let flow = ExpectedValueFlow(blocks: blocks, constants: constants)
        var blind = ""
        var witness = ""
        var blindMasks: [Int] = []
        var witnessMasks: [Int] = []
        for (index, code) in blocks.enumerated() {
            let b = AssertionRewriter.rewrite(code, form: .blind, constants: constants, hiddenSlots: flow.hiddenSlots[index], scrubbed: flow.scrubbed[index])
            let w = AssertionRewriter.rewrite(code, form: .witness, constants: constants, hiddenSlots: flow.hiddenSlots[index], scrubbed: flow.scrubbed[index])
            blind += b.code
            witness += w.code
            blindMasks += b.sites.map(\.hiddenMask)
            witnessMasks += w.sites.map(\.hiddenMask)
            XCTAssertEqual(b.code.filter { $0 == "\n" }.count, code.filter { $0 == "\n" }.count, "lines keep their numbers")
        }
        return (blind, witness, blindMasks, witnessMasks)
    }

    func testAFixturePassedToAHelperLeavesTheRunnerAndItsShapeStays() {
        let code = """
            let input: [[Double]] = [[1.25, -2.5], [3.75, 4.125]]
            let expectedY: [[Double]] = [[0.8125, -1.4375], [2.0625, 7.3125]]
            func assertClose(_ a: [[Double]], _ expected: [[Double]], _ tolerance: Double) {
                XCTAssertEqual(a.count, expected.count)
                guard a.count == expected.count, a.first?.count == expected.first?.count ?? 0 else { return }
                for i in expected.indices {
                    for j in expected[i].indices {
                        let e = expected[i][j]
                        XCTAssertEqual(a[i][j], e, accuracy: tolerance * max(1, abs(e)))
                    }
                }
            }
            func testForward() { assertClose(forward(input), expectedY, 1e-13) }
            let expectedRows: [[Double]] = [[9.5, 8.25]]
            func testRows() { for l in 0..<1 { assertClose([bias(l)], [expectedRows[l]], 1e-13) } }

            """
        let (blind, witness, masks, witnessMasks) = forms([code])
        for secret in ["0.8125", "1.4375", "2.0625", "7.3125", "1e-13", "9.5", "8.25"] {
            XCTAssertFalse(blind.contains(secret), "'\(secret)' is in the blind runner:\n\(blind)")
            XCTAssertTrue(witness.contains(secret))
        }
        XCTAssertTrue(blind.contains("let expectedY: [[Double]] = [[0.0, 0.0], [0.0, 0.0]]"), "zeros keep the shape the guard reads:\n\(blind)")
        XCTAssertTrue(blind.contains("[[1.25, -2.5], [3.75, 4.125]]"), "the input stays: the code under test reads it")
        XCTAssertTrue(blind.contains("for j in expected[i].indices"), "the loops walk the expected shape, which zeros keep")
        // The count is the student's and the fixture's shape; the element and its accuracy come from the witness.
        XCTAssertEqual(masks, [0, 0b110])
        XCTAssertEqual(masks, witnessMasks)
        XCTAssertTrue(blind.contains("[[0.0, 0.0]]"), "a fixture's row wrapped in an array the test builds is followed too")
    }

    func testTablesZipsTernariesAndLocalsAreFollowed() {
        let code = """
            let plainLoss = 1.6298525813940294
            let residualLoss = 0.2957251566657287
            let trainedBias: [Double] = [0.06352065017526086, 0.22045734568755823]
            func testTable() {
                for (dt, steps, finalNorm) in [(0.01, 100, 20.722728), (0.005, 200, 4.713443)] {
                    XCTAssertEqual(norms(dt: dt, steps: steps).last!, finalNorm, accuracy: 1e-6)
                }
            }
            func testZip() {
                for (a, b) in zip(trained().bias, trainedBias) { XCTAssertEqual(a, b, accuracy: 1e-9) }
            }
            func testTernary() {
                for residual in [false, true] {
                    let expectedLoss = residual ? residualLoss : plainLoss
                    XCTAssertEqual(step(residual: residual), expectedLoss, accuracy: 1e-12)
                }
            }

            """
        let (blind, witness, _, _) = forms([code])
        for secret in ["20.722728", "4.713443", "0.06352065017526086", "0.22045734568755823", "1.6298525813940294", "0.2957251566657287"] {
            XCTAssertFalse(blind.contains(secret), "'\(secret)' is in the blind runner:\n\(blind)")
            XCTAssertTrue(witness.contains(secret))
        }
        XCTAssertTrue(blind.contains("[(0.01, 100, 0.0), (0.005, 200, 0.0)]"), "inputs of the table stay, its expected column goes:\n\(blind)")
        XCTAssertTrue(blind.contains("[false, true]"), "a value a condition reads stays")
    }

    func testValuesTheTestComputesWithStay() {
        let code = """
            let energies = [1: 0.012335991, 50: 25.0]
            let expected: [Double] = [4.312326e-2, 2.112549e-2]
            let picks: [Double] = [0.5, 0.25]
            func testDictionaryOrderDiffersBetweenProcesses() {
                for (n, energy) in energies { XCTAssertEqual(modeEnergy(n), energy, accuracy: 1e-9) }
            }
            func testMixedWithAnOutput() {
                for (steps, error) in zip([100, 200], expected) { XCTAssertEqual(measure(steps) / error, 1, accuracy: 1e-5) }
            }
            func testAnIndexTheCodeChooses() {
                XCTAssertEqual(best(), picks[argmax()])
            }

            """
        let (blind, _, masks, _) = forms([code])
        for kept in ["[1: 0.012335991, 50: 25.0]", "[4.312326e-2, 2.112549e-2]", "[0.5, 0.25]", "[100, 200]"] {
            XCTAssertTrue(blind.contains(kept), "'\(kept)' must stay, the runner computes with it:\n\(blind)")
        }
        XCTAssertEqual(masks, [0b100, 0b110, 0], "only literals are hidden: the code's values are its own")
    }

    func testAHelperAlsoGivenComputedValuesKeepsItsFixtures() {
        let code = """
            let expectedY: [Double] = [0.8125, -1.4375]
            func assertClose(_ a: [Double], _ b: [Double]) {
                for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-12) }
            }
            func testFixture() { assertClose(forward([1, 2]), expectedY) }
            func testConsistency() { assertClose(forward([1, 2]), forward([1.0, 2.0])) }

            """
        let (blind, _, masks, _) = forms([code])
        XCTAssertTrue(blind.contains("[0.8125, -1.4375]"), "the helper compares computed values too, so its operand stays visible:\n\(blind)")
        XCTAssertEqual(masks, [0b100])
        // It stays in the runner where the submission runs, so `course check` names it (the loop
        // over `zip` in a helper given computed values is irregular), on its own line only.
        let exposed = ExpectedValueFlow(blocks: [code], constants: []).exposed[0]
        let firstLine = code.utf8.prefix { $0 != UInt8(ascii: "\n") }.count
        XCTAssertFalse(exposed.isEmpty)
        XCTAssertTrue(exposed.allSatisfy { $0 < firstLine }, "\(exposed)")
    }

    func testShadowedAndSelfReferencesCountAsUses() {
        let code = """
            let expectedTotal = 7.0625
            func testShadow() {
                do { let expectedTotal = total([1]); XCTAssertEqual(expectedTotal, 1) }
                XCTAssertEqual(total([7.0625]), expectedTotal)
            }
            func testSelf() { XCTAssertEqual(double(self.expectedTotal), 14.125) }

            """
        let (blind, _, _, _) = forms([code])
        XCTAssertTrue(blind.contains("let expectedTotal = 7.0625"), "self.expectedTotal is passed to code:\n\(blind)")
    }

    /// From an adversarial review: each of these once hid an operand the code under test computes.
    func testOperandsTheCodeDecidesStayVisible() {
        let cases: [(String, String)] = [
            ("a ternary on the code's answer", "func testPrime() { XCTAssertEqual(isPrime(7) ? 1 : 0, 1) }\n"),
            (
                "a helper called through self",
                """
                func assertMatches(_ expected: [Double], _ actual: [Double]) {
                    for (e, a) in zip(expected, actual) { XCTAssertEqual(a, e, accuracy: 1e-9) }
                }
                func testHelperItself() { assertMatches([1, 2], [1, 2]) }
                func testForward() { self.assertMatches([0.5, 0.25], forward([1, 2])) }

                """
            ),
            (
                "a position in a filtered loop",
                """
                func testLanding() {
                    for (step, y) in simulate(dt: 0.01).enumerated() where y < 0 { XCTAssertEqual(Double(step) * 0.01, 1.43, accuracy: 0.02); break }
                }

                """
            ),
            ("the last index of an output", "func testLast() { XCTAssertEqual(Double(simulate().indices.last!) * 0.01, 1.43, accuracy: 0.02) }\n"),
            (
                "an error bound by catch",
                "let error = 1e-9\nfunc testThrows() { do { try parse(\"x\") } catch { XCTAssertEqual(\"\\(error)\", \"badToken\") } }\n"
            ),
            (
                "a let inside a switch case",
                """
                func testSwitch() {
                    let y = relu(-2.0)
                    switch mode { case .linear: let y = 0.0; XCTAssertEqual(y, 1.5)
                    default: break }
                    XCTAssertEqual(y, 0.0)
                }

                """
            ),
            ("a local type's member", "func testLocalType() { let y = relu(-2.0); struct Fixture { let y = 0.0 }; XCTAssertEqual(y, 0.0) }\n")
        ]
        for (what, code) in cases {
            let (_, _, masks, _) = forms([code])
            XCTAssertEqual(masks.last.map { $0 & 1 }, 0, "\(what): the first operand is the code's own\n\(code)")
        }
    }

    /// From a second review: turns that can make different numbers of checks.
    func testTurnsThatMayCheckDifferentlyKeepTheirValues() {
        let cases: [(String, String, String)] = [
            (
                "an inner loop over the code's output",
                "let expected: [Double] = [0.5, 1.5]\nfunc testBuckets() { for i in 0..<2 { for y in bucket(i) { XCTAssertEqual(y, expected[i]) } } }\n", "[0.5, 1.5]"
            ),
            ("a filtered table", "func testValid() { for (x, expected) in [(1.0, 2.0), (2.0, 4.0)] where isValid(x) { XCTAssertEqual(double(x), expected) } }\n", "(1.0, 2.0)"),
            (
                "a helper looping over the code's shape, called in a loop",
                "let table: [[Double]] = [[0.5], [1.5]]\nfunc check(_ a: [Double], _ e: [Double]) { for i in a.indices { XCTAssertEqual(a[i], e[i]) } }\nfunc testCalls() { for i in 0..<2 { check(bucket(i), table[i]) } }\n",
                "[[0.5], [1.5]]"
            ),
            (
                "a callback the code calls", "let expected: [Double] = [0.5, 1.5]\nfunc testVisit() { for i in 0..<2 { visit(i) { v in XCTAssertEqual(v, expected[i]) } } }\n",
                "[0.5, 1.5]"
            )
        ]
        for (what, code, kept) in cases {
            let (blind, _, masks, _) = forms([code])
            XCTAssertTrue(blind.contains(kept), "\(what): '\(kept)' must stay:\n\(blind)")
            XCTAssertEqual(masks.last.map { $0 & 0b10 }, 0, "\(what): the expected operand stays visible")
        }
    }

    func testScrubbingKeepsTheCodeCompilingAndInOrder() {
        let code = """
            func testDivision() { let expected = 10 / 4; XCTAssertEqual(half(10), expected) }
            func check(_ p: (x: Double, want: Double)) { let (x, want) = p; XCTAssertEqual(square(x), want) }
            func testReorder() { check((want: 4.0, x: 2.0)) }

            """
        let (blind, _, _, _) = forms([code])
        XCTAssertFalse(blind.contains("/ 0"), "a divisor stays, or the blind form would not compile:\n\(blind)")
        XCTAssertTrue(blind.contains("(want: 4.0, x: 2.0)"), "a labeled tuple may be reordered: it stays whole:\n\(blind)")
        // Every operand constant: the one kept visible to fix the type keeps its value (the walk
        // reads folded operators, the rewriter unfolded ones; both must pick the same operand).
        let rounding = forms(["func testRounding() { XCTAssertEqual(1.1 * 50, 55.00000000000001) }\n"])
        XCTAssertTrue(rounding.blind.contains("Observe.equal(0, 2, 1.1 * 50, Observe.hidden())"), rounding.blind)
    }

    func testValuesWhoseTextMattersAreKept() {
        let code = """
            let inputs: Set<Double> = [1.5, 2.5]
            let expectedText = 1234.5
            let tolerance = 1e-9
            func testSet() { for x in inputs { XCTAssertEqual(square(x), x * x, accuracy: 1e-12) } }
            func testText() { XCTAssertEqual(format(1234.5).count, "\\(expectedText)".count) }
            func testAllFixed() { for x in [0.5, 1.5] { XCTAssertEqual(x * x, 0.25, accuracy: tolerance) } }

            """
        let (blind, _, masks, _) = forms([code])
        XCTAssertTrue(blind.contains("[1.5, 2.5]"), "a set's order differs between processes:\n\(blind)")
        XCTAssertTrue(blind.contains("1234.5\n"), "a number's text is not its shape:\n\(blind)")
        XCTAssertEqual(masks[0] & 0b10, 0, "x * x comes from the set")
        XCTAssertNotEqual(masks[2] & 0b11, 0b11, "one operand stays visible to fix the type")
    }

    func testAnExposedExpectedValueIsReported() throws {
        let code = """
            let expectedNorm = 20.722728
            func testNorm() {
                XCTAssertEqual(norm(), expectedNorm, accuracy: 1e-6)
                if expectedNorm > 20 { XCTAssertTrue(grows()) }
            }

            """
        let flow = ExpectedValueFlow(blocks: [code], constants: [])
        func offset(_ text: String) throws -> Int {
            code.utf8.distance(from: code.utf8.startIndex, to: try XCTUnwrap(code.utf8.firstRange(of: text.utf8)).lowerBound)
        }
        XCTAssertEqual(flow.exposed[0], [try offset("20.722728")])
        XCTAssertEqual(flow.scrubbed[0], [try offset("1e-6")], "the condition keeps the value; the accuracy only a hidden slot reads")
    }
}

/// The same, end to end: a lesson whose expected values reach the checks through a helper and a
/// table grades the reference full and a slightly wrong solution not, and the grader's blind
/// runner holds none of the expected values.
final class ExpectedValueFlowGradingTests: XCTestCase {
    static let lesson = """
        ---
        id: flows
        title: Flows
        order: 1
        objectives:
          - Keep expected values out of the student's process.
        ---

        # Flows

        ```swift exercise id=scale points=2
        func scaled(_ x: [Double], by factor: Double) -> [Double] {
            // BEGIN SOLUTION
            return x.map { $0 * factor }
            // END SOLUTION
        }
        ```

        ```swift test exercise=scale
        func testDouble() { XCTAssertEqual(scaled([1], by: 2), [2]) }
        ```

        ```swift hidden-test exercise=scale
        let input: [Double] = [1.5, -2.25, 4.0]
        let expectedTriple: [Double] = [4.5, -6.75, 12.0]
        func assertClose(_ a: [Double], _ expected: [Double], tolerance: Double = 1e-12) {
            XCTAssertEqual(a.count, expected.count)
            guard a.count == expected.count else { return }
            for i in expected.indices { XCTAssertEqual(a[i], expected[i], accuracy: tolerance * max(1, abs(expected[i]))) }
        }
        func testTriple() { assertClose(scaled(input, by: 3), expectedTriple) }
        func testTable() {
            for (factor, last) in [(2.0, 8.0), (0.5, 2.0)] {
                XCTAssertEqual(scaled(input, by: factor).last!, last, accuracy: 1e-12)
            }
        }
        ```

        """

    func testHelperAndTableFixturesGradeRightAndStayOutOfTheRunner() throws {
        let root = try TestSupport.course(["01-flows.md": Self.lesson], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        let blind = try String(contentsOf: Workspace(root: root).graderBundle.appendingPathComponent("lessons/flows/tests/HiddenTests.swift"), encoding: .utf8)
        for secret in ["4.5", "6.75", "12.0", "8.0", "1e-12"] {
            XCTAssertFalse(blind.contains(secret), "'\(secret)' is in the blind runner:\n\(blind)")
        }
        func grade(_ body: String) throws -> GradeReport {
            let file = root.appendingPathComponent("student/exercises/Sources/Flows/Scale.swift")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "func scaled(_ x: [Double], by factor: Double) -> [Double] {\n    \(body)\n}\n".write(to: file, atomically: true, encoding: .utf8)
            return try TestSupport.gradeTests(root.appendingPathComponent("student"), root: root, lessons: ["flows"])
        }
        let right = try grade("return x.map { $0 * factor }")
        XCTAssertEqual(right.score, right.maxScore, right.text())
        XCTAssertGreaterThan(right.maxScore, 0)
        let wrong = try grade("return x.map { $0 * factor * (1 + 1e-9) }")
        XCTAssertEqual(wrong.score, 0, "both tests compare with the hidden values:\n\(wrong.text())")
    }
}
