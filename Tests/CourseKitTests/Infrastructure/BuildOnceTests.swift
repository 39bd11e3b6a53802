@testable import CourseToolchain
import Foundation
import XCTest

final class BuildOnceTests: XCTestCase {
    /// Threads asking at once get one build's value; the build runs once.
    func testConcurrentCallersShareOneBuild() throws {
        let builds = NSLock()
        nonisolated(unsafe) var count = 0
        let once = BuildOnce { () -> Int in
            builds.withLock { count += 1 }
            Thread.sleep(forTimeInterval: 0.05)  // long enough for the other callers to arrive
            return 42
        }
        let values = try Array(0..<8).parallelMap(width: 4) { _ in try once.value() }
        XCTAssertEqual(values, Array(repeating: 42, count: 8))
        XCTAssertEqual(count, 1)
    }

    /// A failed build fails every caller with its error and is not tried again.
    func testAFailedBuildFailsEveryCallerOnce() {
        struct Broken: Error {}
        nonisolated(unsafe) var count = 0
        let once = BuildOnce { () throws -> Int in
            count += 1
            throw Broken()
        }
        XCTAssertThrowsError(try once.value()) { XCTAssertTrue($0 is Broken) }
        XCTAssertThrowsError(try once.value()) { XCTAssertTrue($0 is Broken) }
        XCTAssertEqual(count, 1)
    }
}
