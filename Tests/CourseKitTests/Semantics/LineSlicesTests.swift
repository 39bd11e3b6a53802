import CourseToolchain
@testable import CourseAuthoring
import XCTest

final class LineSlicesTests: XCTestCase {
    func testLinesAreThoseOfSplittingByCharacter() {
        let samples = ["", "\n", "\n\n", "one", "one\ntwo", "one\ntwo\n", "crlf\r\nstays\r\n", "lone\rcr\n", "é\u{301}\nλ = 1\n\u{1F600}", "\r\n\n\r"]
        for sample in samples {
            let expected = sample.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(sample.lineSlices, expected, sample.debugDescription)
        }
    }
}
