import CourseToolchain
import Foundation
import HandinRules

/// What grading admits before anything of a submission runs: the parse of its files (in a child
/// process, remembered by content once admitted) and, for lessons that refuse support-library
/// declarations, the unoptimised object, where no call was inlined away.
extension Grader {
    var admittedSources: AdmittedSources { AdmittedSources(folder: cacheDirectory.appendingPathComponent("admitted")) }

    /// The key under which these exact files of `lesson` are remembered as admitted.
    func admissionKey(_ files: [String: String], _ lesson: GraderBundleManifest.LessonEntry) -> Data? {
        admittedSources.key(
            files, usesEngine: lesson.usesEngine, allows: lesson.allows ?? [], libraryNames: lesson.libraryNames ?? [],
            supportModule: supportModule(of: lesson))
    }

    /// The lesson's support module, when its bundle holds support code: a submission may import it.
    func supportModule(of lesson: GraderBundleManifest.LessonEntry) -> String? {
        let source = bundle.appendingPathComponent("lessons/\(lesson.id)/support/\(LessonSupportModule.fileName)")
        return FileManager.default.fileExists(atPath: source.path) ? LessonSupportModule.name(forLesson: lesson.module) : nil
    }

    /// Whether these exact files of `lesson` passed source admission before (`AdmittedSources`).
    func admittedBefore(_ files: [String: String], _ lesson: GraderBundleManifest.LessonEntry) -> Bool {
        guard admitsSubmissions, let key = admissionKey(files, lesson) else { return false }
        return admittedSources.contains(key)
    }

    /// What the parse of the student's files refuses: nothing when these exact files were
    /// admitted before (`AdmittedSources`), else the admission child's verdict.
    func sourceViolations(_ files: [String: String], _ lesson: GraderBundleManifest.LessonEntry) throws -> [AdmissionViolation] {
        let admitted = admittedSources
        let key = admissionKey(files, lesson)
        if let key, admitted.contains(key) { return [] }
        let violations = try IsolatedSourceAdmission.violations(
            in: files, usesEngine: lesson.usesEngine, allows: lesson.allows ?? [], libraryNames: lesson.libraryNames ?? [],
            supportModule: supportModule(of: lesson))
        if violations.isEmpty, let key { admitted.insert(key) }
        return violations
    }

    /// What `admission` refuses in an unoptimised build of the module, for a lesson that refuses
    /// support-library declarations: optimised, the compiler may inline a small library function
    /// into the module (Swift's default cross-module optimisation) and leave no symbol of it.
    func unoptimisedViolations(of student: StudentModule, admission: ObjectAdmission, work: URL) throws -> [String] {
        var unoptimised = student.compiler
        unoptimised.flags = SwiftCompiler.debugFlags
        let object = work.appendingPathComponent("unoptimised/\(student.name).o")
        let compiled = try unoptimised.compileModuleObject(
            student.name, sources: student.sources, workingDirectory: work, output: object,
            importing: student.libraries.map(\.folder), extraFlags: LessonArtifacts.moduleFlags + student.supportFlags)
        guard compiled.succeeded else { return ["the module did not compile unoptimised, which the check of refused calls needs"] }
        return try admission.violations(in: object)
    }
}
