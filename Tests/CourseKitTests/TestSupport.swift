import Foundation
import XCTest
@testable import CourseKit

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
        return root
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
        let candidates = [folder.appendingPathComponent("course"),
                          folder.deletingLastPathComponent().appendingPathComponent("course")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `course` with arguments in `directory`.
    static func runCourse(_ arguments: [String], in directory: URL) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(courseExecutable.path, arguments, in: directory, timeout: 600)
    }
}
