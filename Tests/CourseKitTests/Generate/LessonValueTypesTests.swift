@testable import CourseAuthoring
@testable import CourseToolchain
import XCTest

/// Expected values written as the lesson's own values (`Summary(skips: 2)`, `.unknownToken("x2")`)
/// leave the blind runner like numbers do, but only for types whose values are their stored parts,
/// and never when the test computes with them: an operator or a member of such a value may be the
/// exercise.
final class LessonValueTypesTests: XCTestCase {
    /// Given to students: a memberwise struct, an enum, a struct with its own `==`, one with an
    /// `init`, and one whose stored parts are a solution region.
    private let given = """
        struct Summary: Equatable { var skips: Int; var runs: Int }
        enum SpecError: Error, Equatable { case empty; case unknownToken(String) }
        struct Loose: Equatable { var x: Double; static func == (a: Loose, b: Loose) -> Bool { abs(a.x - b.x) < 1 } }
        struct Normalised: Equatable { var terms: [Int]; init(terms: [Int]) { self.terms = terms } }
        struct Written: Equatable {
            // TODO
        }
        """
    private let solution = """
        struct Written: Equatable {
            // BEGIN SOLUTION
            var a: Int
            // END SOLUTION
        }
        extension Summary { static func + (l: Summary, r: Summary) -> Summary { Summary(skips: l.skips + r.skips, runs: l.runs + r.runs) } }
        """

    private var types: LessonValueTypes {
        LessonValueTypes(given: [given], support: [], all: [given, solution])
    }

    private func blind(_ code: String) -> (code: String, masks: [Int]) {
        let flow = ExpectedValueFlow(blocks: [code], constants: [], valueTypes: types)
        let result = AssertionRewriter.rewrite(code, form: .blind, hiddenSlots: flow.hiddenSlots[0], scrubbed: flow.scrubbed[0])
        return (result.code, result.sites.map(\.hiddenMask))
    }

    func testOnlyTypesWhoseValuesAreTheirGivenPartsCount() {
        XCTAssertEqual(types.structs, ["Summary"])
        XCTAssertEqual(types.enumCases, ["SpecError": ["empty", "unknownToken"]])
        // Support code is not edited: its initialisers may run, though zeros must not reach them.
        let support = LessonValueTypes(given: [given], support: [given], all: [given])
        XCTAssertEqual(support.structs, ["Summary", "Normalised", "Written"])
        XCTAssertEqual(support.initialised, ["Normalised"])
    }

    func testValuesInAssertionsAndTablesLeaveTheRunner() {
        let code = """
            func testSummary() {
                XCTAssertEqual(summarize("RRD"), Summary(skips: 2417, runs: 3581))
                let table: [(String, Summary)] = [("PP", Summary(skips: 7219, runs: 4423))]
                for (letters, expected) in table { XCTAssertEqual(summarize(letters), expected) }
                XCTAssertThrowsError(try parse("x")) { error in XCTAssertEqual(error as? SpecError, .unknownToken("secret-token")) }
                XCTAssertEqual(errors(), [SpecError.unknownToken("other-token"), .empty])
            }
            """
        let (text, masks) = blind(code)
        for secret in ["2417", "3581", "7219", "4423", "secret-token", "other-token"] {
            XCTAssertFalse(text.contains(secret), "'\(secret)' is in the blind runner:\n\(text)")
        }
        XCTAssertTrue(text.contains("(\"PP\", Summary(skips: 0, runs: 0))"), "the input stays, the expected parts are zeros:\n\(text)")
        XCTAssertEqual(masks, [0b10, 0b10, 0, 0b10, 0b10])
    }

    func testOperatorsMembersAndOtherTypesStayTheCodes() {
        let code = """
            func testArithmetic() {
                let sum = Summary(skips: 1, runs: 2) + Summary(skips: 3, runs: 4)
                XCTAssertEqual(Summary(skips: 4, runs: 6), sum)
                XCTAssertEqual(Summary(skips: 5, runs: 6).skips, 5)
                XCTAssertEqual(-Summary(skips: 8, runs: 9), total())
                XCTAssertEqual(loose(), Loose(x: 0.5))
                XCTAssertEqual(normalise([1, 0]), Normalised(terms: [1]))
                XCTAssertEqual(built(), Written(a: 3))
            }
            """
        let (text, masks) = blind(code)
        // `sum` is the student's `+`: it stays, and the Summary it is compared with is hidden.
        XCTAssertTrue(text.contains("Summary(skips: 1, runs: 2) + Summary(skips: 3, runs: 4)"), text)
        XCTAssertEqual(masks[0], 0b01, "the written value is hidden, the student's sum is not")
        // A member of a lesson value is the type's code; the literal it is compared with is hidden as ever.
        XCTAssertEqual(masks[1], 0b10)
        XCTAssertTrue(text.contains("Summary(skips: 5, runs: 6).skips"), text)
        XCTAssertEqual(masks[2], 0, "a prefix operator on a lesson value is code")
        XCTAssertEqual(Array(masks[3...]), [0, 0, 0], "an own `==`, an own `init`, parts written by the student: compared in the test")
    }

    func testAnElementPickedByTheCodesCountIsReported() {
        let code = """
            func assertClose(_ actual: [Double], _ expected: [Double]) {
                XCTAssertEqual(actual.count, expected.count)
                for i in 0..<min(actual.count, expected.count) { XCTAssertEqual(actual[i], expected[i], accuracy: 1e-12) }
            }
            func testSteps() { assertClose(steps(), [0.6438276615812609, 1.7992484959812163]) }
            """
        let flow = ExpectedValueFlow(blocks: [code], constants: [])
        let bytes = Array(code.utf8)
        let exposed = Set(flow.exposed[0].map { String(decoding: bytes[$0...].prefix { $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "]") }, as: UTF8.self) })
        XCTAssertEqual(exposed, ["0.6438276615812609", "1.7992484959812163"], "both elements are expected values left in the runner")
        // Over the expected value's own indices, the same helper hides them.
        let aligned = code.replacingOccurrences(of: "0..<min(actual.count, expected.count)", with: "expected.indices")
        let fixed = ExpectedValueFlow(blocks: [aligned], constants: [])
        XCTAssertTrue(fixed.exposed[0].isEmpty)
        XCTAssertEqual(fixed.scrubbed[0].count, 3, "both elements and the accuracy")
    }
}
