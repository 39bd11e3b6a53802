/// Maxima, minima and argmaxima that let NaN through.
///
/// `Swift.max`, `Sequence.max()` and `Sequence.min()` compare with `<`, which is false for NaN,
/// so they drop a NaN (or keep it only in the first position). A check such as
/// `XCTAssertLessThan(maxAbs(error), 1e-9)` would then pass for a result full of NaN. These
/// reductions return NaN when any entry is NaN (an argmax returns no index), and +∞ when an
/// entry is infinite and none is NaN, so every tolerance check fails on them.
extension Vector {
    /// The largest |aᵢ| (0 for no entries); NaN if any entry is NaN, else +∞ if any is infinite.
    public static func maxAbs(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { maxAbs($0) }
    }

    /// The largest |aᵢ| of a buffer, NaN-propagating, without a branch per entry.
    static func maxAbs(_ a: UnsafeBufferPointer<Double>) -> Double {
        guard let base = a.baseAddress else { return 0 }
        // With the sign bit cleared, the bit patterns of doubles order as their magnitudes do,
        // and every NaN's pattern lies above +∞'s: an integer maximum carries NaN for free.
        let magnitude = SIMD8<Int64>(repeating: 0x7FFF_FFFF_FFFF_FFFF)
        var lanes = SIMD8<Int64>.zero
        var i = 0
        while i + 8 <= a.count {
            let bits = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Int64>.self) & magnitude
            // Both sides are below 2⁶³, so the difference cannot overflow; its sign picks the larger.
            let difference = lanes &- bits
            lanes = lanes &- (difference & (difference &>> 63))
            i += 8
        }
        var largest = lanes.max()
        while i < a.count {
            largest = Swift.max(largest, Int64(bitPattern: base[i].bitPattern) & 0x7FFF_FFFF_FFFF_FFFF)
            i += 1
        }
        return Double(bitPattern: UInt64(largest))
    }

    /// The largest |aᵢ − bᵢ| (0 for no entries); NaN if any difference is NaN.
    public static func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
        require(a.count == b.count, "shape mismatch in maxAbsDifference: vectors of \(a.count) and \(b.count)")
        return maxAbs(zip(a, b).map { $0 - $1 })
    }

    /// The largest entry (nil for none); NaN if any entry is NaN.
    public static func maximum(_ a: [Double]) -> Double? {
        a.contains(where: \.isNaN) ? .nan : a.max()
    }

    /// The smallest entry (nil for none); NaN if any entry is NaN.
    public static func minimum(_ a: [Double]) -> Double? {
        a.contains(where: \.isNaN) ? .nan : a.min()
    }

    /// The index of the first largest entry; nil for no entries or when any entry is NaN (a NaN
    /// score has no rank, so it must not pick a class by its position).
    public static func argmax(_ a: [Double]) -> Int? {
        guard !a.contains(where: \.isNaN) else { return nil }
        return a.indices.max { a[$0] < a[$1] }
    }
}
