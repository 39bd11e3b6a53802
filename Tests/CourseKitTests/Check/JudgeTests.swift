@testable import CourseToolchain
import XCTest

/// Verdicts come from replaying assertions on observed values, never from what a process claims.
final class JudgeTests: XCTestCase {
    // Site 0: XCTAssertEqual(f(x), 0.5, accuracy: 1e-9, "msg") — constant, accuracy and message hidden.
    // Site 1: XCTAssertLessThan(err, 1e-6) — the bound hidden.
    // Site 2: XCTAssertEqual(a, b) — both computed.
    let judge = Judge(sites: [
        .init(id: 0, kind: .equal, hiddenMask: 0b1110, line: 10),
        .init(id: 1, kind: .less, hiddenMask: 0b0010, line: 11),
        .init(id: 2, kind: .equal, hiddenMask: 0, line: 12)
    ])
    let witness = Observation.transcript(
        """
        0 \(d(0.5)) \(d(0.5)) \(d(1e-9)) s6d7367 -
        1 \(d(1e-8)) \(d(1e-6)) - - b1
        2 [i1,i2] [i1,i2] - - b1
        """)!

    static func d(_ x: Double) -> String {
        let digits = String(x.bitPattern, radix: 16)
        return "d" + String(repeating: "0", count: 16 - digits.count) + digits
    }
    func d(_ x: Double) -> String { Self.d(x) }

    func run(_ transcript: String, status: Int32 = 0, signal: Int32? = nil) -> TestRun {
        TestRun(name: "C/testA", outcome: .init(status: status, signal: signal, timedOut: false, output: ""), transcript: transcript)
    }

    func verdict(_ transcript: String, status: Int32 = 0) -> TestVerdict {
        judge.verdict(run(transcript, status: status), witness: witness, blind: true)
    }

    func testTheRightValuesPass() {
        let v = verdict("0 \(d(0.5 + 1e-10)) h h h -\n1 \(d(3e-7)) h - - -\n2 [i1,i2] [i1,i2] - - b1\n")
        XCTAssertEqual(v.status, .passed, v.messages.joined())
    }

    func testAWrongValueFailsAndTheExpectedOneStaysHidden() {
        let v = verdict("0 \(d(0.25)) h h h -\n1 \(d(3e-7)) h - - -\n2 [i1,i2] [i1,i2] - - b1\n")
        XCTAssertEqual(v.status, .failed)
        XCTAssertTrue(v.messages[0].contains("XCTAssertEqual failed: 0.25"), v.messages[0])
        XCTAssertTrue(v.messages[0].hasSuffix("— msg"), v.messages[0])
        XCTAssertFalse(v.messages[0].contains("0.5"), "the expected value must not be shown: \(v.messages[0])")
    }

    /// Where the blind form hid no operand, the expected one is a value it could not hide (built
    /// with a type's own `init`, a table's tuple): each operand then shows only the parts that are
    /// not the witness's, so the expected value never does (a red team read `Cost(…)` tables so).
    func testWithNoOperandHiddenOnlyThePartsThatAreNotTheReferencesShow() {
        let v = verdict("0 \(d(0.5)) h h h -\n1 \(d(3e-7)) h - - -\n2 [i1,i3] [i1,i2] - - b0\n")
        XCTAssertEqual(v.status, .failed)
        XCTAssertEqual(v.messages, ["XCTAssertEqual failed: […, 3]"])
        let tuple = Judge(sites: [.init(id: 0, kind: .equal, hiddenMask: 0, line: 1)])
        let witness = Observation.transcript("0 o[i341440,i266534912] o[i341440,i266534912] - - b1\n")!
        let own = run("0 o[i341441,i266534912] o[i341440,i266534912] - - b0\n")
        XCTAssertEqual(tuple.verdict(own, witness: witness, blind: true).messages, ["XCTAssertEqual failed: (341441, …)"])
        // A long list names its first difference; a list of another length is the code's own.
        let values = (0..<10).map { "i\($0)" }
        let long = Observation.transcript("0 [\(values.joined(separator: ","))] [\(values.joined(separator: ","))] - - b1\n")!
        var changed = values
        changed[8] = "i80"
        let late = run("0 [\(changed.joined(separator: ","))] [\(values.joined(separator: ","))] - - b0\n")
        XCTAssertEqual(
            tuple.verdict(late, witness: long, blind: true).messages, ["XCTAssertEqual failed: [… (10 values; the first that differs, at index 8: 80)]"])
        let short = run("0 [i0,i1] [\(values.joined(separator: ","))] - - b0\n")
        XCTAssertEqual(tuple.verdict(short, witness: long, blind: true).messages, ["XCTAssertEqual failed: [0, 1]"])
        // Instructors (`feedback: values`) see both in full.
        var instructor = tuple
        instructor.revealsExpected = true
        XCTAssertEqual(instructor.verdict(own, witness: witness, blind: true).messages, ["XCTAssertEqual failed: (341441, 266534912) vs (341440, 266534912)"])
    }

