import CourseToolchain
import Foundation
import HandinRules

/// A submission's lesson module. It is compiled once, to an object file that links with the
/// prebuilt tests and benchmark workloads; its library and `.swiftmodule` are built only when
/// something has to be compiled against it (an API that differs from the exercise's, or a lesson
/// without prebuilt tests).
final class StudentModule {
    let name: String
    let sources: [String]
    let work: URL
    /// Set up with the flags of this grading (release when benchmarks are timed) and the limits.
    let compiler: SwiftCompiler
    let libraries: [(name: String, folder: URL)]
    /// Flags every compile of the module and of code against it takes: the support module's
    /// `@testable` import (`LessonSupportModule.testableImportFlags`).
    let supportFlags: [String]
    private var builtInterface: URL??
    /// Set by `compileObject(cache:)`: the cache and this module's key there, which also finds
    /// the runners linked from it before.
    private var cached: (store: URL, key: Data)?

    /// The student's own files among `sources`, whose unsafe constructs are refused; empty when
    /// the lesson allows them (`allow: [unsafe-pointers]`) or admission is off.
    let memoryChecked: Set<String>
    /// Set by `compileObject()`: what the strict memory safety check found in the student's files,
    /// as "path:line:col: error: message" lines (the module then counts as not compiled).
    private(set) var unsafeConstructs: [String] = []

    init(
        name: String, sources: [String], work: URL, compiler: SwiftCompiler, libraries: [(name: String, folder: URL)],
        support: String? = nil, memoryChecked: Set<String> = []
    ) {
        self.name = name
        self.sources = sources
        self.work = work
        self.compiler = compiler
        self.libraries = libraries
        self.supportFlags = LessonSupportModule.testableImportFlags(support)
        self.memoryChecked = memoryChecked
    }

    /// The module's flags: with the student's files to check, the compiler's strict memory safety
    /// check, and warnings on (it reports through them; `compileObject` keeps only errors).
    private var moduleFlags: [String] {
        guard !memoryChecked.isEmpty else { return LessonArtifacts.moduleFlags + supportFlags }
        return LessonArtifacts.moduleFlags.filter { $0 != "-suppress-warnings" } + [MemorySafetyCheck.flag] + supportFlags
    }

    var object: URL { work.appendingPathComponent("modules/\(name).o") }

    /// Compiles the object file; the result carries the compiler's diagnostics.
    /// With files to check, unsafe constructs in them fail it (`MemorySafetyCheck`).
    func compileObject() throws -> SwiftCompiler.Result {
        var result = try compiler.compileModuleObject(
            name, sources: sources, workingDirectory: work, output: object,
            importing: libraries.map(\.folder), extraFlags: moduleFlags)
        guard !memoryChecked.isEmpty else { return result }
        unsafeConstructs = MemorySafetyCheck.refusals(in: result.output, paths: memoryChecked)
        // A red team buried the check's reports under 11 MB of warnings, past what is kept.
        if result.output.contains(OutputBuffer.droppedMarker) {
            unsafeConstructs.append(
                "\(memoryChecked.sorted()[0]):1:1: error: the compiler's warnings about this code run past what the grader "
                    + "reads (1 MiB), so its strict memory safety check cannot be read: remove what the warnings are about")
        }
        result.output = SwiftCompiler.keepingErrors(result.output)
        if !unsafeConstructs.isEmpty { result.succeeded = false }
        return result
    }

    /// The object file from `cache` when these exact sources were compiled with this compiler,
    /// flags and libraries before (a resubmission that left this lesson alone, untouched stubs
    /// across a batch); otherwise compiled, and kept there when it compiles.
    ///
    /// Entries are kept by `ExactKeyStore`: used only for exactly these sources.
    func compileObject(cache: URL) throws -> (result: SwiftCompiler.Result, reused: Bool) {
        var key =
            [compiler.swiftc, compiler.flags.joined(separator: " "), moduleFlags.joined(separator: " "), name]
            + libraries.map { "\($0.name)=\($0.folder.path)" }
        for source in sources { key += [source, try String(contentsOf: work.appendingPathComponent(source), encoding: .utf8)] }
        let store = ExactKeyStore(folder: cache, prefix: "student")
        let keyData = ExactKeyStore.key(key)
        cached = (cache, keyData)
        if let entry = store.entry(for: keyData),
            (try? FileManager.default.createDirectory(at: object.deletingLastPathComponent(), withIntermediateDirectories: true)) != nil,
            (try? FileManager.default.copyItem(at: entry.appendingPathComponent("\(name).o"), to: object)) != nil
        {
            return (SwiftCompiler.Result(succeeded: true, output: ""), true)
        }
        let result = try compileObject()
        if result.succeeded {
            store.store(keyData) { try FileManager.default.copyItem(at: object, to: $0.appendingPathComponent("\(name).o")) }
        } else {
            cached = nil
        }
        return (result, false)
    }

    /// Links `prebuilt` (the grader's own object, in a content-keyed folder) with this module's
    /// object into `output`; `false` when that does not link. A runner linked before from the same
    /// sources, prebuilt object and libraries is copied instead (a copy: the sandbox may write to
    /// its own, never to the cache's), which saves a resubmission the link of every lesson it left alone.
    func link(
        with prebuilt: URL, role: String, libraries: [(name: String, folder: URL)], compiler: SwiftCompiler,
        output: URL, in directory: URL
    ) throws -> Bool {
        let entry = cached.map { cached -> (ExactKeyStore, Data) in
            let extra = [role, compiler.swiftc, prebuilt.path] + libraries.map { "\($0.name)=\($0.folder.path)" }
            return (ExactKeyStore(folder: cached.store, prefix: role), cached.key + ExactKeyStore.key(extra))
        }
        if let (store, key) = entry, let found = store.entry(for: key),
            (try? FileManager.default.copyItem(at: found.appendingPathComponent("runner"), to: output)) != nil
        {
            return true
        }
        guard try compiler.link(objects: [prebuilt, object], libraries: libraries, output: output, in: directory).succeeded else { return false }
        if let (store, key) = entry { store.store(key) { try FileManager.default.copyItem(at: output, to: $0.appendingPathComponent("runner")) } }
        return true
    }

    /// The folder holding `lib<name>.a` and `<name>.swiftmodule`, built on first use; `nil` when
    /// they do not build.
    func interface() throws -> URL? {
        if let builtInterface { return builtInterface }
        let folder = work.appendingPathComponent("interface")
        let result = try compiler.compileModule(
            name, sources: sources, workingDirectory: work, output: folder,
            linking: libraries, extraFlags: LessonArtifacts.moduleFlags + supportFlags)
        builtInterface = .some(result.succeeded ? folder : nil)
        return result.succeeded ? folder : nil
    }
}
