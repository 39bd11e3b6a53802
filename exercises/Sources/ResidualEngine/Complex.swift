/// A complex number of doubles (the engine needs no package beyond the toolchain).
public struct Complex: Hashable, Sendable, CustomStringConvertible {
    public var real: Double
    public var imaginary: Double

    @inlinable public init(_ real: Double, _ imaginary: Double = 0) {
        self.real = real
        self.imaginary = imaginary
    }

    public static let zero = Complex(0, 0)
    public static let i = Complex(0, 1)

    @inlinable public var conjugate: Complex { Complex(real, -imaginary) }
    /// |z|².
    @inlinable public var lengthSquared: Double { real * real + imaginary * imaginary }
    /// |z|.
    @inlinable public var length: Double { lengthSquared.squareRoot() }

    @inlinable public static func + (a: Complex, b: Complex) -> Complex { Complex(a.real + b.real, a.imaginary + b.imaginary) }
    @inlinable public static func - (a: Complex, b: Complex) -> Complex { Complex(a.real - b.real, a.imaginary - b.imaginary) }
    @inlinable public static prefix func - (a: Complex) -> Complex { Complex(-a.real, -a.imaginary) }
    @inlinable public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.real * b.real - a.imaginary * b.imaginary, a.real * b.imaginary + a.imaginary * b.real)
    }
    @inlinable public static func * (s: Double, a: Complex) -> Complex { Complex(s * a.real, s * a.imaginary) }
    @inlinable public static func / (a: Complex, b: Complex) -> Complex {
        let d = b.lengthSquared
        return Complex((a.real * b.real + a.imaginary * b.imaginary) / d, (a.imaginary * b.real - a.real * b.imaginary) / d)
    }
    @inlinable public static func += (a: inout Complex, b: Complex) { a = a + b }
    @inlinable public static func -= (a: inout Complex, b: Complex) { a = a - b }

    public var description: String { "\(real)\(imaginary < 0 ? "-" : "+")\(abs(imaginary))i" }
}

/// Operations on complex vectors ([Complex]).
public enum ComplexVector {
    /// Σ |zᵢ|² · weight (the discrete norm ∫|ψ|² dx when weight is the grid spacing).
    public static func normSquared(_ z: [Complex], weight: Double = 1) -> Double {
        z.reduce(0) { $0 + $1.lengthSquared } * weight
    }

    /// ⟨a, b⟩ = Σ conj(aᵢ) bᵢ.
    public static func inner(_ a: [Complex], _ b: [Complex]) -> Complex {
        precondition(a.count == b.count, "shape mismatch in inner product: vectors of \(a.count) and \(b.count)")
        var total = Complex.zero
        for k in a.indices { total += a[k].conjugate * b[k] }
        return total
    }

    /// Real and imaginary parts into complex values.
    public static func make(real: [Double], imaginary: [Double]) -> [Complex] {
        precondition(real.count == imaginary.count, "shape mismatch: \(real.count) real and \(imaginary.count) imaginary parts")
        return zip(real, imaginary).map { Complex($0, $1) }
    }
}
