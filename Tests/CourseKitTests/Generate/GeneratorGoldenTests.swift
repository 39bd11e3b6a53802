@testable import CourseAuthoring
@testable import CourseToolchain
import Foundation
import XCTest

/// The generated student package and grader bundle of `Fixtures/golden` are compared file by file
/// with `Fixtures/golden/expected`. Run with `UPDATE_GOLDEN=1` to rewrite them after a deliberate change.
final class GeneratorGoldenTests: XCTestCase {
    let golden = TestSupport.fixtures.appendingPathComponent("golden")

    func testStudentPackageAndBundleMatchTheGoldenFiles() throws {
        let result = try CourseLoader(root: golden).load()
        XCTAssertEqual(result.diagnostics, [])
        let trees = [
            ("exercises", ExercisePackageWriter(course: result.course).tree()),
            ("grader", try GraderBundleWriter(course: result.course).tree())
        ]
        for (name, tree) in trees {
            let expected = golden.appendingPathComponent("expected/\(name)")
            if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
                try? FileManager.default.removeItem(at: expected)
                try tree.write(to: expected)
            }
            XCTAssertEqual(tree.differences(from: expected), [], "\(name) differs from the golden files; rerun with UPDATE_GOLDEN=1 if intended")
        }
    }

    func testStubReplacesOnlySolutionRegions() throws {
        let course = try CourseLoader(root: golden).load().course
        let exercise = try XCTUnwrap(course.lessons.first?.exercise("swap-pair"))
        XCTAssertEqual(exercise.regions.count, 2)
        XCTAssertEqual(
            exercise.stubCode,
            """
            public func swapPair(_ p: Pair) -> Pair {
                // TODO: write your solution here (exercise swap-pair).
                return p
            }

            public func total(_ p: Pair) -> Int {
                // TODO: write your solution here (exercise swap-pair).
                fatalError("TODO: exercise swap-pair is not implemented yet")
            }

            """)
    }

    func testPointsAreSharedByWeight() throws {
        let lesson = try XCTUnwrap(try CourseLoader(root: golden).load().course.lessons.first)
        let items = lesson.gradedItems(for: lesson.exercises[0])
        XCTAssertEqual(
            items.map(\.name),
            [
                "SwapPairHiddenTests/testSwapTwiceIsIdentity", "SwapPairHiddenTests/testTotalOfNegatives",
                "SwapPairHiddenTests/testAsyncTotal", "swap-pair"
            ])
        // weights 3, 1, 1, 1 share 4 points
        XCTAssertEqual(items.map(\.points), [2, 2.0 / 3, 2.0 / 3, 2.0 / 3].map { $0 }, accuracy: 1e-12)
        XCTAssertEqual(items.reduce(0) { $0 + $1.points }, 4, accuracy: 1e-12)
    }

    func testNothingHiddenReachesTheStudentPackage() throws {
        let course = try CourseLoader(root: golden).load().course
        let student = ExercisePackageWriter(course: course).tree().files.values.joined(separator: "\n")
        for secret in ["testSwapTwiceIsIdentity", "Pair(a: p.b, b: p.a)", "p.a + p.b", "threshold", "blackHole", "only shown"] {
            XCTAssertFalse(student.contains(secret), "'\(secret)' reached exercises/")
        }
    }
}

func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}

extension GeneratorGoldenTests {
    func testWritingKeepsHiddenFilesAndComparesBytes() throws {
        let folder = try TestSupport.temporaryFolder(self)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try "ref".write(to: folder.appendingPathComponent(".git/HEAD"), atomically: true, encoding: .utf8)
        try "old".write(to: folder.appendingPathComponent("Stale.swift"), atomically: true, encoding: .utf8)
        let tree = FileTree(["A.swift": "caf\u{E9}\n"])
        try tree.write(to: folder)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git/HEAD").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Stale.swift").path))
        XCTAssertEqual(tree.differences(from: folder), [])
        // The same text in another Unicode normalization is a different file.
        try Data("cafe\u{301}\n".utf8).write(to: folder.appendingPathComponent("A.swift"))
        XCTAssertEqual(tree.differences(from: folder), ["changed: A.swift"])
    }
}
