import Foundation

/// A lesson's support code is a module of its own, `<Lesson>Support`, compiled before the
/// lesson's module and linked like a library.
///
/// Compiled into the lesson's module, support code was compiled with every submission: each
/// name in it (`max`, `==`, `Vector.maxAbs`, a type's associated type) was looked up among the
/// submission's declarations too, and red teams redirected one after another to change what the
/// support code measured. Compiled on its own, what each name in it means is fixed before any
/// submission exists. The lesson's module re-exports it (`importFile`), so its files and its
/// tests see the support code's public declarations without an import of their own; and
/// everything compiled against it imports it `@testable` (`testableImportFlags`), so its internal
/// declarations (a struct's memberwise `init`) stay usable as when it was part of the lesson's module.
package enum LessonSupportModule {
    /// `ReversibleNetworks` → `ReversibleNetworksSupport`.
    package static func name(forLesson module: String) -> String { module + "Support" }

    /// The support code's file in its module's folder.
    package static let fileName = "Support.swift"

    /// The lesson module's file that re-exports the support module (named like the support code's
    /// own file, which lesson modules held before, so an exercise id cannot take its name).
    package static func importFile(forLesson module: String) -> String {
        """
        // The lesson's support code is the module \(name(forLesson: module)) (its Support.swift). This
        // line makes it visible to every file of this module and to the tests; the build imports it
        // @testable, so its internal declarations too.
        @_exported import \(name(forLesson: module))

        """
    }

    /// Flags that import support module `name` `@testable` into every file compiled with them
    /// (`compile` builds it with `-enable-testing`); none without a support module.
    package static func testableImportFlags(_ name: String?) -> [String] {
        name.map { ["-Xfrontend", "-testable-import-module", "-Xfrontend", $0] } ?? []
    }

    /// Compiles the support code of lesson module `lesson` into `output` (`lib<Name>.a` and its
    /// `.swiftmodule`), importing `libraries` (the course's library, when the lesson uses it).
    /// Without library evolution: the module never changes under the code compiled against it,
    /// so that code reaches its types' fields directly, as it did inside the lesson's module.
    package static func compile(
        forLesson lesson: String, sources: [String], workingDirectory: URL, output: URL, compiler: SwiftCompiler,
        libraries: [(name: String, folder: URL)], extraFlags: [String] = []
    ) throws -> (result: SwiftCompiler.Result, library: (name: String, folder: URL)) {
        let name = name(forLesson: lesson)
        let result = try compiler.compileModule(
            name, sources: sources, workingDirectory: workingDirectory, output: output, linking: libraries,
            extraFlags: extraFlags)
        return (result, (name, output))
    }
}
