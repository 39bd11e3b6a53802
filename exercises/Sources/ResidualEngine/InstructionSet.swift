#if os(Linux)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Swift cannot compile one function for AVX-512 and another for AVX2 in the same module (there
// is no per-function target attribute and no intrinsics), so the instruction set is chosen when
// the engine is built: `-Xcc -march=x86-64-v3 -D RESIDUAL_ENGINE_AVX2` (every x86-64 CPU with
// AVX2 and FMA) or `-Xcc -march=x86-64-v4 -D RESIDUAL_ENGINE_AVX512` (AVX-512, only where the
// build runs on such a machine). The `-D` names the level to the source, which cannot see
// target features.

/// The vector instruction sets the engine's matrix kernels are written for, in increasing order.
///
/// The level is chosen when the engine is built (`build`); the CPU's own level is read only when
/// asked (`cpu`), to report it: a build for a level the CPU lacks stops at its first such
/// instruction, before any check could run.
public enum InstructionSet: Int, Comparable, CustomStringConvertible, Sendable {
    /// Whatever the compiler's default target has (SSE2 on x86-64, NEON on arm64).
    case portable
    /// AVX2 with FMA: sixteen 256-bit registers.
    case avx2
    /// AVX-512 (F, DQ, BW, VL): thirty-two 512-bit registers.
    case avx512

    /// Orders the levels from `portable` up to `avx512`.
    public static func < (a: InstructionSet, b: InstructionSet) -> Bool { a.rawValue < b.rawValue }

    /// The level's usual name: "portable", "AVX2+FMA" or "AVX-512".
    public var description: String {
        switch self {
        case .portable: return "portable"
        case .avx2: return "AVX2+FMA"
        case .avx512: return "AVX-512"
        }
    }

    /// The level this build of the engine was compiled for.
    public static var build: InstructionSet {
        #if RESIDUAL_ENGINE_AVX512
        return .avx512
        #elseif RESIDUAL_ENGINE_AVX2
        return .avx2
        #else
        return .portable
        #endif
    }

    /// The highest level this CPU (and its operating system) supports.
    public static let cpu: InstructionSet = level(ofFeatures: cpuFeatures())

    /// The level a set of feature names (as in /proc/cpuinfo's `flags`) allows.
    static func level(ofFeatures features: Set<String>) -> InstructionSet {
        if ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy(features.contains) { return .avx512 }
        if ["avx2", "fma"].allSatisfy(features.contains) { return .avx2 }
        return .portable
    }

    /// The CPU's feature names, lower case. Linux lists only what the kernel also enabled
    /// (AVX-512 state saving included), so a flag here is safe to use.
    static func cpuFeatures() -> Set<String> {
        #if os(Linux)
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            guard text.hasPrefix("flags") || text.hasPrefix("Features"), let colon = text.firstIndex(of: ":") else { continue }
            return Set(text[text.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        }
        return []
        #elseif canImport(Darwin)
        var features = Set<String>()
        for (sysctlName, feature) in [
            ("hw.optional.avx2_0", "avx2"), ("hw.optional.fma", "fma"),
            ("hw.optional.avx512f", "avx512f"), ("hw.optional.avx512dq", "avx512dq"),
            ("hw.optional.avx512bw", "avx512bw"), ("hw.optional.avx512vl", "avx512vl")
        ] {
            var value: Int32 = 0
            var size = MemoryLayout<Int32>.size
            if sysctlbyname(sysctlName, &value, &size, nil, 0) == 0 && value != 0 { features.insert(feature) }
        }
        return features
        #else
        return []
        #endif
    }
}
