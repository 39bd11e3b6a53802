import CourseGrading
import CourseToolchain
import Foundation

/// Builds the grader bundle: reference solutions, hidden tests, benchmarks and its manifest
/// (`GraderBundleManifest`, which grading reads).
///
/// It lives in the build folder (never in `exercises/`, never committed); `course grade` reads it.
public struct GraderBundleWriter {
    public let course: Course

    public init(course: Course) { self.course = course }

    public func manifest() -> GraderBundleManifest {
        let libraryNames = course.libraryNames()
        return GraderBundleManifest(
            lessons: course.lessons.map { lesson in
                GraderBundleManifest.LessonEntry(
                    id: lesson.meta.id, title: lesson.meta.title, order: lesson.meta.order, file: lesson.file,
                    module: lesson.moduleName, points: lesson.points, usesEngine: lesson.usesEngine,
                    editableFiles: ExercisePackageWriter.editableFiles(of: lesson),
                    exercises: lesson.exercises.map {
                        GraderBundleManifest.ExerciseEntry(
                            id: $0.id, title: $0.title, file: "Sources/\(lesson.moduleName)/\($0.fileName)",
                            points: $0.points, items: lesson.gradedItems(for: $0))
                    },
                    benchmarks: lesson.benchmarks.map {
                        GraderBundleManifest.BenchmarkEntry(
                            id: $0.id, exercise: $0.exercise, threshold: $0.threshold, repetitions: $0.repetitions,
                            tolerance: $0.tolerance)
                    },
                    feedback: lesson.meta.feedback, visibility: lesson.meta.visibility,
                    allows: lesson.meta.allows.isEmpty ? nil : lesson.meta.allows,
                    refuses: lesson.meta.refuses.isEmpty ? nil : lesson.meta.refuses,
                    libraryNames: libraryNames[lesson.meta.id]?.sorted())
            })
    }

    /// Every file of the bundle by relative path.
    public func tree() throws -> FileTree {
        var tree = FileTree()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        tree["manifest.json"] = String(decoding: try encoder.encode(manifest()), as: UTF8.self) + "\n"
        tree[HarnessSource.fileName] = HarnessSource.text
        if course.lessons.contains(where: \.usesEngine) {
            tree[ObservationSource.engineFileName] = ObservationSource.engineText(engineSources: course.engineSources)
            for (name, text) in course.engineSources { tree["engine/\(name)"] = text }
        }
        // Lessons are independent and each costs a parse of its tests and their value flow: one
        // lesson per core.
        let lessonFiles = try course.lessons.filter(\.hasCode).parallelMap(width: ProcessInfo.processInfo.activeProcessorCount) {
            try Self.files(of: $0)
        }
        for files in lessonFiles {
            for (path, content) in files { tree[path] = content }
        }
        return tree
    }

    /// One lesson's part of the bundle: its reference and stub modules and its test runners' sources.
    private static func files(of lesson: Lesson) throws -> [(path: String, content: String)] {
        var files: [(path: String, content: String)] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let builder = SwiftSourceBuilder(lesson: lesson)
        let base = "lessons/\(lesson.meta.id)"
        for (name, content) in builder.referenceModule() { files.append(("\(base)/reference/\(name)", content)) }
        if let support = builder.supportModule(mapped: true) { files.append(("\(base)/support/\(LessonSupportModule.fileName)", support)) }
        // Stubs stand in for exercise files a submission leaves out, so the rest still compiles.
        for (name, content) in builder.stubModule() where name != LessonSupportModule.fileName { files.append(("\(base)/stub/\(name)", content)) }
        // Students' code is compiled with the blind form only; the witness form runs once with
        // the reference, and its transcript supplies the expected values the blind form lacks.
        let blind = builder.judgedTests(hidden: true, form: .blind)
        files.append(("\(base)/tests/HiddenTests.swift", blind.code))
        files.append(("\(base)/tests/WitnessTests.swift", builder.judgedTests(hidden: true, form: .witness).code))
        files.append(("\(base)/tests/sites.json", String(decoding: try encoder.encode(blind.sites), as: UTF8.self) + "\n"))
        files.append(("\(base)/tests/Benchmarks.swift", builder.benchmarks()))
        // The grading runner registers the hidden tests only: they are what earns points.
        files.append(("\(base)/tests/main.swift", builder.runnerMain(hidden: true, visible: false, benchmarkSmokeTests: false)))
        return files
    }
}
