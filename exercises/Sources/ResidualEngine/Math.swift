#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

// The engine imports only the C library, not Foundation, so students' builds stay light.
// `libm_` names keep these apart from the overloads in the standard library.
@usableFromInline @inline(__always) func libm_log(_ x: Double) -> Double { log(x) }
@usableFromInline @inline(__always) func libm_cos(_ x: Double) -> Double { cos(x) }
@usableFromInline @inline(__always) func libm_exp(_ x: Double) -> Double { exp(x) }
@usableFromInline @inline(__always) func libm_tanh(_ x: Double) -> Double { tanh(x) }
@usableFromInline @inline(__always) func libm_erf(_ x: Double) -> Double { erf(x) }
@usableFromInline @inline(__always) func libm_log1p(_ x: Double) -> Double { log1p(x) }
