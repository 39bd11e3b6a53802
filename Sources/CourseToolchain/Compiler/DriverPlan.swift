import Foundation

/// The frontend and linker command lines `swiftc` would run, learned once per process from
/// `swiftc -###` with placeholder names, so that grading can run those tools itself. The driver
/// costs about 80 ms of planning per call, twice per lesson and submission; the plan is the
/// driver's own, so flags and paths stay whatever this toolchain uses. Linking goes through lld
/// when the toolchain has it (about half of gold's time for a test runner).
///
/// Whenever a plan cannot be learned (an unexpected shape, quoting), callers use `swiftc` itself.
package enum DriverPlan {
    private static let source = "__course_source__.swift"
    private static let module = "__course_module__"
    private static let object = "__course_object__.o"
    private static let output = "__course_output__"

    /// `swift-frontend` compiling `sources` as module `module` into the object file `output`.
    static func compileObject(swiftc: String, flags: [String], sources: [String], module: String, output: String) -> [String]? {
        guard let plan = learned(swiftc: swiftc, arguments: ["-c", Self.source, "-module-name", Self.module, "-o", Self.output + ".o"] + flags),
            plan.count == 1, plan[0].contains("-frontend"),
            plan[0].filter({ $0 == Self.source }).count == 1
        else { return nil }
        return plan[0].flatMap { argument -> [String] in
            switch argument {
            case Self.source: return sources
            case Self.module: return [module]
            case Self.output + ".o": return [output]
            default: return [argument]
            }
        }
    }

    /// The autolink extraction and the link of `objects` and `libraries` into the executable
    /// `output`; `autolink` is a scratch file for the list of libraries the objects ask for.
    static func link(
        swiftc: String, objects: [String], libraries: [(name: String, folder: URL)], output: String,
        autolink: String
    ) -> [[String]]? {
        guard let plan = learned(swiftc: swiftc, arguments: [Self.object, "-o", Self.output]), plan.count == 2,
            URL(fileURLWithPath: plan[0][0]).lastPathComponent == "swift-autolink-extract",
            let scratch = plan[0].last, scratch.hasSuffix(".autolink"),
            plan[1].contains("@" + scratch), plan[1].contains(Self.object)
        else { return nil }
        let extract = plan[0].flatMap { argument -> [String] in
            argument == Self.object ? objects : [argument == scratch ? autolink : argument]
        }
        var linker = plan[1].flatMap { argument -> [String] in
            switch argument {
            case Self.object: return objects
            case "@" + scratch: return ["@" + autolink] + libraries.flatMap { ["-L", $0.folder.path, "-l\($0.name)"] }
            case Self.output: return [output]
            default: return [argument]
            }
        }
        let lld = URL(fileURLWithPath: linker[0]).deletingLastPathComponent().appendingPathComponent("ld.lld").path
        if FileManager.default.isExecutableFile(atPath: lld) { linker.insert(contentsOf: ["-fuse-ld=lld", "-Xlinker", "--threads=1"], at: 1) }
        // The runtime folder as DT_RPATH, which (unlike DT_RUNPATH) also finds the libraries that
        // runtime libraries without a search path of their own need (lib_FoundationICU.so for
        // libFoundationInternationalization.so): in the sandbox there is no ld.so.cache to fall back on.
        linker.insert(contentsOf: ["-Xlinker", "--disable-new-dtags"], at: 1)
        return [extract, linker]
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var plans: [[String]: [[String]]?] = [:]
    nonisolated(unsafe) private static var cacheFolder: URL?

    /// Keeps learned plans in `folder` too (the grading cache), so that a grading process does
    /// not ask the driver again; a plan is keyed by the toolchain's files, so an update relearns.
    package static func keepPlans(in folder: URL) {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        lock.lock(); cacheFolder = folder; lock.unlock()
    }

    /// The jobs `swiftc -### arguments` prints, split into arguments; `nil` if any is quoted.
    private static func learned(swiftc: String, arguments: [String]) -> [[String]]? {
        let key = [swiftc] + arguments
        lock.lock()
        let known = plans[key], folder = cacheFolder
        lock.unlock()
        if let known { return known }
        let file = folder.map { $0.appendingPathComponent("driver-plan-\(BuildCache.hash(toolchainStamp(swiftc) + key.joined(separator: "\n")))") }
        var plan: [[String]]?
        if let file, let data = try? Data(contentsOf: file), let stored = try? JSONDecoder().decode([[String]].self, from: data) {
            plan = stored
        } else if let outcome = try? ProcessRunner.runWithOwnTemporaryFolder(swiftc, ["-###"] + arguments, in: FileManager.default.temporaryDirectory, timeout: 60),
            outcome.status == 0, !outcome.output.contains(where: { "\"'\\".contains($0) })
        {
            let jobs = outcome.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.filter { !$0.isEmpty }
            if !jobs.isEmpty && jobs.allSatisfy({ $0[0].hasPrefix("/") }) {
                plan = jobs
                // Into the folder as `keepPlans` made it: one removed since (the cache of a grader
                // that is done, in a process that grades again) is not made again.
                if let file, let data = try? JSONEncoder().encode(jobs) {
                    try? data.write(to: file, options: .atomic)
                }
            }
        }
        lock.lock(); plans[key] = plan; lock.unlock()
        return plan
    }

    /// Size and modification time of the driver and the frontend next to it.
    private static func toolchainStamp(_ swiftc: String) -> String {
        let driver = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
        let frontend = driver.deletingLastPathComponent().appendingPathComponent("swift-frontend")
        return [driver, frontend].map { url in
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            let size = attributes?[.size] as? Int ?? 0
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(url.path) \(size) \(modified)\n"
        }.joined()
    }
}
