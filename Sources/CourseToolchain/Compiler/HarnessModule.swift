import Foundation

/// The test harness (`HarnessSource`) compiled once, as a module of its own, for the runners that
/// `course check` and mutation analysis build from the lesson's own code. Compiled into every
/// runner, its thousand lines took about 1.8 s of each runner's 4 s, three runners per lesson.
///
/// Grading keeps the harness inside each lesson's test module, compiled once per bundle.
package enum HarnessModule {
    package static let name = "CourseHarness"

    /// A file for the runner's test module that gives all its files the harness's names.
    package static let importFile = (name: "HarnessImport.swift", text: "@_exported import \(name)\n")

    /// The compiled harness in `cacheDirectory` (a static library and its module), compiled there
    /// first unless an identical build is already there.
    package static func cached(compiler: SwiftCompiler, in cacheDirectory: URL) throws -> (name: String, folder: URL) {
        var compiler = compiler
        compiler.limits = nil  // the course's own code
        let key = "harness\u{0}" + compiler.swiftc + "\u{0}" + compiler.flags.joined(separator: " ") + "\u{0}" + HarnessSource.text
        let cached = try BuildCache.folder("harness-" + BuildCache.hash(key), in: cacheDirectory) { building in
            try HarnessSource.text.write(to: building.appendingPathComponent(HarnessSource.fileName), atomically: true, encoding: .utf8)
            let result = try compiler.compileModule(name, sources: [HarnessSource.fileName], workingDirectory: building, output: building)
            guard result.succeeded else { throw CourseError.toolFailed("the test harness does not compile:\n\(result.output)") }
        }
        return (name, cached.folder)
    }
}
