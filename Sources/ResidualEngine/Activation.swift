/// Pointwise nonlinearities with their derivatives.
public enum Activation: String, CaseIterable, Sendable {
    /// σ(x) = x: no nonlinearity (a linear layer).
    case identity
    /// σ(x) = max(x, 0); NaN stays NaN.
    case relu
    /// σ(x) = tanh x, in (−1, 1).
    case tanh
    /// σ(x) = 1 / (1 + e⁻ˣ), in (0, 1).
    case sigmoid
    /// σ(x) = log(1 + eˣ), a smooth ReLU (x itself above 30, where the two differ by less than 1e-13).
    case softplus
    /// The exact GELU, x·Φ(x), with the error function (PyTorch's default).
    case gelu

    /// σ(x).
    @inlinable public func apply(_ x: Double) -> Double {
        switch self {
        case .identity: return x
        case .relu: return x < 0 ? 0 : x  // keeps NaN, like the fused kernels
        case .tanh: return libm_tanh(x)
        case .sigmoid: return 1 / (1 + libm_exp(-x))
        case .softplus: return x > 30 ? x : libm_log1p(libm_exp(x))
        case .gelu: return 0.5 * x * (1 + libm_erf(x / 2.0.squareRoot()))
        }
    }

    /// σ′(x); ReLU's derivative at 0 is taken as 0, as PyTorch does.
    @inlinable public func derivative(_ x: Double) -> Double {
        switch self {
        case .identity: return 1
        case .relu: return x > 0 ? 1 : 0
        case .tanh: let t = libm_tanh(x); return 1 - t * t
        case .sigmoid: let s = 1 / (1 + libm_exp(-x)); return s * (1 - s)
        case .softplus: return 1 / (1 + libm_exp(-x))
        case .gelu:
            let cdf = 0.5 * (1 + libm_erf(x / 2.0.squareRoot()))
            let pdf = libm_exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
            return cdf + x * pdf
        }
    }

    /// Whether |σ(a) − σ(b)| ≤ |a − b| for all a, b (what the Lipschitz bounds assume).
    public var isOneLipschitz: Bool { self != .gelu }

    /// σ applied to every entry of `m`.
    public func apply(_ m: Matrix) -> Matrix { m.map(apply) }
}
