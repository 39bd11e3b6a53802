import CourseToolchain
import Foundation

/// The lesson's support module as authoring compiles it (`course check`, mutation analysis,
/// figures): the grader compiles the bundle's copy the same way (`LessonArtifacts`).
extension Lesson {
    /// The flags every compile against the support module takes (its `@testable` import); none
    /// without support code.
    var supportImportFlags: [String] {
        LessonSupportModule.testableImportFlags(support.isEmpty ? nil : supportModuleName)
    }

    /// Writes the support code (mapped to the lesson) into `folder` and compiles it into
    /// `folder/support-module`; `nil` without support code.
    func compileSupportModule(
        in folder: URL, compiler: SwiftCompiler, libraries: [(name: String, folder: URL)], extraFlags: [String] = []
    ) throws -> (result: SwiftCompiler.Result, library: (name: String, folder: URL))? {
        guard let source = SwiftSourceBuilder(lesson: self).supportModule(mapped: true) else { return nil }
        let path = "support/\(LessonSupportModule.fileName)"
        try FileTree([path: source]).write(to: folder, removingStale: false)
        return try LessonSupportModule.compile(
            forLesson: moduleName, sources: [path], workingDirectory: folder,
            output: folder.appendingPathComponent("support-module"), compiler: compiler, libraries: libraries, extraFlags: extraFlags)
    }
}
