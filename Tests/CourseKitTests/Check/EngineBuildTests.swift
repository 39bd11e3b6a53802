@testable import CourseAuthoring
@testable import CourseToolchain
import Foundation
import XCTest

/// The support library is compiled once per content, compiler and flags, and the optimised build
/// that grading and the figures link still says why it stopped.
final class EngineBuildTests: XCTestCase {
    func testOneBuildPerContentAndALibraryCheckKeepsItsMessageWhenOptimised() throws {
        let sources = try CourseLoader.engineSources(in: TestSupport.repositoryRoot)
        let cache = TestSupport.sharedCaches.appendingPathComponent("engine")
        let compiler = try SwiftCompiler()
        let engine = try EngineBuild.cached(sources: sources, compiler: compiler, in: cache)
        XCTAssertEqual(try EngineBuild.cached(sources: sources, compiler: compiler, in: cache).folder.path, engine.folder.path, "the same content is one build")
        XCTAssertTrue(EngineBuild.flags.contains("-O"), "\(EngineBuild.flags)")

        let folder = try TestSupport.temporaryFolder(self)
        try """
        import ResidualEngine
        let a = Matrix(rows: 2, cols: 3, [1, 2, 3, 4, 5, 6])
        let b = Matrix(rows: 3, cols: 2, [1, 2, 3, 4, 5, 6])
        print((a + b).shape)
        """.write(to: folder.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        var optimised = compiler
        optimised.flags = SwiftCompiler.releaseFlags
        let program = folder.appendingPathComponent("mismatch")
        let built = try optimised.compileExecutable("Mismatch", sources: ["main.swift"], importing: [], libraries: [engine], output: program, in: folder)
        XCTAssertTrue(built.succeeded, built.output)
        let ran = try ProcessRunner.run(program.path, [], in: folder, environment: ["SWIFT_BACKTRACE": "enable=no"], timeout: 60)
        XCTAssertNotEqual(ran.status, 0)
        XCTAssertTrue(ran.output.contains("Fatal error: shape mismatch"), ran.output)

        // A changed file, an added one or another compiler is another build.
        XCTAssertEqual(engine.folder.lastPathComponent, EngineBuild.folderName(sources: sources, compiler: compiler))
        var edited = sources
        edited["Matrix.swift"]! += "\n"
        var added = sources
        added["Extra.swift"] = ""
        var otherCompiler = compiler
        otherCompiler.swiftc += "-other"
        let names = [edited, added].map { EngineBuild.folderName(sources: $0, compiler: compiler) } + [EngineBuild.folderName(sources: sources, compiler: otherCompiler)]
        XCTAssertEqual(Set(names + [engine.folder.lastPathComponent]).count, 4, "\(names)")
    }
}
