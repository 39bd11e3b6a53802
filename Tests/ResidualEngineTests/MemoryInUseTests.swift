import Dispatch
import ResidualEngine
import XCTest

/// `MemoryInUse` sees memory wherever a computation keeps it: matrices, plain arrays, raw buffers,
/// and frames of a recursion on the stack.
final class MemoryInUseTests: XCTestCase {
    /// Other allocations come and go meanwhile (XCTest's own), so each step is asked to show 95 %
    /// of what it allocated.
    func testHeapBytesFollowMatricesArraysAndRawBuffersAndTheirRelease() {
        let before = MemoryInUse.heapBytes
        var kept: [Any] = []
        kept.append(Matrix(rows: 100, cols: 100, repeating: 1))
        let afterMatrix = MemoryInUse.heapBytes
        XCTAssertGreaterThanOrEqual(afterMatrix - before, 76_000, "a 100×100 matrix holds 80 000 bytes")
        kept.append([Double](repeating: 2, count: 50_000))
        let afterArray = MemoryInUse.heapBytes
        XCTAssertGreaterThanOrEqual(afterArray - afterMatrix, 380_000, "a [Double] of 50 000 (400 000 bytes) is on the heap too")
        let raw = UnsafeMutablePointer<Double>.allocate(capacity: 10_000)
        XCTAssertGreaterThanOrEqual(MemoryInUse.heapBytes - afterArray, 76_000, "so is a raw buffer of 80 000 bytes")
        raw.deallocate()
        kept.removeAll()
        XCTAssertLessThan(MemoryInUse.heapBytes - before, 50_000, "the 560 000 bytes released no longer count")
    }

    func testTheStackPositionMovesDownWithEveryNestedFrame() {
        let top = MemoryInUse.stackPosition()
        func descend(_ levels: Int) -> Int {
            // A frame that holds 512 bytes of its own, kept live across the nested call.
            var frame = InlineArray<64, Double>(repeating: Double(levels))
            let deepest = levels == 0 ? MemoryInUse.stackPosition() : descend(levels - 1)
            frame[levels % 64] += 1
            return withExtendedLifetime(frame) { deepest }
        }
        let shallow = top - descend(2)
        let deep = top - descend(200)
        XCTAssertGreaterThan(shallow, 0)
        XCTAssertGreaterThan(deep - shallow, 198 * 64, "198 more frames occupy at least their own bytes")
    }

    /// Memory held in plain arrays, with no matrix allocated and no reading asked for while it is
    /// held, escapes a watch that reads at allocations; one that also reads on a timer sees it.
    func testAWatchThatReadsOnATimerSeesArraysHeldBetweenMatrixAllocations() {
        let atAllocations = MemoryInUse.Watch()
        let onATimer = MemoryInUse.Watch(readingEvery: 100)
        do {
            var held = [Double](repeating: 1, count: 500_000)  // 4 MB
            let start = DispatchTime.now().uptimeNanoseconds
            while DispatchTime.now().uptimeNanoseconds - start < 30_000_000 { held[Int.random(in: 0..<held.count)] += 1 }
            withExtendedLifetime(held) {}
        }
        XCTAssertLessThan(atAllocations.peakBytes, 1_000_000, "no reading while the array was held")
        XCTAssertGreaterThanOrEqual(onATimer.peakBytes, 3_800_000, "read while the 4 MB were held")
    }

    /// Frames of a recursion, held while nothing allocates a matrix or asks for a reading: the
    /// timer's signal reads the stack of the watch's thread.
    func testAWatchThatReadsOnATimerSeesTheStackOfItsThread() {
        let onATimer = MemoryInUse.Watch(readingEvery: 100)
        func descend(_ levels: Int) -> Double {
            var frame = InlineArray<4096, Double>(repeating: Double(levels))  // 32 KB
            if levels == 0 {
                let start = DispatchTime.now().uptimeNanoseconds
                var total = 0.0
                while DispatchTime.now().uptimeNanoseconds - start < 30_000_000 { total += frame[Int(total) & 4095] }
                return total
            }
            let below = descend(levels - 1)
            frame[levels % 4096] += below
            return frame[levels % 4096]
        }
        _ = descend(40)
        XCTAssertGreaterThanOrEqual(onATimer.peakBytes, 40 * 32_768, "40 frames of 32 KB were on the stack for 30 ms")
    }

    /// Memory held and given back between two readings someone asked for is still seen: every
    /// matrix allocated while a watch is open is a reading.
    func testAWatchSeesMemoryHeldOnlyBetweenItsReadings() {
        let watch = MemoryInUse.Watch()
        watch.sample()
        let atFirstReading = watch.peakBytes
        do {
            let held = (0..<10).map { _ in Matrix(rows: 100, cols: 100, repeating: 1) }
            withExtendedLifetime(held) {}
        }
        let peak = watch.peakBytes
        XCTAssertGreaterThanOrEqual(peak - atFirstReading, 80_000 * 10, "all ten were held when the tenth was allocated")
        watch.sample()
        XCTAssertEqual(watch.peakBytes, peak, "a peak stays once the memory is given back")
    }
}
