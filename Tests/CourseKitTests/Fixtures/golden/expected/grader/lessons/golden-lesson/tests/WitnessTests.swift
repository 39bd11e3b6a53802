import Foundation
import XCTest
@testable import GoldenLesson

final class SwapPairHiddenTests: XCTestCase {
#sourceLocation(file: "lessons/01-golden.md", line: 45)
func testSwapTwiceIsIdentity() { Observe.equal(0, 0, swapPair(swapPair(Pair(a: 5, b: -7))), Pair(a: 5, b: -7)) }
#sourceLocation()
#sourceLocation(file: "lessons/01-golden.md", line: 49)
func testTotalOfNegatives() { Observe.equal(1, 0, total(Pair(a: -5, b: -7)), -12) }
func testAsyncTotal() async { Observe.equal(2, 0, total(Pair(a: 0, b: 0)), 0) }
#sourceLocation()
}
