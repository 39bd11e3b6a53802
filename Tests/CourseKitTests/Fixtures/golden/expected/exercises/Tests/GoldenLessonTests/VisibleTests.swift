// Visible tests for lesson 1: Golden lesson.
// Run them with `swift test --parallel` (or `--filter GoldenLessonTests`).

import Foundation
import XCTest
@testable import GoldenLesson

final class SwapPairTests: XCTestCase {
    override class func setUp() { super.setUp(); CrashReport.installed }

    func testSwap() { XCTAssertEqual(swapPair(Pair(a: 1, b: 2)), Pair(a: 2, b: 1)) }

    func testTotal() { XCTAssertEqual(total(Pair(a: 1, b: 2)), 3) }
}
