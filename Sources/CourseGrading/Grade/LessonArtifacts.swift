import CourseToolchain
import Foundation
import HandinRules

/// What grading one lesson needs that does not depend on the submission, compiled once per
/// bundle content and cached: the hidden tests and the benchmark workloads as object files, so
/// that a submission costs one compile (the student's module) and two links.
///
/// The tests are compiled against the reference solution's *interface*, built with library
/// evolution: public types are then reached through accessors and every call, also to internal
/// functions under `@testable`, goes through a symbol, so the same object links against any
/// student module with the same API and runs the student's code, never an inlined copy of the
/// reference. A student module whose API differs leaves an undefined symbol; the grader then
/// compiles the tests against that module to report what is missing. Lessons whose reference
/// declares internal types (their layout and method order are not resilient) or marks code
/// `@inlinable` always take that slow path.
struct LessonArtifacts {
    /// Flags for every lesson module the grader compiles: the student's and the reference's.
    static let moduleFlags = SwiftCompiler.lessonModuleFlags + ["-suppress-warnings"]

    let folder: URL
    let lesson: GraderBundleManifest.LessonEntry

    /// The global symbols the reference's build of the module defines, one per line.
    static let referenceSymbolsFile = "reference-symbols.txt"
    var referenceSymbols: URL { folder.appendingPathComponent(Self.referenceSymbolsFile) }

    /// `<Module>Tests.o`, when the hidden tests compile against the public interface.
    var testsObject: URL? { existing("tests/\(lesson.module)Tests.o") }
    /// The reference side of the benchmarks: a bench runner of its own (it runs in a sandbox of
    /// its own, so no submission shares a process with it).
    var referenceBenchRunner: URL? { existing("bench/reference-bench-runner") }
    /// The student side's workload and the runner's `main`, compiled against the interface, when that works.
    var studentBenchObject: URL? { existing("bench/StudentBench.o") }
    /// The lesson's support module (`LessonSupportModule`), when it has support code: every
    /// module and runner of the lesson, the student's too, imports and links this one build.
    var support: (name: String, folder: URL)? {
        existing("support").map { (LessonSupportModule.name(forLesson: lesson.module), $0) }
    }

    /// The reference's transcript of every hidden test (`Class/testName` → observations): the
    /// expected values a student's blind run is judged against. Kept here, outside every sandbox.
    func witnesses() throws -> [String: [Observation]] {
        let data = try Data(contentsOf: folder.appendingPathComponent("witness.json"))
        let texts = try JSONDecoder().decode([String: String].self, from: data)
        return try texts.mapValues { text in
            guard let observed = Observation.transcript(text) else { throw CourseError.toolFailed("the cached witness of \(lesson.id) is damaged") }
            return observed
        }
    }

