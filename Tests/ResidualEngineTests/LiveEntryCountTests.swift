import ResidualEngine
import XCTest

/// `Matrix.liveEntryCount` follows allocations and releases; copies share storage until written.
final class LiveEntryCountTests: XCTestCase {
    func testCountsLiveEntriesOncePerStorage() {
        let before = Matrix.liveEntryCount
        var kept: [Matrix] = []
        do {
            let a = Matrix(rows: 3, cols: 4, repeating: 1)
            var copy = a
            XCTAssertEqual(Matrix.liveEntryCount - before, 12, "a copy shares its storage")
            copy[0, 0] = 2  // copy-on-write: now two buffers
            XCTAssertEqual(Matrix.liveEntryCount - before, 24)
            kept.append(Matrix.multiply(a, Matrix(rows: 4, cols: 5)))
            withExtendedLifetime((a, copy)) {}
        }
        XCTAssertEqual(Matrix.liveEntryCount - before, 15, "only the 3×5 product is still alive")
        kept.removeAll()
        XCTAssertEqual(Matrix.liveEntryCount, before)
    }
}
