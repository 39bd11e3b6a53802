@testable import CourseToolchain
import Foundation
import XCTest

final class ParallelMapTests: XCTestCase {
    func testJobsStartInTheGivenOrderAndResultsComeBackInTheArraysOrder() throws {
        let started = OutputBuffer(limit: 1 << 10)
        let results = try ["a", "b", "c", "d"].parallelMap(width: 1, startingIn: [2, 0, 3, 1]) { letter in
            started.append(Data(letter.utf8))
            return letter.uppercased()
        }
        XCTAssertEqual(started.text, "cadb")
        XCTAssertEqual(results, ["A", "B", "C", "D"])
        let wide = try Array(0..<50).parallelMap(width: 4, startingIn: Array((0..<50).reversed())) { $0 * $0 }
        XCTAssertEqual(wide, (0..<50).map { $0 * $0 })
    }

    func testAFailureIsRethrown() {
        struct Failure: Error {}
        XCTAssertThrowsError(
            try [1, 2, 3].parallelMap(width: 2, startingIn: [1, 2, 0]) { value -> Int in
                if value == 2 { throw Failure() }
                return value
            })
    }
}
