@testable import CourseAuthoring
@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// `Tests/CourseKitTests/Fixtures`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// The repository root (holds `lessons/` and `exercises/`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh temporary folder, removed when the test ends.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("course-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A course root holding the given lesson files (name → text) in `lessons/`.
    static func course(_ lessons: [String: String], test: XCTestCase) throws -> URL {
        let root = try temporaryFolder(test)
        let folder = root.appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in lessons { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try shareCaches(root)
        return root
    }

    /// One grading cache and one support-library cache for every course root the suite makes.
    /// Their entries are keyed by content (lesson, bundle, library, compiler, flags), so tests of
    /// the same lessons compile them once, as a grader's own cache does across a class. Per test
    /// process, so each run starts cold.
    static let sharedCaches: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("course-test-caches-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: url)
        atexit { try? FileManager.default.removeItem(at: TestSupport.sharedCaches) }
        return url
    }()

    /// Points `root`'s grading and support-library caches into `sharedCaches`.
    static func shareCaches(_ root: URL) throws {
        let workspace = Workspace(root: root)
        for (cache, name) in [(workspace.gradeCache, "grade"), (workspace.engineCache, "engine")] {
            let shared = sharedCaches.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: cache.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: cache, withDestinationURL: shared)
        }
    }

    /// Grades `code` as the exercise file of the scaffold lesson (`course new lesson`'s template,
    /// one exercise `residualStep`), with `frontMatter` lines added to the lesson's front matter.
    static func gradeScaffold(_ code: String, frontMatter: String = "", test: XCTestCase) throws -> GradeReport {
        let lesson = NewLessonAction.template(id: "graded", title: "Graded", order: 1)
            .replacingOccurrences(of: "order: 1\n", with: "order: 1\n" + frontMatter)
        let root = try course(["01-graded.md": lesson], test: test)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        let file = root.appendingPathComponent("student/exercises/Sources/Graded/ResidualStep.swift")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try code.write(to: file, atomically: true, encoding: .utf8)
        return try GradeAction(workspace: Workspace(root: root), submission: root.appendingPathComponent("student"), output: { _ in }).perform()
    }

    /// A course root with the repository's lessons and support library, so that grading builds
    /// its bundle and caches in a temporary folder rather than in the repository.
    static func realCourseCopy(_ test: XCTestCase) throws -> URL {
        let root = try temporaryFolder(test)
        for folder in ["lessons", "Sources/ResidualEngine"] {
            let target = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(folder), to: target)
        }
        try shareCaches(root)
        return root
    }

    /// The real course's student site, built by `course build` once per test process (about
    /// 30 s) for the tests that only read it, and removed when the process exits.
    static func realCourseSite() throws -> URL {
        if let site = builtRealCourseSite { return site }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("course-site-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: folder)
        let site = folder.appendingPathComponent("site")
        let built = try runCourse(["build", "-o", site.path], in: repositoryRoot)
        guard built.status == 0 else { throw CourseError.toolFailed("course build of the real lessons failed:\n\(built.output)") }
        builtRealCourseSite = site
        atexit { try? FileManager.default.removeItem(at: TestSupport.builtRealCourseSite!.deletingLastPathComponent()) }
        return site
    }

    nonisolated(unsafe) private static var builtRealCourseSite: URL?

    /// A submission folder holding `files` (name → code) as lesson module `module`'s exercise files.
    static func submission(module: String, _ files: [String: String], test: XCTestCase) throws -> URL {
        let folder = try temporaryFolder(test).appendingPathComponent("student")
        for (name, code) in files {
            let file = folder.appendingPathComponent("exercises/Sources/\(module)/\(name)")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try code.write(to: file, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Grades `submission` on `lessons` of the course at `root`, tests only (no benchmarks).
    static func gradeTests(_ submission: URL, root: URL, lessons: [String]) throws -> GradeReport {
        var action = GradeAction(workspace: Workspace(root: root), submission: submission, output: { _ in })
        action.lessonIDs = lessons
        action.runBenchmarks = false
        return try action.perform()
    }

    /// Parses one lesson text and returns it with the diagnostics.
    static func parse(_ text: String, file: String = "lessons/test.md") -> (Lesson?, [Diagnostic]) {
        var parser = LessonParser(file: file)
        let lesson = parser.parse(text)
        return (lesson, parser.diagnostics)
    }

    /// The `course` executable SwiftPM built next to this test bundle.
    static var courseExecutable: URL {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            folder.appendingPathComponent("course"),
            folder.deletingLastPathComponent().appendingPathComponent("course")
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `course` with arguments in `directory`.
    static func runCourse(_ arguments: [String], in directory: URL) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(courseExecutable.path, arguments, in: directory, timeout: 600)
    }
}
