import Foundation

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
    private var builtInterface: URL??

    init(name: String, sources: [String], work: URL, compiler: SwiftCompiler, libraries: [(name: String, folder: URL)]) {
        self.name = name
        self.sources = sources
        self.work = work
        self.compiler = compiler
        self.libraries = libraries
    }

    var object: URL { work.appendingPathComponent("modules/\(name).o") }

    /// Compiles the object file; the result carries the compiler's diagnostics.
    func compileObject() throws -> SwiftCompiler.Result {
        try compiler.compileModuleObject(name, sources: sources, workingDirectory: work, output: object,
                                         importing: libraries.map(\.folder), extraFlags: LessonArtifacts.moduleFlags)
    }

    /// The folder holding `lib<name>.a` and `<name>.swiftmodule`, built on first use; `nil` when
    /// they do not build.
    func interface() throws -> URL? {
        if let builtInterface { return builtInterface }
        let folder = work.appendingPathComponent("interface")
        let result = try compiler.compileModule(name, sources: sources, workingDirectory: work, output: folder,
                                                linking: libraries, extraFlags: LessonArtifacts.moduleFlags)
        builtInterface = .some(result.succeeded ? folder : nil)
        return result.succeeded ? folder : nil
    }
}
