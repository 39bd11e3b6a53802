import Foundation
import XCTest
@testable import CourseKit

/// The generated student package and grader bundle of `Fixtures/golden` are compared file by file
/// with `Fixtures/golden/expected`. Run with `UPDATE_GOLDEN=1` to rewrite them after a deliberate change.
final class GeneratorGoldenTests: XCTestCase {
    let golden = TestSupport.fixtures.appendingPathComponent("golden")

    func testStudentPackageAndBundleMatchTheGoldenFiles() throws {
        let result = try CourseLoader(root: golden).load()
        XCTAssertEqual(result.diagnostics, [])
        let trees = [("exercises", ExercisePackageWriter(course: result.course).tree()),
                     ("grader", try GraderBundleWriter(course: result.course).tree())]
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
        XCTAssertEqual(exercise.stubCode, """
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
        XCTAssertEqual(items.map(\.name), ["SwapPairHiddenTests/testSwapTwiceIsIdentity", "SwapPairHiddenTests/testTotalOfNegatives",
                                           "SwapPairHiddenTests/testAsyncTotal", "swap-pair"])
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
