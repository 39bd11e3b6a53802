/// Branch-free lane selections on the bits of doubles.
///
/// `pointwiseMax` and `replacing(with:where:)` on `SIMD8<Double>` compile to per-lane compares and
/// branches here; with ReLU's signs half positive at random, the mispredictions made the forward
/// pass over 50 distinct random blocks 1.5× slower than the same block repeated. Integer shifts
/// and masks on the bit patterns vectorize and do not depend on the values.
enum SIMDBits {
    /// max(v, 0) lane by lane; −0 and negative values become +0, NaN stays NaN (as in PyTorch).
    @inline(__always)
    static func relu(_ v: SIMD8<Double>) -> SIMD8<Double> {
        let bits = unsafeBitCast(v, to: SIMD8<Int64>.self)
        let keep = ~(bits &>> 63) | nanMask(bits)  // sign bit clear, or NaN
        return unsafeBitCast(bits & keep, to: SIMD8<Double>.self)
    }

    /// All ones in lanes holding a NaN: magnitude bits above those of infinity.
    @inline(__always)
    static func nanMask(_ bits: SIMD8<Int64>) -> SIMD8<Int64> {
        let magnitude = bits & SIMD8(repeating: 0x7FFF_FFFF_FFFF_FFFF)
        return (SIMD8(repeating: 0x7FF0_0000_0000_0000) &- magnitude) &>> 63
    }

    /// g where m > 0, else +0 (ReLU's backward pass, with m its output).
    @inline(__always)
    static func keep(_ g: SIMD8<Double>, wherePositive m: SIMD8<Double>) -> SIMD8<Double> {
        let mb = unsafeBitCast(m, to: SIMD8<Int64>.self)
        // For m > 0 both −bits and ~bits have the sign bit set; for +0, −0 and negatives not both.
        let keep = ((SIMD8<Int64>.zero &- mb) & ~mb) &>> 63 & ~nanMask(mb)  // NaN > 0 is false
        return unsafeBitCast(unsafeBitCast(g, to: SIMD8<Int64>.self) & keep, to: SIMD8<Double>.self)
    }
}
