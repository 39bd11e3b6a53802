@testable import CourseAuthoring
import XCTest

/// The blind form holds no expected value or message; both forms keep lines and type inference.
final class AssertionRewriterTests: XCTestCase {
    let source = """
        func testValues() {
            XCTAssertEqual(stack([1], depth: 20)[0], 0.358485922409, accuracy: 1e-11, "twenty blocks")
            XCTAssertEqual(count, 20)
            XCTAssertLessThan(error(h), error(2 * h),
                              "halving the step lowers the error")
            XCTAssertTrue(isStable(-4, 0.5), file: #filePath, line: #line)
            let v = try XCTUnwrap(find(3))
            XCTAssertThrowsError(try parse("x")) { error in XCTAssertEqual(error as? ParseError, .bad) }
            XCTAssertEqual(stack([1], depth: 2), [-0.5, 1e-3])
        }
        """

    func testBlindFormHidesConstantsAndMessages() {
        let blind = AssertionRewriter.rewrite(source, form: .blind, firstLine: 10)
        for secret in ["0.358485922409", "1e-11", "twenty blocks", "halving", ", 20)", "-0.5", "1e-3", ".bad"] {
            XCTAssertFalse(blind.code.contains(secret), "\(secret) reached the blind form:\n\(blind.code)")
        }
        XCTAssertTrue(
            blind.code.contains("Observe.equal(0, 14, stack([1], depth: 20)[0], Observe.hidden(), accuracy: Observe.hidden(), Observe.hidden())"),
            blind.code)
        XCTAssertTrue(blind.code.contains("Observe.less(2, 8, error(h), error(2 * h), Observe.hidden())"), blind.code)
        XCTAssertTrue(blind.code.contains("let v = try Observe.unwrap(4, 0, find(3))"), blind.code)
        // The handler's own assertion is a site of its own, inside the rewritten call.
        XCTAssertTrue(
            blind.code.contains("Observe.throwsError(5, 0, try parse(\"x\")) { error in Observe.equal(6, 2, error as? ParseError, Observe.hidden()) }"),
            blind.code)
        XCTAssertEqual(blind.sites.map(\.kind), [.equal, .equal, .less, .isTrue, .unwrap, .throwsError, .equal, .equal])
        XCTAssertEqual(blind.sites.map(\.hiddenMask), [0b1110, 0b10, 0b1000, 0, 0, 0, 0b10, 0b10])
    }

    func testWitnessFormRecordsEverythingAndKeepsEveryLine() {
        let witness = AssertionRewriter.rewrite(source, form: .witness, firstLine: 10)
        XCTAssertTrue(witness.code.contains("Observe.equal(0, 0, stack([1], depth: 20)[0], 0.358485922409, accuracy: 1e-11, \"twenty blocks\")"))
        XCTAssertEqual(
            witness.code.split(separator: "\n", omittingEmptySubsequences: false).count,
            source.split(separator: "\n", omittingEmptySubsequences: false).count)
        // Lines are the lesson's: the block's first line is lesson line 10.
        XCTAssertEqual(witness.sites.map(\.line), [11, 12, 13, 15, 16, 17, 17, 18])
        let blind = AssertionRewriter.rewrite(source, form: .blind, firstLine: 10)
        XCTAssertEqual(blind.sites, witness.sites, "both forms must number and classify sites alike")
    }