    private func existing(_ path: String) -> URL? {
        let url = folder.appendingPathComponent(path)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The artifacts of `lesson`, built into `cacheDirectory` unless already there.
    /// `harness` is the compiled test harness (`HarnessModule`) the tests import and link.
    static func prepare(
        _ lesson: GraderBundleManifest.LessonEntry, bundle: URL, compiler: SwiftCompiler,
        engine: (name: String, folder: URL)?, harness harnessModule: (name: String, folder: URL), cacheDirectory: URL
    ) throws -> LessonArtifacts {
        let source = bundle.appendingPathComponent("lessons/\(lesson.id)")
        let referenceFolder = source.appendingPathComponent("reference")
        let referenceFiles = try FileManager.default.contentsOfDirectory(atPath: referenceFolder.path)
            .filter { $0.hasSuffix(".swift") }.sorted().map { referenceFolder.appendingPathComponent($0) }
        let harness =
            [try harnessImportFile(in: cacheDirectory)]
            + (lesson.usesEngine ? [bundle.appendingPathComponent(ObservationSource.engineFileName)] : [])
        let testFiles = [source.appendingPathComponent("tests/HiddenTests.swift"), source.appendingPathComponent("tests/main.swift")] + harness
        let witnessFiles = [source.appendingPathComponent("tests/WitnessTests.swift"), source.appendingPathComponent("tests/main.swift")] + harness
        let benchFile = source.appendingPathComponent("tests/Benchmarks.swift")
        let supportFile = source.appendingPathComponent("support/\(LessonSupportModule.fileName)")
        let hasSupport = FileManager.default.fileExists(atPath: supportFile.path)
        // `layout` names what a folder holds, so a cache made before a part was added is not used.
        let layout = "with \(referenceSymbolsFile), support module"
        var key =
            layout + harnessModule.folder.lastPathComponent + compiler.swiftc + BenchmarkGrader.releaseFlags.joined() + moduleFlags.joined() + BenchmarkSupportSource.text
            + BenchmarkSupportSource.runnerMain + HarnessSource.syscallFilter + BenchmarkSupportSource.engineTypes.map(BenchmarkSupportSource.engineConformance).joined()
        for file in referenceFiles + testFiles + witnessFiles + [benchFile, supportFile, source.appendingPathComponent("tests/sites.json")] {
            key += file.lastPathComponent + ((try? String(contentsOf: file, encoding: .utf8)) ?? "")
        }
        if let engine, let names = try? FileManager.default.contentsOfDirectory(atPath: engine.folder.path).filter({ $0.hasSuffix(".swiftmodule") }) {
            for name in names.sorted() { key += (try? String(decoding: Data(contentsOf: engine.folder.appendingPathComponent(name)), as: UTF8.self)) ?? name }
        }
        let cached = try BuildCache.folder("\(lesson.id)-\(BuildCache.hash(key))", in: cacheDirectory) { building in
            var builder = Builder(
                lesson: lesson, compiler: compiler, engine: engine, harness: harnessModule, folder: building, referenceFolder: referenceFolder)
            if hasSupport { try builder.supportModule(supportFile) }
            let referenceTexts = try referenceFiles.map { try String(contentsOf: $0, encoding: .utf8) }
            // The reference's library stays next to its interface: the witness runner links it.
            let interface = try builder.referenceModule(
                named: lesson.module, sources: referenceFiles, into: "interface", library: true,
                symbolGraph: building.appendingPathComponent("symbols"))
            let linkable =
                !referenceTexts.contains { text in Self.inliningAttributes.contains { text.contains($0) } }
                && Self.internalTypes(inSymbolGraphs: building.appendingPathComponent("symbols")).isEmpty
            if linkable {
                try builder.object("\(lesson.module)Tests", sources: testFiles, into: "tests", importing: [interface, harnessModule.folder], flags: [])
            }
            try builder.witness(
                reference: interface, tests: witnessFiles,
                hiddenTests: lesson.exercises.flatMap { $0.items.filter { $0.kind == .test }.map(\.name) })
            guard !lesson.benchmarks.isEmpty else { return }
            let referenceModule = lesson.module + "Reference"
            let reference = try builder.referenceModule(named: referenceModule, sources: referenceFiles, into: "reference", library: true)
            let benchText = try String(contentsOf: benchFile, encoding: .utf8)
            let sources = building.appendingPathComponent("bench-sources")
            let referenceWorkload = try Self.writeWorkload(
                benchText, importing: referenceModule, lesson: lesson, bundle: bundle,
                into: sources.appendingPathComponent("reference"))
            try builder.benchRunner(referenceWorkload, reference: reference, module: referenceModule)
            if linkable {
                // The student side with the runner's `main`: linked per submission, never compiled.
                let studentWorkload = try Self.writeWorkload(
                    benchText, importing: lesson.module, lesson: lesson, bundle: bundle,
                    into: sources.appendingPathComponent("student"))
                try builder.object(
                    "StudentBench", sources: studentWorkload, into: "bench", importing: [interface],
                    flags: BenchmarkGrader.releaseFlags)
            }
        }
        return LessonArtifacts(folder: cached.folder, lesson: lesson)
    }

    /// The file that gives the tests the harness's names (`HarnessModule.importFile`), written
    /// once into the cache folder: the bundle holds the harness's source, not this file.
    static func harnessImportFile(in cacheDirectory: URL) throws -> URL {
        let file = cacheDirectory.appendingPathComponent(HarnessModule.importFile.name)
        if (try? String(contentsOf: file, encoding: .utf8)) != HarnessModule.importFile.text {
            try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
            try HarnessModule.importFile.text.write(to: file, atomically: true, encoding: .utf8)
        }
        return file
    }

    /// Non-public struct, class, enum, protocol and actor names in the symbol graphs the compiler
    /// wrote (a module's own file and one per extended module).
    static func internalTypes(inSymbolGraphs folder: URL) -> [String] {
        let kinds: Set<String> = ["swift.struct", "swift.class", "swift.enum", "swift.protocol", "swift.actor"]
        var names: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".symbols.json") {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)),
                let graph = try? JSONDecoder().decode(SymbolGraph.self, from: data)
            else { return ["(unreadable symbol graph)"] }
            for symbol in graph.symbols where kinds.contains(symbol.kind.identifier) && !["public", "open"].contains(symbol.accessLevel) {
                names.append(symbol.pathComponents.joined(separator: "."))
            }
        }
        return names.sorted()
    }

    static let inliningAttributes = ["@inlinable", "@_transparent", "@_alwaysEmitIntoClient", "@frozen", "@_fixed_layout", "@usableFromInline"]

    /// A lesson's benchmark workloads importing `module`, with the support code, `benchmarkRuns()`
    /// and the bench runner's `main`.
    static func writeWorkload(
        _ source: String, importing module: String, lesson: GraderBundleManifest.LessonEntry,
        bundle: URL, into folder: URL
    ) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let rewritten =
            source.replacingOccurrences(of: "@testable import \(lesson.module)\n", with: "@testable import \(module)\n")
                + """

                /// Each workload as a closure of the repetition's seed.
                func benchmarkRuns() -> [(String, (UInt64) -> Void)] {
                    LessonBenchmarks.all.map { entry in (entry.0, { seed in var timer = BenchmarkTimer(); entry.1(&timer, seed) }) }
                }

                """
        let files = [
            folder.appendingPathComponent("Benchmarks.swift"), folder.appendingPathComponent(BenchmarkSupportSource.fileName),
            folder.appendingPathComponent("main.swift"), folder.appendingPathComponent("SyscallFilter.swift")
        ]
        try rewritten.write(to: files[0], atomically: true, encoding: .utf8)
        try BenchmarkSupportSource.text.write(to: files[1], atomically: true, encoding: .utf8)
        try BenchmarkSupportSource.runnerMain.write(to: files[2], atomically: true, encoding: .utf8)
        try HarnessSource.syscallFilter.write(to: files[3], atomically: true, encoding: .utf8)
        guard lesson.usesEngine else { return files }
        let engineSources = try FileTree.swiftFiles(in: bundle.appendingPathComponent("engine"))
        let conformances = folder.appendingPathComponent(BenchmarkSupportSource.engineFileName)
        try BenchmarkSupportSource.engineText(engineSources: engineSources).write(to: conformances, atomically: true, encoding: .utf8)
        return files + [conformances]
    }

    /// Compiles the pieces into the folder being built; trusted code, so no limits.
    private struct Builder {
        let lesson: GraderBundleManifest.LessonEntry
        var compiler: SwiftCompiler
        let engine: (name: String, folder: URL)?
        /// Set by `supportModule(_:)`.
        var support: (name: String, folder: URL)?
        let harness: (name: String, folder: URL)
        let folder: URL
        let referenceFolder: URL

        /// The libraries lesson code links, the support module first (it calls the engine).
        var libraries: [(name: String, folder: URL)] { [support, engine].compactMap { $0 } }
        /// What everything compiled against the support module takes: its `@testable` import.
        var supportFlags: [String] { LessonSupportModule.testableImportFlags(support?.name) }

        init(
            lesson: GraderBundleManifest.LessonEntry, compiler: SwiftCompiler, engine: (name: String, folder: URL)?,
            harness: (name: String, folder: URL), folder: URL, referenceFolder: URL
        ) {
            self.lesson = lesson
            self.compiler = compiler
            self.compiler.limits = nil
            self.engine = lesson.usesEngine ? engine : nil
            self.harness = harness
            self.folder = folder
            self.referenceFolder = referenceFolder
        }

        /// The lesson's support code as its module, `support/`, in release mode.
        mutating func supportModule(_ source: URL) throws {
            var release = compiler
            release.flags = BenchmarkGrader.releaseFlags
            let compiled = try LessonSupportModule.compile(
                forLesson: lesson.module, sources: [source.path], workingDirectory: referenceFolder,
                output: folder.appendingPathComponent("support"), compiler: release, libraries: [engine].compactMap { $0 },
                extraFlags: ["-suppress-warnings"])
            guard compiled.result.succeeded else {
                throw CourseError.toolFailed("the support code of \(lesson.id) does not compile as its own module:\n\(compiled.result.output)")
            }
            support = compiled.library
        }

        /// The reference solution as module `name`, in release mode with library evolution.
        func referenceModule(
            named name: String, sources: [URL], into subfolder: String, library: Bool = false,
            symbolGraph: URL? = nil
        ) throws -> URL {
            var release = compiler
            release.flags = BenchmarkGrader.releaseFlags
            let output = folder.appendingPathComponent(subfolder)
            var flags = LessonArtifacts.moduleFlags + supportFlags
            if let symbolGraph {
                try FileManager.default.createDirectory(at: symbolGraph, withIntermediateDirectories: true)
                flags += ["-emit-symbol-graph", "-emit-symbol-graph-dir", symbolGraph.path, "-symbol-graph-minimum-access-level", "internal"]
            }
            let result = try release.compileModule(
                name, sources: sources.map(\.path), workingDirectory: referenceFolder, output: output,
                linking: libraries, extraFlags: flags)
            guard result.succeeded else { throw CourseError.toolFailed("the reference solution of \(lesson.id) does not compile in release mode:\n\(result.output)") }
            if !library { try? FileManager.default.removeItem(at: output.appendingPathComponent("lib\(name).a")) }
            return output
        }

        /// Runs the witness form of the hidden tests with the reference solution and keeps each
        /// test's transcript in `witness.json`. Every test must pass against itself: otherwise the
        /// bundle cannot grade anyone.
        func witness(reference module: URL, tests: [URL], hiddenTests: [String]) throws {
            let runner = folder.appendingPathComponent("witness-runner")
            var release = compiler
            release.flags = BenchmarkGrader.releaseFlags
            let compiled = try release.compileRunner(
                lesson.module + "Tests", against: lesson.module, sources: tests.map(\.path),
                modules: module, workingDirectory: folder, output: runner,
                linking: libraries + [harness], extraFlags: supportFlags)
            guard compiled.succeeded else {
                throw CourseError.toolFailed("the hidden tests of \(lesson.id) do not compile against the reference solution:\n\(compiled.output)")
            }
            let runs = try TestRunner(executable: runner, module: lesson.module + "Tests").run(hiddenTests)
            let judge = try Judge(sitesFile: referenceFolder.deletingLastPathComponent().appendingPathComponent("tests/sites.json"))
            var texts: [String: String] = [:]
            for run in runs {
                guard let observed = Observation.transcript(run.transcript) else {
                    throw CourseError.toolFailed("the reference's run of \(run.name) in \(lesson.id) left a damaged transcript")
                }
                let verdict = judge.verdict(run, witness: observed, blind: false)
                guard verdict.status == .passed else {
                    throw CourseError.toolFailed("the reference solution fails \(run.name) in \(lesson.id): \(verdict.messages.joined(separator: "; "))")
                }
                texts[run.name] = run.transcript
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            try encoder.encode(texts).write(to: folder.appendingPathComponent("witness.json"))
            try? FileManager.default.removeItem(at: runner)
            // What the reference defines, by exact name: all that tests compiled against a
            // student's module may use of it (`CompiledTestAdmission`).
            let library = module.appendingPathComponent("lib\(lesson.module).a")
            try CompiledTestAdmission.referenceSymbolList(archive: library)
                .write(to: folder.appendingPathComponent(LessonArtifacts.referenceSymbolsFile), atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(at: library)
        }

        /// The reference side's bench runner, `bench/reference-bench-runner`.
        func benchRunner(_ sources: [URL], reference: URL, module: String) throws {
            var release = compiler
            release.flags = BenchmarkGrader.releaseFlags
            let bench = folder.appendingPathComponent("bench")
            try FileManager.default.createDirectory(at: bench, withIntermediateDirectories: true)
            let compiled = try release.compileExecutable(
                "ReferenceBench", sources: sources.map(\.path), importing: libraries.map(\.folder),
                libraries: [(module, reference)] + libraries,
                output: bench.appendingPathComponent("reference-bench-runner"), in: folder, extraFlags: supportFlags)
            guard compiled.succeeded else {
                throw CourseError.toolFailed("the benchmarks of \(lesson.id) do not compile against the reference solution:\n\(compiled.output)")
            }
        }

        /// One object file; `false` when it does not compile (the caller decides what that means).
        @discardableResult
        func object(_ name: String, sources: [URL], into subfolder: String, importing modules: [URL], flags: [String]) throws -> Bool {
            var objectCompiler = compiler
            if !flags.isEmpty { objectCompiler.flags = flags }
            let output = folder.appendingPathComponent(subfolder)
            let paths = sources.map(\.path)
            let result = try objectCompiler.compileObject(
                name, sources: paths, workingDirectory: folder, output: output,
                importing: modules + libraries.map(\.folder), extraFlags: supportFlags)
            if !result.succeeded { try? FileManager.default.removeItem(at: output.appendingPathComponent("\(name).o")) }
            return result.succeeded
        }
    }
}

/// The part of a symbol graph file (`swift-symbolgraph-extract`'s format) that
/// `internalTypes(inSymbolGraphs:)` reads.
private struct SymbolGraph: Decodable {
    struct Symbol: Decodable {
        struct Kind: Decodable { var identifier: String }
        var kind: Kind
        var accessLevel: String
        var pathComponents: [String]
    }
    var symbols: [Symbol]
}
