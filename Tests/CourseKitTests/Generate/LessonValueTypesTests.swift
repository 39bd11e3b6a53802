@testable import CourseAuthoring
@testable import CourseToolchain
import XCTest

/// Expected values written as the lesson's own values (`Summary(skips: 2)`, `.unknownToken("x2")`)
/// leave the blind runner like numbers do, but only for types whose values are their stored parts,
/// and never when the test computes with them: an operator or a member of such a value may be the
/// exercise.
final class LessonValueTypesTests: XCTestCase {
    /// Given to students: a memberwise struct, an enum, and types that must not count: one with
    /// its own `==`, one with an `init`, one whose stored parts are a solution region, one with a
    /// description the student writes, an enum carrying it, an enum whose `==` ignores case.
    private let given = """
        struct Summary: Equatable { var skips: Int; var runs: Int }
        enum SpecError: Error, Equatable { case empty; case unknownToken(String) }
        struct Loose: Equatable { var x: Double; static func == (a: Loose, b: Loose) -> Bool { abs(a.x - b.x) < 1 } }
        struct Normalised: Equatable { var terms: [Int]; init(terms: [Int]) { self.terms = terms } }
        struct Written: Equatable {
            // TODO
        }
        enum Op: Equatable { case add, mul }
        enum Expr: Equatable { case binary(Op, Int, Int) }
        enum Token: Equatable { case word(String) }
        struct Sized: Equatable { var width: Int = defaultWidth() }
        """
    private let solution = """
        struct Written: Equatable {
            // BEGIN SOLUTION
            var a: Int
            // END SOLUTION
        }
        extension Summary { static func + (l: Summary, r: Summary) -> Summary { Summary(skips: l.skips + r.skips, runs: l.runs + r.runs) } }
        extension Op: CustomStringConvertible { var description: String { "TODO" } }
        extension Token { static func == (a: Token, b: Token) -> Bool { true } }
        func defaultWidth() -> Int { 7 }
        """

    private var types: LessonValueTypes { LessonValueTypes(support: [given], solutions: [solution]) }

    private func blind(_ code: String) -> (code: String, masks: [Int]) {
        let flow = ExpectedValueFlow(blocks: [code], constants: [], valueTypes: types)
        let result = AssertionRewriter.rewrite(code, form: .blind, hiddenSlots: flow.hiddenSlots[0], scrubbed: flow.scrubbed[0])
        return (result.code, result.sites.map(\.hiddenMask))
    }

    func testOnlyTypesWhoseValuesAreTheirGivenPartsCount() {
        XCTAssertEqual(types.structs, ["Summary"])
        XCTAssertEqual(types.enumCases, ["SpecError": ["empty", "unknownToken"]])
        XCTAssertFalse(types.isCase("word"), "a case of an enum that does not count")
        // An `init` of its own is code; so are a default argument of a case, an observer, and an
        // `==` behind an `#if`, an alias or a module name.
        let support = """
            struct Cost: Hashable { var p: Int; init(p: Int) { self.p = max(0, p) } }
            enum Limit: Equatable { case timeout(seconds: Int = defaultTimeout(), retries: Int) }
            struct Reading: Equatable { var level: Double { didSet {} } }
            struct Money: Equatable { var cents: Int }
            struct Price: Equatable { var cents: Int }
            typealias PriceTag = Price
            struct Fee: Equatable { var cents: Int }
            """
        let solutions = """
            func defaultTimeout() -> Int { 30 }
            #if canImport(Foundation)
            extension Money { static func == (a: Money, b: Money) -> Bool { true } }
            #endif
            extension PriceTag { static func == (a: Price, b: Price) -> Bool { true } }
            extension Lesson.Fee { static func == (a: Fee, b: Fee) -> Bool { true } }
            """
        let customised = LessonValueTypes(support: [support], solutions: [solutions])
        XCTAssertEqual(customised.structs, [])
        XCTAssertEqual(customised.enumCases, [:])
        // Only support code counts: a type in an exercise's file can gain stored properties.
        XCTAssertEqual(LessonValueTypes(support: [], solutions: ["struct Tally: Equatable { var skips: Int }"]).structs, [])
    }

    func testValuesWrittenInAssertionsLeaveTheRunner() {
        let code = """
            func testSummary() {
                XCTAssertEqual(summarize("RRD"), Summary(skips: 2417, runs: 3581))
                XCTAssertThrowsError(try parse("x")) { error in XCTAssertEqual(error as? SpecError, .unknownToken("secret-token")) }
                XCTAssertEqual(errors(), [SpecError.unknownToken("other-token"), .empty])
                XCTAssertNotEqual(summarize("P"), Summary(skips: 9157, runs: 0))
            }
            """
        let (text, masks) = blind(code)
        for secret in ["2417", "3581", "secret-token", "other-token", "9157"] {
            XCTAssertFalse(text.contains(secret), "'\(secret)' is in the blind runner:\n\(text)")
        }
        XCTAssertEqual(masks, [0b10, 0, 0b10, 0b10, 0b10])
    }

    func testValuesTheTestComputesWithOrOrdersStayTheCodes() {
        let code = """
            func testArithmetic() {
                let sum = Summary(skips: 1, runs: 2) + Summary(skips: 3, runs: 4)
                XCTAssertEqual(sum, Summary(skips: 4, runs: 6))
                XCTAssertEqual(Summary(skips: 5, runs: 6).skips, 5)
                let x = 7
                let v = Summary(skips: x, runs: 8)
                XCTAssertEqual(v + v, total())
                let table: [(String, Summary)] = [("PP", Summary(skips: 7219, runs: 4423))]
                for (letters, expected) in table { XCTAssertEqual(summarize(letters), expected) }
                XCTAssertLessThan(newest(), Summary(skips: 1, runs: 2))
                XCTAssertEqual(loose(), Loose(x: 0.5))
                XCTAssertEqual(normalise([1, 0]), Normalised(terms: [1]))
                XCTAssertEqual(built(), Written(a: 3))
                XCTAssertEqual(parse("1 * 2"), .binary(.mul, 1, 2))
                XCTAssertNotEqual(Token.word("a"), .word("b"))
                XCTAssertEqual(sized(), Sized(width: 3))
            }
            """
        let (text, masks) = blind(code)
        // `sum` is the student's `+`: it stays, and the Summary it is compared with is hidden.
        XCTAssertEqual(masks[0], 0b10)
        XCTAssertTrue(text.contains("Summary(skips: 1, runs: 2) + Summary(skips: 3, runs: 4)"), text)
        XCTAssertEqual(masks[1], 0b10, "a member of a value is the type's code; the literal is hidden as ever")
        XCTAssertTrue(text.contains("Summary(skips: 5, runs: 6).skips"), text)
        XCTAssertEqual(masks[2], 0, "a value bound to a name is the code's, and so is what an operator makes of it")
        XCTAssertTrue(text.contains("let x = 7"), text)
        XCTAssertEqual(masks[3], 0, "a table of values stays: only an assertion's own operand is followed")
        XCTAssertTrue(text.contains("7219"), text)
        XCTAssertEqual(masks[4], 0, "ordering a structure needs the test process's own `<`")
        XCTAssertEqual(Array(masks[5...]), [0, 0, 0, 0, 0, 0], "own `==`, own `init`, student parts, student description, own case `==`, a default made by code")
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
