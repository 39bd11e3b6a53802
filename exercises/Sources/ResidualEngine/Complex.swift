/// A complex number of doubles (the engine needs no package beyond the toolchain).
public struct Complex: Hashable, Sendable, CustomStringConvertible {
    /// The real part.
    public var real: Double
    /// The imaginary part.
    public var imaginary: Double

    /// real + imaginary·i; a real number when `imaginary` is left out.
    @inlinable public init(_ real: Double, _ imaginary: Double = 0) {
        self.real = real
        self.imaginary = imaginary
    }

    /// 0 + 0i.
    public static let zero = Complex(0, 0)
    /// The imaginary unit, 0 + 1i.
    public static let i = Complex(0, 1)

    /// z̄ = real − imaginary·i.
    @inlinable public var conjugate: Complex { Complex(real, -imaginary) }
    /// |z|².
    @inlinable public var lengthSquared: Double { real * real + imaginary * imaginary }
    /// |z|.
    @inlinable public var length: Double { lengthSquared.squareRoot() }

    /// The sum.
    @inlinable public static func + (a: Complex, b: Complex) -> Complex { Complex(a.real + b.real, a.imaginary + b.imaginary) }
    /// The difference.
    @inlinable public static func - (a: Complex, b: Complex) -> Complex { Complex(a.real - b.real, a.imaginary - b.imaginary) }
    /// The negation, −z.
    @inlinable public static prefix func - (a: Complex) -> Complex { Complex(-a.real, -a.imaginary) }
    /// The complex product.
    @inlinable public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.real * b.real - a.imaginary * b.imaginary, a.real * b.imaginary + a.imaginary * b.real)
    }
    /// A real multiple, s·z.
    @inlinable public static func * (s: Double, a: Complex) -> Complex { Complex(s * a.real, s * a.imaginary) }
    /// The quotient a / b; its parts are infinite or NaN when b is 0.
    @inlinable public static func / (a: Complex, b: Complex) -> Complex {
        let d = b.lengthSquared
        return Complex((a.real * b.real + a.imaginary * b.imaginary) / d, (a.imaginary * b.real - a.real * b.imaginary) / d)
    }
    /// a = a + b.
    @inlinable public static func += (a: inout Complex, b: Complex) { a = a + b }
    /// a = a − b.
    @inlinable public static func -= (a: inout Complex, b: Complex) { a = a - b }

    /// `real±|imaginary|i`, such as `1.0-2.0i`.
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
        require(a.count == b.count, "shape mismatch in inner product: vectors of \(a.count) and \(b.count)")
        var total = Complex.zero
        for k in a.indices { total += a[k].conjugate * b[k] }
        return total
    }

    /// Real and imaginary parts into complex values.
    public static func make(real: [Double], imaginary: [Double]) -> [Complex] {
        require(real.count == imaginary.count, "shape mismatch: \(real.count) real and \(imaginary.count) imaginary parts")
        return zip(real, imaginary).map { Complex($0, $1) }
    }
}
