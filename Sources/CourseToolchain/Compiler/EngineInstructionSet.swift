import Foundation

/// The vector instruction set the support library is compiled for: its matrix kernel is sized
/// for it (`InstructionSet` and `MicroKernel` in Sources/ResidualEngine).
///
/// Never `-target-cpu native`: a build for one named class of CPUs runs on every machine of that
/// class and gives the same code (and numbers) on each. Swift has no per-function target
/// features, so one build holds one level; the grader picks the level of the machine it grades
/// on, the student package AVX2 on x86-64 unless told otherwise.
public enum EngineInstructionSet: String, CaseIterable, Sendable {
    /// The compiler's default target (SSE2 on x86-64, NEON with FMA on arm64).
    case portable
    /// AVX2 and FMA: every x86-64 CPU since about 2015.
    case avx2
    /// AVX-512 F, DQ, BW and VL.
    case avx512

    /// What swiftc needs to generate code for this level. The levels are clang's `-march` names:
    /// swiftc's `-target-cpu` takes only CPU models.
    public var codeGenerationFlags: [String] {
        switch self {
        case .portable: return []
        case .avx2: return ["-Xcc", "-march=x86-64-v3"]
        case .avx512: return ["-Xcc", "-march=x86-64-v4"]
        }
    }

    /// The engine's flags: code for this level, and a `-D` that tells the engine's source which
    /// level it has.
    public var compilerFlags: [String] {
        switch self {
        case .portable: return []
        case .avx2: return codeGenerationFlags + ["-D", "RESIDUAL_ENGINE_AVX2"]
        case .avx512: return codeGenerationFlags + ["-D", "RESIDUAL_ENGINE_AVX512"]
        }
    }

    /// The highest level the CPU described by `cpuinfo` (Linux's /proc/cpuinfo) runs; portable
    /// when there is no such file to read.
    public static func supported(cpuinfo: String?) -> EngineInstructionSet {
        guard let flagsLine = cpuinfo?.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = flagsLine.firstIndex(of: ":")
        else { return .portable }
        let flags = Set(flagsLine[flagsLine.index(after: colon)...].split(separator: " ").map(String.init))
        if ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy(flags.contains) { return .avx512 }
        if ["avx2", "fma"].allSatisfy(flags.contains) { return .avx2 }
        return .portable
    }

    /// The level of the machine this process runs on.
    public static let ofThisMachine = supported(cpuinfo: try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))
}