    func testNaNAndInfinityNeverPass() {
        for bad in [Double.nan, .infinity, -.infinity] {
            XCTAssertEqual(verdict("0 \(d(bad)) h h h -\n1 \(d(3e-7)) h - - -\n2 [i1,i2] [i1,i2] - - b1\n").status, .failed, "\(bad)")
            XCTAssertEqual(verdict("0 \(d(0.5)) h h h -\n1 \(d(bad)) h - - -\n2 [i1,i2] [i1,i2] - - b1\n").status, .failed, "\(bad)")
        }
        XCTAssertEqual(verdict("0 \(d(0.5)) h h h -\n1 \(d(1e-7)) h - - -\n2 [\(d(.nan))] [\(d(.nan))] - - b1\n").status, .failed)
    }

    func testForgedRecordsEarnNothing() {
        // The old verdict line, a claim of a hidden slot's value, a value where the grader holds the
        // constant, fewer checks than the reference ran, and checks in another order.
        let forgeries = [
            #"{"status":"passed","test":"C/testA","token":"x"}"#,
            "0 h h h h -\n1 \(d(3e-7)) h - - -\n2 [i1,i2] [i1,i2] - - b1\n",
            "0 \(d(0.5)) \(d(0.5)) \(d(1)) h -\n1 \(d(3e-7)) h - - -\n2 [i1,i2] [i1,i2] - - b1\n",
            "0 \(d(0.5)) h h h -\n",
            "",
            "1 \(d(3e-7)) h - - -\n0 \(d(0.5)) h h h -\n2 [i1,i2] [i1,i2] - - b1\n",
            "0 \(d(0.5)) h h h -\n1 \(d(3e-7)) h - - -\n2 [i1,i2] [i1,i2] - - b1\n2 [i1] [i1] - - b1\n"
        ]
        for forged in forgeries {
            XCTAssertNotEqual(verdict(forged).status, .passed, forged)
        }
    }

    func testAProcessThatDiesOrThrowsFailsEvenWithGoodRecords() {
        let good = "0 \(d(0.5)) h h h -\n1 \(d(3e-7)) h - - -\n2 [i1,i2] [i1,i2] - - b1\n"
        XCTAssertEqual(judge.verdict(run(good, signal: SIGSEGV), witness: witness, blind: true).status, .crashed)
        XCTAssertEqual(verdict(good, status: 1).status, .failed)
    }

    func testDeepOrMalformedTranscriptsAreRejectedWithoutCrashing() {
        let deep = "2 " + String(repeating: "[", count: 100_000) + " x - - -"
        XCTAssertNil(Observation.transcript(deep))
        for bad in ["x", "0 d12 - - - -", "0 [i1 - - - -", "0 sabc - - - -", "-1 - - - - -", "0 - - - -"] {
            XCTAssertNil(Observation.transcript(bad), bad)
        }
    }

    func testNumbersCompareAcrossIntegerAndFloatingEncodings() {
        XCTAssertTrue(Judge.equal(.list([.int(0), .int(1)]), .list([.double(0), .double(1)]), inProcess: .absent))
        XCTAssertFalse(Judge.equal(.int(1), .double(1.5), inProcess: .absent))
        XCTAssertTrue(Judge.equal(.opaque, .opaque, inProcess: .bool(true)))
        // A lesson type's own `==` decides when both sides were evaluated in the test; its parts otherwise.
        XCTAssertTrue(Judge.equal(.structure([.double(1), .int(7)]), .structure([.double(1), .int(8)]), inProcess: .bool(true)))
        XCTAssertFalse(Judge.equal(.structure([.double(1), .int(7)]), .structure([.double(1), .int(8)]), inProcess: .absent))
        XCTAssertTrue(Judge.equal(.structure([.double(1)]), .structure([.double(1)]), inProcess: .absent))
        XCTAssertNotNil(Observation.transcript("0 o[d3ff0000000000000,[i1]] o[] - - b1"))
        XCTAssertFalse(Judge.equal(.opaque, .opaque, inProcess: .absent))
    }

    func testALeftOrderSaysWhatTheRunDidWithoutTheHiddenMessage() {
        // Site 3: `guard … else { XCTFail("expected 4 states") }`, which the reference never reaches.
        let judge = Judge(sites: self.judge.sites.values.sorted { $0.id < $1.id } + [.init(id: 3, kind: .fail, hiddenMask: 0b1000, line: 13)])
        let first = "0 \(d(0.5)) h h h -\n"
        let reachedFail = judge.verdict(run(first + "3 - - - h -\n"), witness: witness, blind: true)
        XCTAssertEqual(reachedFail.status, .failed)
        XCTAssertEqual(reachedFail.messages, ["the test reached an XCTFail that it never reaches with the reference solution (check 2)"])
        let otherCheck = judge.verdict(run(first + "2 [i1,i2] [i1,i2] - - b1\n"), witness: witness, blind: true)
        XCTAssertEqual(
            otherCheck.messages,
            ["the test's checks ran in another order than with the reference solution (check 2: XCTAssertEqual where the reference's run makes XCTAssertLessThan)"])
        let more = judge.verdict(
            run(first + "1 \(d(3e-7)) h - - -\n2 [i1,i2] [i1,i2] - - b1\n2 [i1,i2] [i1,i2] - - b1\n"), witness: witness, blind: true)
        XCTAssertEqual(more.messages, ["the test ran more checks than with the reference solution (check 4)"])
    }
}
