import Foundation

/// The support library, compiled once per content, compiler and flags into a cache folder that
/// `course check`, the figures, mutation analysis and grading share: whichever needs it first
/// builds it, the rest link that build.
package enum EngineBuild {
    /// One set of flags wherever the library is compiled, and the ones a student's release build
    /// uses: optimised (figure code trains networks; benchmarks time the kernels) and for this
    /// machine's instruction set. The level is in the cache key, so a cache moved to another
    /// machine is rebuilt, not run where it cannot. The library's checks stop with their message
    /// under `-O` too: it reports them with `fatalError`, not `precondition`.
    package static var flags: [String] { ["-O", "-wmo"] + EngineInstructionSet.ofThisMachine.compilerFlags }

    /// The library built from `sources` (file name → text) in `cacheDirectory`, compiled there first
    /// unless an identical build is already there.
    package static func cached(sources: [String: String], compiler: SwiftCompiler, in cacheDirectory: URL) throws -> (name: String, folder: URL) {
        var compiler = compiler
        compiler.limits = nil  // the course's own code
        compiler.flags = flags
        let names = sources.keys.sorted()
        let cached = try BuildCache.folder(folderName(sources: sources, compiler: compiler), in: cacheDirectory) { building in
            try FileTree(sources).write(to: building.appendingPathComponent("sources"), removingStale: false)
            let result = try compiler.compileModule(
                EngineModule.name, sources: names.map { "sources/\($0)" }, workingDirectory: building, output: building)
            guard result.succeeded else { throw CourseError.toolFailed("the support library does not compile:\n\(result.output)") }
        }
        return (EngineModule.name, cached.folder)
    }

    /// The cache folder's name: a hash of the compiler, the flags and every file's name and text.
    package static func folderName(sources: [String: String], compiler: SwiftCompiler) -> String {
        var key = "engine\u{0}" + compiler.swiftc + "\u{0}" + flags.joined(separator: " ")
        for name in sources.keys.sorted() { key += "\u{0}" + name + "\u{0}" + sources[name]! }
        return "engine-" + BuildCache.hash(key)
    }
}
