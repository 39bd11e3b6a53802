import CourseToolchain
import HandinRules

extension Course {
    /// The file-level names a submission of `lesson` may not declare (`SourceAdmission.libraryNames`):
    /// the support library's public ones, when the lesson imports it, and every one its support
    /// code declares (compiled into the student's module, where internal names are seen too).
    func libraryNames(of lesson: Lesson) -> Set<String> {
        let support = lesson.support.map(\.code)
        let engine = lesson.usesEngine ? SourceAdmission.fileLevelNames(in: engineSources.values, publicOnly: true) : []
        // The modules' own names too: a type `ResidualEngine` or one named like the lesson's module
        // would take over qualified names (`ResidualEngine.Matrix`, `DynamicalSystems.eulerStep`).
        let modules: Set<String> = lesson.usesEngine ? [lesson.moduleName, EngineModule.name] : [lesson.moduleName]
        return engine.union(SourceAdmission.fileLevelNames(in: support, publicOnly: false)).union(modules)
    }
}
