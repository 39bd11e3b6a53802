@testable import CourseToolchain
import Foundation
import XCTest

/// Grading runs the jobs `swiftc` would run, learned from `swiftc -###`; when a plan cannot be
/// learned it runs `swiftc` itself. Both ways must build the same working program.
final class DriverPlanTests: XCTestCase {
    private static let program = """
        @main struct Greeter {
            static func main() { print("hello from \\(Greeter.self)") }
        }

        """

    private func buildAndRun(with compiler: SwiftCompiler) throws -> String {
        let folder = try TestSupport.temporaryFolder(self)
        try Self.program.write(to: folder.appendingPathComponent("Greeter.swift"), atomically: true, encoding: .utf8)
        let object = folder.appendingPathComponent("objects/Greeter.o")
        let compiled = try compiler.compileModuleObject("Greeter", sources: ["Greeter.swift"], workingDirectory: folder, output: object)
        XCTAssertTrue(compiled.succeeded, compiled.output)
        let program = folder.appendingPathComponent("greeter")
        let linked = try compiler.link(objects: [object], libraries: [], output: program, in: folder)
        XCTAssertTrue(linked.succeeded, linked.output)
        return try ProcessRunner.run(program.path, []).output
    }

    func testDirectJobsBuildAWorkingProgram() throws {
        let compiler = try SwiftCompiler()
        let frontend = try XCTUnwrap(
            DriverPlan.compileObject(
                swiftc: compiler.swiftc, flags: ["-Onone"], sources: ["x.swift", "y.swift"],
                module: "X", output: "x.o"))
        XCTAssertEqual(URL(fileURLWithPath: frontend[0]).lastPathComponent, "swift-frontend")
        XCTAssertTrue(frontend.contains("-frontend") && frontend.contains("x.swift") && frontend.contains("y.swift"), "\(frontend)")
        XCTAssertEqual(frontend.split(separator: "-o").count, 2, "one output")
        let jobs = try XCTUnwrap(
            DriverPlan.link(
                swiftc: compiler.swiftc, objects: ["a.o", "b.o"], libraries: [("L", URL(fileURLWithPath: "/lib-folder"))],
                output: "program", autolink: "program.autolink"))
        XCTAssertEqual(jobs.count, 2)
        XCTAssertTrue(jobs[1].contains("@program.autolink") && jobs[1].contains("-lL") && jobs[1].contains("program"), "\(jobs[1])")
        XCTAssertEqual(try buildAndRun(with: compiler), "hello from Greeter\n")
    }

    func testAutolinkEntriesAreTheToolsOwn() throws {
        let compiler = try SwiftCompiler()
        let folder = try TestSupport.temporaryFolder(self)
        try "import Foundation\nimport Dispatch\npublic func now() -> Date { Date() }\n"
            .write(to: folder.appendingPathComponent("Now.swift"), atomically: true, encoding: .utf8)
        let object = folder.appendingPathComponent("Now.o")
        XCTAssertTrue(try compiler.compileModuleObject("Now", sources: ["Now.swift"], workingDirectory: folder, output: object).succeeded)
        let tool = URL(fileURLWithPath: compiler.swiftc).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("swift-autolink-extract").path
        let listed = folder.appendingPathComponent("tool.autolink").path
        XCTAssertEqual(try ProcessRunner.run(tool, [object.path, "-o", listed]).status, 0)
        let expected = try String(contentsOfFile: listed, encoding: .utf8).split(separator: "\n").map(String.init)
        let read = try XCTUnwrap(AutolinkEntries.read([object.path, object.path]))
        // The same libraries, each once (the tool lists them in another order, which lld ignores).
        XCTAssertEqual(Set(read), Set(expected))
        XCTAssertEqual(read.count, Set(read).count)
        XCTAssertTrue(read.contains("-lFoundation"), "\(read)")
        XCTAssertNil(AutolinkEntries.entries(inELF: Data("not an object".utf8)))
    }

    func testAPlanThatCannotBeLearnedFallsBackToSwiftc() throws {
        let real = try SwiftCompiler().swiftc
        // A driver whose plan is quoted (a toolchain under a path with spaces, say).
        let fake = try TestSupport.temporaryFolder(self).appendingPathComponent("swiftc")
        try """
        #!/bin/sh
        if [ "$1" = "-###" ]; then echo '"/opt/a toolchain/swift-frontend" -frontend'; exit 0; fi
        exec "\(real)" "$@"

        """.write(to: fake, atomically: true, encoding: .utf8)
        chmod(fake.path, 0o755)
        let compiler = try SwiftCompiler(swiftc: fake.path)
        XCTAssertNil(DriverPlan.compileObject(swiftc: fake.path, flags: [], sources: ["x.swift"], module: "X", output: "x.o"))
        XCTAssertEqual(try buildAndRun(with: compiler), "hello from Greeter\n")
    }

    /// The driver leaves a `TemporaryDirectory.*` folder in `TMPDIR` for `-c` and `-###` jobs;
    /// every compile gets a temporary folder of its own, gone when the compile ends.
    func testEachCompileHasATemporaryFolderOfItsOwnThatIsRemoved() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let record = folder.appendingPathComponent("tmpdir")
        let fake = folder.appendingPathComponent("swiftc")
        try """
        #!/bin/sh
        mkdir "${TMPDIR:?}/TemporaryDirectory.left" && echo "$TMPDIR" >> '\(record.path)'
        """.write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let compiler = try SwiftCompiler(swiftc: fake.path)
        for _ in 0..<2 {
            let compiled = try compiler.compileObject("A", sources: ["a.swift"], workingDirectory: folder, output: folder)
            XCTAssertTrue(compiled.succeeded, compiled.output)
        }
        let used = try String(contentsOf: record, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(used.count, 2)
        XCTAssertEqual(Set(used).count, 2, "one folder per compile")
        let system = FileManager.default.temporaryDirectory.standardizedFileURL.path
        for path in used {
            XCTAssertNotEqual(URL(fileURLWithPath: path).standardizedFileURL.path, system)
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "\(path) is left behind")
        }
    }

    /// A plan learned after the grading cache it was kept in was removed (a grader that is done, in
    /// a process that grades again) does not make that folder again: test runs left hundreds.
    func testAPlanIsNotKeptInACacheFolderThatWasRemoved() throws {
        let folder = try TestSupport.temporaryFolder(self)
        // Two drivers, so the second plan is learned, not found in memory.
        let (kept, later) = (folder.appendingPathComponent("kept-swiftc"), folder.appendingPathComponent("later-swiftc"))
        for fake in [kept, later] {
            try "#!/bin/sh\necho /bin/true \"$@\"\n".write(to: fake, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        }
        let cache = folder.appendingPathComponent("grade-cache")
        DriverPlan.keepPlans(in: cache)
        _ = DriverPlan.link(swiftc: kept.path, objects: ["a.o"], libraries: [], output: "a", autolink: "a.autolink")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("driver-plan-") }.count, 1)
        try FileManager.default.removeItem(at: cache)
        _ = DriverPlan.link(swiftc: later.path, objects: ["a.o"], libraries: [], output: "a", autolink: "a.autolink")
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache.path), "the removed cache folder was made again")
    }
}
