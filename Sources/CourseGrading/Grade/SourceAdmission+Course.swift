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
    /// `usesEngine`, + Dispatch when the lesson allows threads).
    package static func standard(usesEngine: Bool, allowsThreads: Bool = false) -> SourceAdmission {
        var imports: Set<String> = ["Swift", "Foundation", "Glibc", "Musl", "Darwin"]
        if usesEngine { imports.insert(EngineModule.name) }
        if allowsThreads { imports.insert("Dispatch") }
        return SourceAdmission(allowedImports: imports, reservedNames: harnessNames.union(ObservationSource.reservedNames))
    }
}
