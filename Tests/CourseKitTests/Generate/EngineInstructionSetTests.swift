@testable import CourseAuthoring
@testable import CourseGrading
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

    /// Timed lesson code is compiled for the grading machine's instruction set, as the engine is:
    /// for the portable target `addingProduct` is a call into libm, and a correct residual stack
    /// written with it ran 2.04× the reference's time against a threshold of 2.
    func testTimedLessonCodeUsesTheMachinesFusedMultiplyAdd() throws {
        guard EngineInstructionSet.ofThisMachine != .portable else {
            throw XCTSkip("this machine has no AVX2: benchmarks are compiled for the portable target here")
        }
        let folder = try TestSupport.temporaryFolder(self)
        let source = folder.appendingPathComponent("Step.swift")
        try "public func step(_ x: inout [Double], _ v: [Double], _ h: Double) {\n    for i in x.indices { x[i] = x[i].addingProduct(h, v[i]) }\n}\n"
            .write(to: source, atomically: true, encoding: .utf8)
        func assembly(_ flags: [String]) throws -> String {
            let outcome = try ProcessRunner.run(
                try SwiftCompiler().swiftc, flags + ["-parse-as-library", "-module-name", "Step", "-emit-assembly", source.path])
            XCTAssertEqual(outcome.status, 0, outcome.output)
            return outcome.output
        }
        let portable = try assembly(SwiftCompiler.releaseFlags)
        XCTAssertTrue(portable.contains("fma@PLT"), "the control: the portable target calls libm's fma")
        let timed = try assembly(BenchmarkGrader.releaseFlags)
        XCTAssertFalse(timed.contains("fma@PLT"), "benchmarked code calls libm for a fused multiply-add")
        XCTAssertTrue(timed.contains("vfmadd"), "benchmarked code has no FMA instruction")
    }
}
