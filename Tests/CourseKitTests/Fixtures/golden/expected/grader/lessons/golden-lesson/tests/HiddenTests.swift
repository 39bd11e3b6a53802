import Foundation
import XCTest
@testable import GoldenLesson

final class SwapPairHiddenTests: XCTestCase {
func testSwapTwiceIsIdentity() { Observe.equal(0, 2, swapPair(swapPair(Pair(a: 5, b: -7))), Observe.hidden()) }
func testTotalOfNegatives() { Observe.equal(1, 2, total(Pair(a: -5, b: -7)), Observe.hidden()) }
func testAsyncTotal() async { Observe.equal(2, 2, total(Pair(a: 0, b: 0)), Observe.hidden()) }
}
