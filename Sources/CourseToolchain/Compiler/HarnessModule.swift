import Foundation

/// The test harness (`HarnessSource`) compiled once, as a module of its own, and linked into every
/// test runner: those `course check` and mutation analysis build, and the grader's (the prebuilt
/// hidden tests, the witness runner, tests compiled against a submission). Compiled into every
/// runner, its thousand lines took about 1.8 s of each runner's 4 s, three runners per lesson.
///
/// A submission cannot reach it: its module is compiled without the harness on its search path,
/// and object admission refuses a reference to any module but its own and the course's libraries.
package enum HarnessModule {
    package static let name = "CourseHarness"

    /// A file for the runner's test module that gives all its files the harness's names.
    package static let importFile = (name: "HarnessImport.swift", text: "@_exported import \(name)\n")

    /// The compiled harness in `cacheDirectory` (a static library and its module), compiled there
    /// first unless an identical build is already there. `source` is the grader bundle's copy
    /// when grading (the bundle is what grading works from), this tool's otherwise.
    package static func cached(
        source: String = HarnessSource.text, compiler: SwiftCompiler, in cacheDirectory: URL
    ) throws -> (name: String, folder: URL) {
        var compiler = compiler
        compiler.limits = nil  // the course's own code
        let key = "harness\u{0}" + compiler.swiftc + "\u{0}" + compiler.flags.joined(separator: " ") + "\u{0}" + source
        let cached = try BuildCache.folder("harness-" + BuildCache.hash(key), in: cacheDirectory) { building in
            try source.write(to: building.appendingPathComponent(HarnessSource.fileName), atomically: true, encoding: .utf8)
            let result = try compiler.compileModule(name, sources: [HarnessSource.fileName], workingDirectory: building, output: building)
            guard result.succeeded else { throw CourseError.toolFailed("the test harness does not compile:\n\(result.output)") }
        }
        return (name, cached.folder)
    }
}
