@testable import CourseGrading
@testable import CourseToolchain
import Foundation
import XCTest

/// A lesson module compiled once per exact content: a resubmission that leaves a lesson alone
/// (or a batch of untouched stubs) compiles it once, and an entry is used only for the very
/// sources it was built from, never for a submission whose hash merely matches.
final class StudentModuleCacheTests: XCTestCase {
    func testAnEntryServesExactlyTheSourcesItWasBuiltFrom() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let cache = folder.appendingPathComponent("cache")
        let source = folder.appendingPathComponent("work/exercises/Step.swift")
        try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
        var compiler = try SwiftCompiler()
        compiler.flags = SwiftCompiler.debugFlags
        func compile() throws -> (succeeded: Bool, reused: Bool, object: Data?) {
            let work = folder.appendingPathComponent("work")
            try? FileManager.default.removeItem(at: work.appendingPathComponent("modules"))
            let module = StudentModule(name: "Cached", sources: ["exercises/Step.swift"], work: work, compiler: compiler, libraries: [])
            let (result, reused) = try module.compileObject(cache: cache)
            return (result.succeeded, reused, try? Data(contentsOf: module.object))
        }

        try "public func step(_ x: Double) -> Double { x + 1 }\n".write(to: source, atomically: true, encoding: .utf8)
        let first = try compile()
        XCTAssertTrue(first.succeeded)
        XCTAssertFalse(first.reused)
        let again = try compile()
        XCTAssertTrue(again.reused, "the same sources again: no compile")
        XCTAssertEqual(again.object, first.object)

        try "public func step(_ x: Double) -> Double { x + 2 }\n".write(to: source, atomically: true, encoding: .utf8)
        let changed = try compile()
        XCTAssertFalse(changed.reused, "other sources, other entry")
        XCTAssertNotEqual(changed.object, first.object)

        // An entry whose stored key differs (what a crafted hash collision would find) is not used.
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("student-") }
        XCTAssertEqual(entries.count, 2)
        for entry in entries {
            try Data("someone else's sources".utf8).write(to: cache.appendingPathComponent("\(entry)/key"))
        }
        let collided = try compile()
        XCTAssertFalse(collided.reused)
        XCTAssertEqual(collided.object, changed.object, "compiled from its own sources")

        try "public func step(_ x: Double) -> Double { x + }\n".write(to: source, atomically: true, encoding: .utf8)
        let broken = try compile()
        XCTAssertFalse(broken.succeeded, "a compile error is reported, never served from an entry")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("student-") }.count, 2)
    }

    func testAnAdmissionIsRememberedOnlyForTheSameFilesAndOptions() throws {
        let admitted = AdmittedSources(folder: try TestSupport.temporaryFolder(self).appendingPathComponent("admitted"))
        let files = ["Sources/Lesson/Step.swift": "func step(_ x: Double) -> Double { x + 1 }\n"]
        let key = try XCTUnwrap(admitted.key(files, usesEngine: false, allowsThreads: false), "the admitting executable is found")
        XCTAssertFalse(admitted.contains(key))
        admitted.insert(key)
        XCTAssertTrue(admitted.contains(key))
        var edited = files
        edited["Sources/Lesson/Step.swift"]! += " "
        XCTAssertFalse(admitted.contains(try XCTUnwrap(admitted.key(edited, usesEngine: false, allowsThreads: false))), "one byte more")
        XCTAssertFalse(admitted.contains(try XCTUnwrap(admitted.key(files, usesEngine: false, allowsThreads: true))), "other options")
        let moved = ["Sources/Lesson/Other.swift": files["Sources/Lesson/Step.swift"]!]
        XCTAssertFalse(admitted.contains(try XCTUnwrap(admitted.key(moved, usesEngine: false, allowsThreads: false))), "another path")
        // An entry whose bytes are not its key (a hash collision, a damaged file) admits nothing.
        let entries = try FileManager.default.contentsOfDirectory(at: admitted.folder, includingPropertiesForKeys: nil)
        XCTAssertEqual(entries.count, 1)
        try Data("something else".utf8).write(to: entries[0].appendingPathComponent("key"))
        XCTAssertFalse(admitted.contains(key))
    }
}
