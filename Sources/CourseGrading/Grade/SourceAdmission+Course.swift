import CourseToolchain
import HandinRules

/// The course's admission rules: which imports a lesson allows and which names the grader's
/// harness reserves. Kept out of `Handin/`, which the student package embeds and which cannot see
/// `Course` or `ObservationSource`; the student package gets the resulting sets, written by
/// `StudentToolsWriter`.
extension SourceAdmission {
    /// Names the runner's harness (`HarnessSource`, `SwiftSourceBuilder.runnerMain`) declares
    /// beside the tests and benchmark workloads that import the student's module.
    static let harnessNames: Set<String> = [
        "ResultObserver", "TestServer", "BenchmarkTimer", "blackHole",
        "LessonBenchmarks", "BenchmarkSmokeTests", "BenchmarkRandom",
        "BenchmarkOutput", "BenchmarkFlatArray", "BenchmarkEncodable", "benchmarkRuns", "SyscallFilter"
    ]

    /// The course default: Swift, Foundation, Glibc, Musl, Darwin (+ "ResidualEngine" when
    /// `usesEngine`, + Dispatch when the lesson allows threads, + the lesson's `supportModule`, which
    /// its module re-exports anyway, so an explicit import (an editor may add one) changes nothing);
    /// pointers only when the lesson's front matter `allows` them (`unsafe-pointers`);
    /// `libraryNames` not to be declared at file level.
    package static func standard(
        usesEngine: Bool, allows: Set<String> = [], libraryNames: Set<String> = [], supportModule: String? = nil
    ) -> SourceAdmission {
        var imports: Set<String> = ["Swift", "Foundation", "Glibc", "Musl", "Darwin"]
        if usesEngine { imports.insert(EngineModule.name) }
        if let supportModule { imports.insert(supportModule) }
        if allows.contains("threads") { imports.insert("Dispatch") }
        var admission = SourceAdmission(allowedImports: imports, reservedNames: harnessNames.union(ObservationSource.reservedNames))
        admission.allowsRawMemory = allows.contains("unsafe-pointers")
        admission.libraryNames = libraryNames
        return admission
    }
}
