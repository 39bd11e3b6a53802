import CourseToolchain
import HandinRules

extension Course {
    /// The file-level names a submission of each lesson may not declare
    /// (`SourceAdmission.libraryNames`), by lesson id: the support library's public ones, when the
    /// lesson imports it, and every one its support code declares (imported `@testable` into the
    /// student's module, where internal names are seen too). The library is parsed once for all lessons.
    func libraryNames() -> [String: Set<String>] {
        let engine = lessons.contains(where: \.usesEngine) ? SourceAdmission.fileLevelNames(in: engineSources.values, publicOnly: true) : []
        return Dictionary(uniqueKeysWithValues: lessons.map { ($0.meta.id, Self.libraryNames(of: $0, engineNames: engine)) })
    }

    /// One lesson's names, given the support library's public ones.
    static func libraryNames(of lesson: Lesson, engineNames: Set<String>) -> Set<String> {
        // The modules' own names too: a type `ResidualEngine` or one named like the lesson's module
        // would take over qualified names (`ResidualEngine.Matrix`, `DynamicalSystems.eulerStep`).
        let modules: Set<String> = lesson.usesEngine ? [lesson.moduleName, EngineModule.name] : [lesson.moduleName]
        let engine = lesson.usesEngine ? engineNames : []
        return engine.union(SourceAdmission.fileLevelNames(in: lesson.support.map(\.code), publicOnly: false)).union(modules)
    }
}
