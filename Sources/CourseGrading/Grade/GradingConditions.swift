import CourseToolchain
import Foundation

/// What a grade was computed with, as a fingerprint: for each lesson graded, its part of the
/// grader bundle (its manifest entry and its folder: hidden tests, support code, reference,
/// benchmarks; the support library when it uses it), the harness, whether benchmarks ran, and
/// the grader's scoring rules.
///
/// The gradebook keeps it beside each grade. A batch skips a hand-in graded before only when the
/// files and these conditions are the same: after an author fixes a hidden test, or after a run
/// with `--no-benchmarks`, the next batch grades again what the change concerns, and no grade
/// stays as older tests left it.
package struct GradingConditions: Sendable {
    private let lessons: [String: String]
    private let benchmarks: Bool

    /// How tests become points, named: a change here grades everyone again in the next batch.
    static let scoringRules =
        "slips charged once, at the larger cost (an exercise is graded again with the reference's code for the others that fail, "
        + "and gets back at most what they lost; a file that does not compile as its stub)"

    /// Reads the bundle once: the fingerprint of every lesson's part.
    package init(bundle: URL, manifest: GraderBundleManifest, benchmarks: Bool) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let shared = Self.fingerprint(files: ["Harness.swift", "EngineObservation.swift"], in: bundle)
        let engineFolder = bundle.appendingPathComponent("engine")
        let engine = Self.fingerprint(files: FileTree.listFiles(in: engineFolder), in: engineFolder)
        var lessons: [String: String] = [:]
        for lesson in manifest.lessons {
            let folder = bundle.appendingPathComponent("lessons/\(lesson.id)")
            let entry = String(decoding: try encoder.encode(lesson), as: UTF8.self)
            let files = Self.fingerprint(files: FileTree.listFiles(in: folder), in: folder)
            lessons[lesson.id] = BuildCache.hash(
                String(decoding: ExactKeyStore.key([entry, files, shared, lesson.usesEngine ? engine : ""]), as: UTF8.self))
        }
        self.lessons = lessons
        self.benchmarks = benchmarks
    }

    /// The conditions a hand-in graded on `lessonIDs` is graded under.
    package func fingerprint(lessons lessonIDs: [String]) -> String {
        let parts = Set(lessonIDs).sorted().flatMap { [$0, lessons[$0] ?? "unknown"] } + [benchmarks ? "benchmarks" : "no benchmarks", Self.scoringRules]
        return BuildCache.hash(String(decoding: ExactKeyStore.key(parts), as: UTF8.self))
    }

    /// One hash of the named files (relative to `folder`, missing ones counted as missing), by path.
    private static func fingerprint(files: [String], in folder: URL) -> String {
        var parts: [String] = []
        for path in files.sorted() {
            let url = folder.appendingPathComponent(path)
            let data = FileManager.default.contents(atPath: url.path)
            parts += [path, data.map { String(decoding: $0, as: UTF8.self) } ?? "\u{0}missing"]
        }
        return BuildCache.hash(String(decoding: ExactKeyStore.key(parts), as: UTF8.self))
    }
}
