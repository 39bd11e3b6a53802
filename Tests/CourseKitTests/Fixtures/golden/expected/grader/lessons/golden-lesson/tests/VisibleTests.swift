import Foundation
import XCTest
@testable import GoldenLesson

final class SwapPairTests: XCTestCase {
#sourceLocation(file: "lessons/01-golden.md", line: 37)
func testSwap() { XCTAssertEqual(swapPair(Pair(a: 1, b: 2)), Pair(a: 2, b: 1)) }
#sourceLocation()

#sourceLocation(file: "lessons/01-golden.md", line: 41)
func testTotal() { XCTAssertEqual(total(Pair(a: 1, b: 2)), 3) }
#sourceLocation()
}
