@testable import CourseAuthoring
@testable import CourseToolchain
import Foundation
import XCTest

/// What the support library is compiled for: a named class of CPUs, never the compiling machine.
final class EngineInstructionSetTests: XCTestCase {
    func testLevelFromCPUInfo() {
        let avx2 = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx fma avx2 bmi2\nbogomips\t: 5192.20\n"
        XCTAssertEqual(EngineInstructionSet.supported(cpuinfo: avx2), .avx2)
        let avx512 = "flags\t\t: sse2 avx fma avx2 avx512f avx512dq avx512cd avx512bw avx512vl\n"
        XCTAssertEqual(EngineInstructionSet.supported(cpuinfo: avx512), .avx512)
        XCTAssertEqual(EngineInstructionSet.supported(cpuinfo: "flags\t: sse2 avx2 avx512f\n"), .portable, "AVX2 without FMA")
        XCTAssertEqual(EngineInstructionSet.supported(cpuinfo: "Features\t: fp asimd\n"), .portable, "arm64 lists Features")
        XCTAssertEqual(EngineInstructionSet.supported(cpuinfo: nil), .portable)
    }

    func testEveryLevelNamesItselfToTheSource() {
        XCTAssertEqual(EngineInstructionSet.portable.compilerFlags, [])
        XCTAssertEqual(EngineInstructionSet.avx2.compilerFlags, ["-Xcc", "-march=x86-64-v3", "-D", "RESIDUAL_ENGINE_AVX2"])
        XCTAssertEqual(EngineInstructionSet.avx512.compilerFlags, ["-Xcc", "-march=x86-64-v4", "-D", "RESIDUAL_ENGINE_AVX512"])
    }

    /// The student package builds the engine for AVX2 on x86-64 and never for the compiling machine.
    func testStudentManifestTargetsAClassOfCPUs() throws {
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        let manifest = ExercisePackageWriter(course: course).packageManifest()
        XCTAssertFalse(manifest.contains(#""native""#) || manifest.contains(#""-target-cpu""#), manifest)
        XCTAssertTrue(manifest.contains(#": ["-O", "-Xcc", "-march=x86-64-v3", "-D", "RESIDUAL_ENGINE_AVX2"]"#), "-O, as the grader builds it: \(manifest)")
        XCTAssertTrue(manifest.contains(#".unsafeFlags(engineReleaseFlags, .when(configuration: .release))"#), manifest)
    }
}
