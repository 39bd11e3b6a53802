@testable import CourseGrading
import XCTest

/// When the hidden tests do not compile against a submission, the student reads the compiler's
/// messages, but not the values they quote from the tests' code.
final class HiddenTestCompileErrorsTests: XCTestCase {
    func testLiteralsTheCompilerQuotesFromTheTestsAreRedacted() {
        let cases = [
            ("integer literal '1000' overflows when stored into 'Int8'", "integer literal '…' overflows when stored into 'Int8'"),
            ("negative integer '-30' overflows when stored into unsigned type 'UInt8'", "negative integer '-…' overflows when stored into unsigned type 'UInt8'"),
            ("arithmetic operation '100_000 * 2' (on type 'Int16') results in an overflow", "arithmetic operation '… * …' (on type 'Int16') results in an overflow"),
            (#"cannot convert value '"seed 7"' to 'Int'"#, "cannot convert value '…' to 'Int'"),
            ("'x[3] + 2.5e-3 + 0x1F' is not allowed", "'x[…] + … + …' is not allowed"),
            ("'(1...1000).map { t.0 * 7 }' is not allowed", "'(…...…).map { t.… * … }' is not allowed"),
            // Names, types and the API stay: what the student needs to fix the signature.
            ("cannot convert value of type 'Int' to expected argument type 'Int8'", "cannot convert value of type 'Int' to expected argument type 'Int8'"),
            ("value of type 'SIMD8<Double>' has no member 'norm2'", "value of type 'SIMD8<Double>' has no member 'norm2'"),
            ("missing argument for parameter #2 in call", "missing argument for parameter #2 in call"),
            ("unterminated ' quote 12", "unterminated ' quote 12")
        ]
        for (message, shown) in cases { XCTAssertEqual(HiddenTestCompileErrors.redactingLiterals(message), shown) }
    }

    func testOnlyErrorsAreKeptEachOnceWithoutLocations() {
        let output = """
            /tmp/g/tests/HiddenTests.swift:130:41: error: integer literal '1000' overflows when stored into 'Int8'
            /tmp/g/tests/HiddenTests.swift:131:41: error: integer literal '100000' overflows when stored into 'Int8'
            /tmp/g/tests/HiddenTests.swift:12:5: warning: variable 'seed' was never mutated
            /tmp/g/tests/HiddenTests.swift:140:9: error: cannot find 'eulerGainz' in scope
            """
        XCTAssertEqual(
            HiddenTestCompileErrors.messages(in: output),
            ["integer literal '…' overflows when stored into 'Int8'", "cannot find 'eulerGainz' in scope"])
        XCTAssertEqual(HiddenTestCompileErrors.messages(in: "ld: something"), ["the tests do not compile against this code"])
    }
}
