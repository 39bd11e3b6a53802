@testable import CourseGrading
@testable import CourseToolchain
import Foundation
import XCTest

/// A lesson module compiled once per exact content: a resubmission that leaves a lesson alone
/// (or a batch of untouched stubs) compiles it once, and an entry is used only for the very
/// sources it was built from, never for a submission whose hash merely matches.
final class StudentModuleCacheTests: XCTestCase {
    /// A folder with `cache/` and `work/exercises/`, the lesson file's place, and a debug compiler.
    private func scratch() throws -> (folder: URL, cache: URL, source: URL, compiler: SwiftCompiler) {
        let folder = try TestSupport.temporaryFolder(self)
        let source = folder.appendingPathComponent("work/exercises/Step.swift")
        try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
        var compiler = try SwiftCompiler()
        compiler.flags = SwiftCompiler.debugFlags
        return (folder, folder.appendingPathComponent("cache"), source, compiler)
    }

    /// Past its capacity the store drops the entries used longest ago, never one used in the last
    /// minutes (a grading beside this one may be copying it out); a lookup counts as a use.
    func testTheStoreKeepsTheRecentlyUsedEntriesWithinItsCapacity() throws {
        let folder = try TestSupport.temporaryFolder(self)
        var store = ExactKeyStore(folder: folder, prefix: "student")
        store.capacity = 4
        let keys = (0..<6).map { ExactKeyStore.key(["entry \($0)"]) }
        for key in keys.prefix(5) { store.store(key) { try Data("object".utf8).write(to: $0.appendingPathComponent("o")) } }
        // Used an hour ago and earlier, oldest first; then entry 0 is looked up (used now).
        for (index, key) in keys.prefix(5).enumerated() {
            let entry = try XCTUnwrap(store.entry(for: key))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: Double(index - 10) * 3600)], ofItemAtPath: entry.path)
        }
        XCTAssertNotNil(store.entry(for: keys[0]))
        store.store(keys[5]) { _ in }
        let kept = keys.indices.filter { store.entry(for: keys[$0]) != nil }
        XCTAssertEqual(kept, [0, 4, 5], "six entries, capacity four: the three used longest ago go, down to nine tenths")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }, [], "nothing half removed")
    }

    /// Large entries (a padded submission's objects) are bounded by their bytes too, not only by
    /// their number: past `byteCapacity` the entries used longest ago go, down to nine tenths.
    func testTheStoreKeepsItsEntriesWithinItsBytes() throws {
        let folder = try TestSupport.temporaryFolder(self)
        var store = ExactKeyStore(folder: folder, prefix: "student")
        store.byteCapacity = 100_000
        let keys = (0..<5).map { ExactKeyStore.key(["large \($0)"]) }
        for (index, key) in keys.enumerated() {
            store.store(key) { try Data(count: 30_000).write(to: $0.appendingPathComponent("o")) }
            let entry = try XCTUnwrap(store.entry(for: key), "entry \(index) was kept at first")
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: Double(index - 10) * 3600)], ofItemAtPath: entry.path)
        }
        let kept = keys.indices.filter { store.entry(for: keys[$0]) != nil }
        XCTAssertEqual(kept, [2, 3, 4], "30 KB each within 100 KB: after the fourth and the fifth, the oldest go")
    }

    /// Under the limits for a submission, the compiler may not write a file past
    /// `outputFileBytes` (here 16 KB; a lesson object is ~100 KB): such a compile fails saying
    /// so, and nothing is kept.
    func testTheCompilersOutputIsBoundedAndNotKeptPastIt() throws {
        var (folder, cache, source, compiler) = try scratch()
        compiler.limits = (seconds: 120, memoryBytes: 6 << 30)
        compiler.outputFileBytes = 16 << 10
        try (0..<200).map { "public func step\($0)(_ x: [Double]) -> [Double] { x.map { $0 * \($0).5 + 1 } }\n" }.joined()
            .write(to: source, atomically: true, encoding: .utf8)
        let module = StudentModule(name: "Large", sources: ["exercises/Step.swift"], work: folder.appendingPathComponent("work"), compiler: compiler, libraries: [])
        let (result, reused) = try module.compileObject(cache: cache)
        XCTAssertFalse(result.succeeded, result.output)
        XCTAssertFalse(reused)
        XCTAssertTrue(result.output.contains("the compiled code is larger than 16 KB: simplify the code"), result.output)
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? [], [])
    }

    func testAnEntryServesExactlyTheSourcesItWasBuiltFrom() throws {
        let (folder, cache, source, compiler) = try scratch()
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

    /// A runner linked from a module's object is kept with the module's key: the same sources and
    /// prebuilt object are served the runner linked before, anything else is linked anew.
    func testALinkedRunnerServesExactlyTheModuleItWasLinkedFrom() throws {
        let (folder, cache, source, compiler) = try scratch()
        try "public func step(_ x: Double) -> Double { x + 1 }\n".write(to: source, atomically: true, encoding: .utf8)
        // The grader's side: a `main` compiled once against the module's interface.
        let interfaceModule = StudentModule(
            name: "Linked", sources: ["exercises/Step.swift"], work: folder.appendingPathComponent("work"), compiler: compiler, libraries: [])
        let interface = try XCTUnwrap(try interfaceModule.interface())
        let main = folder.appendingPathComponent("prebuilt/main.swift")
        try FileManager.default.createDirectory(at: main.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "import Linked\nprint(step(1))\n".write(to: main, atomically: true, encoding: .utf8)
        XCTAssertTrue(
            try compiler.compileObject(
                "Main", sources: [main.path], workingDirectory: folder, output: folder.appendingPathComponent("prebuilt"), importing: [interface]
            ).succeeded)
        let prebuilt = folder.appendingPathComponent("prebuilt/Main.o")

        func linkedRunner() throws -> (output: String, runner: URL) {
            let work = folder.appendingPathComponent("work")
            for stale in ["modules", "runner", "runner.autolink"] { try? FileManager.default.removeItem(at: work.appendingPathComponent(stale)) }
            let module = StudentModule(name: "Linked", sources: ["exercises/Step.swift"], work: work, compiler: compiler, libraries: [])
            XCTAssertTrue(try module.compileObject(cache: cache).result.succeeded)
            let runner = work.appendingPathComponent("runner")
            XCTAssertTrue(try module.link(with: prebuilt, role: "test-runner", libraries: [], compiler: compiler, output: runner, in: work))
            let run = try ProcessRunner.run(runner.path, [])
            return (run.output.trimmingCharacters(in: .whitespacesAndNewlines), runner)
        }
        func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("test-runner-") } }

        XCTAssertEqual(try linkedRunner().output, "2.0")
        let entry = try XCTUnwrap(try entries().first)
        // Marks the cached runner, to tell a copy of it from a new link.
        let marked = cache.appendingPathComponent("\(entry)/runner")
        try "#!/bin/sh\necho from-the-cache\n".write(to: marked, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: marked.path)
        XCTAssertEqual(try linkedRunner().output, "from-the-cache", "the same sources and prebuilt object: the runner linked before")

        try "public func step(_ x: Double) -> Double { x + 2 }\n".write(to: source, atomically: true, encoding: .utf8)
        XCTAssertEqual(try linkedRunner().output, "3.0", "other sources: linked anew")
        XCTAssertEqual(try entries().count, 2)

        // An entry whose stored key differs (a crafted hash collision) is not used.
        try "public func step(_ x: Double) -> Double { x + 1 }\n".write(to: source, atomically: true, encoding: .utf8)
        try Data("someone else's module".utf8).write(to: cache.appendingPathComponent("\(entry)/key"))
        XCTAssertEqual(try linkedRunner().output, "2.0")
    }

    func testAnAdmissionIsRememberedOnlyForTheSameFilesAndOptions() throws {
        let admitted = AdmittedSources(folder: try TestSupport.temporaryFolder(self).appendingPathComponent("admitted"))
        let files = ["Sources/Lesson/Step.swift": "func step(_ x: Double) -> Double { x + 1 }\n"]
        let key = try XCTUnwrap(admitted.key(files, usesEngine: false, allows: [], libraryNames: []), "the admitting executable is found")
        XCTAssertFalse(admitted.contains(key))
        admitted.insert(key)
        XCTAssertTrue(admitted.contains(key))
        var edited = files
        edited["Sources/Lesson/Step.swift"]! += " "
        XCTAssertFalse(admitted.contains(try XCTUnwrap(admitted.key(edited, usesEngine: false, allows: [], libraryNames: []))), "one byte more")
        XCTAssertFalse(admitted.contains(try XCTUnwrap(admitted.key(files, usesEngine: false, allows: ["threads"], libraryNames: []))), "other options")
        XCTAssertFalse(admitted.contains(try XCTUnwrap(admitted.key(files, usesEngine: false, allows: [], libraryNames: ["step"]))), "other names")
        let moved = ["Sources/Lesson/Other.swift": files["Sources/Lesson/Step.swift"]!]
        XCTAssertFalse(admitted.contains(try XCTUnwrap(admitted.key(moved, usesEngine: false, allows: [], libraryNames: []))), "another path")
        // One file that holds what joined keys used as separators is not two files (a red team
        // primed the cache so: the first file hid the second's refused line inside a comment).
        let two = ["Sources/Lesson/Step.swift": "let a = 1 //", "Sources/Lesson/Zed.swift": "@_optimize(none) func z() {}"]
        let one = ["Sources/Lesson/Step.swift": "let a = 1 //\u{0}Sources/Lesson/Zed.swift\u{0}@_optimize(none) func z() {}"]
        XCTAssertNotEqual(
            admitted.key(two, usesEngine: false, allows: [], libraryNames: []),
            admitted.key(one, usesEngine: false, allows: [], libraryNames: []))
        XCTAssertNotEqual(ExactKeyStore.key(["ab", "c"]), ExactKeyStore.key(["a", "bc"]))
        XCTAssertNotEqual(ExactKeyStore.key(["a", ""]), ExactKeyStore.key(["a"]))
        XCTAssertNotEqual(
            BatchGrader.contentHash(Submission(name: "s", files: two)), BatchGrader.contentHash(Submission(name: "s", files: one)),
            "a changed hand-in is not taken for the one graded before")
        // An entry whose bytes are not its key (a hash collision, a damaged file) admits nothing.
        let entries = try FileManager.default.contentsOfDirectory(at: admitted.folder, includingPropertiesForKeys: nil)
        XCTAssertEqual(entries.count, 1)
        try Data("something else".utf8).write(to: entries[0].appendingPathComponent("key"))
        XCTAssertFalse(admitted.contains(key))
    }
}