    /// A message's words reach only the witness; each run records its own values of the
    /// interpolations (the blind run only of plain names that hold no hidden or scrubbed value),
    /// and the grader shows a value where both runs agree (`AuthorMessagePartsTests`).
    func testMessagesRecordWordsInTheWitnessAndValuesInBothRuns() {
        let code = ##"""
            let limit = 0.25
            func testA() {
                XCTAssertEqual(peaks, flat, "the peak must not depend on depth: \(reference) at \(depths.map { "\($0)" })")
                XCTAssertTrue(ok, #"raw \#(box.side) and \(kept)"#)
                XCTAssertTrue(ok, """
                    several \(
                        depth
                    ) lines
                    """)
                XCTAssertTrue(ok, explanation(secret))
                XCTAssertTrue(ok, "plain words")
                XCTAssertLessThan(error, limit, "bounded by \(limit)")
                XCTAssertTrue(ok, "depth \((l + 1) * 2), entry \(a[i]), ratio \(n / k), call \(f(n))")
            }
            """##
        let witness = AssertionRewriter.rewrite(code, form: .witness, constants: ["limit"])
        XCTAssertTrue(
            witness.code.contains(
                ##"Observe.equal(0, 0, peaks, flat, ["the peak must not depend on depth: \##u{FFFC} at \##u{FFFC}", "\(reference)", "\(depths.map { "\($0)" })"].joined(separator: "\u{1F}"))"##
            ),
            witness.code)
        XCTAssertTrue(witness.code.contains(##"[#"raw \##u{FFFC} and \(kept)"#, "\(box.side)"].joined"##), witness.code)
        XCTAssertTrue(witness.code.contains("several \u{FFFC} lines"), witness.code)
        XCTAssertTrue(witness.code.contains(#"Observe.isTrue(3, 0, ok, "")"#), "a message that is not a literal is not recorded:\n\(witness.code)")
        XCTAssertTrue(witness.code.contains(#"Observe.isTrue(4, 0, ok, "plain words")"#), witness.code)

        let blind = AssertionRewriter.rewrite(code, form: .blind, constants: ["limit"])
        for words in ["the peak", "raw", "several", "plain words", "explanation", "secret", "bounded", "depths.map"] {
            XCTAssertFalse(blind.code.contains(words), "\(words) reached the blind form:\n\(blind.code)")
        }
        XCTAssertTrue(blind.code.contains(#"["", "\(reference)", "\u{FFFD}"].joined(separator: "\u{1F}")"#), blind.code)
        XCTAssertTrue(blind.code.contains(#"["", "\(box.side)"].joined"#), blind.code)
        XCTAssertTrue(blind.code.contains(#"["", "\(depth)"].joined"#), blind.code)
        XCTAssertTrue(blind.code.contains(#"["", "\u{FFFD}"].joined"#), "a hidden constant is not evaluated:\n\(blind.code)")
        XCTAssertTrue(
            blind.code.contains(#"["", "\((l + 1) * 2)", "\u{FFFD}", "\u{FFFD}", "\u{FFFD}"].joined"#),
            "sums of names are evaluated; subscripts, divisions and calls are not:\n\(blind.code)")
        XCTAssertEqual(blind.sites, witness.sites)
        // Messages with interpolations are evaluated in both runs; the others are the witness's.
        XCTAssertEqual(blind.sites.map { $0.hiddenMask & 0b1000 }, [0, 0, 0, 0b1000, 0b1000, 0, 0])
        for form in [witness, blind] {
            XCTAssertEqual(
                form.code.split(separator: "\n", omittingEmptySubsequences: false).count,
                code.split(separator: "\n", omittingEmptySubsequences: false).count, "lines are kept")
        }
    }

    func testComputedExpectationsStayAndConstantsAreRecognised() {
        let code = """
            func testA() {
                XCTAssertEqual(next[i], x[i] + h * v[i], accuracy: tolerance)
                XCTAssertEqual(m, .zero)
                XCTAssertEqual(m, .identity(n))
                XCTAssertEqual(s, "plain")
                XCTAssertEqual(s, "made \\(n)")
                XCTAssertEqual(1, 1)
            }
            """
        let sites = AssertionRewriter.rewrite(code, form: .blind).sites
        XCTAssertEqual(sites.map(\.hiddenMask), [0, 0b10, 0, 0b10, 0, 0b10])
    }

    func testOtherCallsAreLeftAlone() {
        let code = "func testA() { XCTAssertEqualish(a, 1); helper(XCTAssert); let x = XCTAssertTrue }\n"
        let result = AssertionRewriter.rewrite(code, form: .blind)
        XCTAssertEqual(result.code, code)
        XCTAssertTrue(result.sites.isEmpty)
    }
}
