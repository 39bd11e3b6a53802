@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// The hidden tests are compiled once against the reference's interface and only linked per
/// submission. These fixtures check that the student's code, never the reference's, is what runs,
/// whatever the student's private layout, and that lessons the link cannot serve safely take the
/// slow path.
final class PrebuiltTestsTests: XCTestCase {
    private var root: URL!
    private var workspace: Workspace { Workspace(root: root) }

    /// A public struct (resilient: its layout may differ between student and reference).
    static let box = lesson(
        id: "shapes", order: 1,
        exercise: """
            public struct Box {
                public var width: Double
                public init(width: Double) { self.width = width }
                public func area() -> Double {
                    // BEGIN SOLUTION
                    return width * width
                    // END SOLUTION
                }
            }
            """, visible: "XCTAssertEqual(Box(width: 2).area(), 4)",
        hidden: "let boxes = [Box(width: 1), Box(width: 2), Box(width: 3)]; XCTAssertEqual(boxes.map { $0.area() }, [1, 4, 9])")

    /// `@inlinable` would copy the reference's body into anything compiled against it.
    static let inlinable = lesson(
        id: "inlined", order: 2,
        exercise: """
            @inlinable public func twice(_ x: Int) -> Int {
                // BEGIN SOLUTION
                return 2 * x
                // END SOLUTION
            }
            """, visible: "XCTAssertEqual(twice(1), 2)", hidden: "XCTAssertEqual(twice(21), 42)")

    /// An internal type: reached with `@testable`, its layout is not resilient.
    static let counter = lesson(
        id: "counting", order: 3,
        exercise: """
            struct Counter {
                var count = 0
                mutating func bump() {
                    // BEGIN SOLUTION
                    count += 1
                    // END SOLUTION
                }
            }
            """, visible: "var c = Counter(); c.bump(); XCTAssertEqual(c.count, 1)",
        hidden: "var c = Counter(); c.bump(); c.bump(); XCTAssertEqual(c.count, 2)")

    static func lesson(id: String, order: Int, exercise: String, visible: String, hidden: String) -> String {
        let fence = "```"
        return """
            ---
            id: \(id)
            title: \(id.capitalized)
            order: \(order)
            objectives:
              - Pass the hidden test.
            ---

            # \(id.capitalized)

            \(fence)swift exercise id=\(id)-exercise points=2 title="The exercise"
            \(exercise)
            \(fence)

            \(fence)swift test exercise=\(id)-exercise
            func testVisible() {
                \(visible)
            }
            \(fence)

            \(fence)swift hidden-test exercise=\(id)-exercise
            func testHidden() {
                \(hidden)
            }
            \(fence)

            """
    }

    override func setUpWithError() throws {
        root = try TestSupport.course(["01-shapes.md": Self.box, "02-inlined.md": Self.inlinable, "03-counting.md": Self.counter], test: self)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
    }

    /// A submission holding `code` as the one exercise file of `module`.
    private func grade(_ module: String, file: String, _ code: String) throws -> GradeReport {
        let folder = try TestSupport.temporaryFolder(self).appendingPathComponent("student")
        let url = folder.appendingPathComponent("exercises/Sources/\(module)/\(file)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try code.write(to: url, atomically: true, encoding: .utf8)
        return try GradeAction(workspace: workspace, submission: folder, output: { _ in }).perform()
    }

    func testOnlyLessonsWithAResilientAPIArePrebuilt() throws {
        let grader = try Grader(bundle: workspace.graderBundle, compiler: SwiftCompiler(), workDirectory: root, sandbox: nil)
        var prebuilt: [String: Bool] = [:]
        let cache = root.appendingPathComponent("cache")
        let harness = try HarnessModule.cached(compiler: grader.compiler, in: cache)
        for lesson in grader.manifest.lessons {
            let artifacts = try LessonArtifacts.prepare(
                lesson, bundle: workspace.graderBundle, compiler: grader.compiler, engine: nil, harness: harness,
                cacheDirectory: cache)
            prebuilt[lesson.id] = artifacts.testsObject != nil
        }
        XCTAssertEqual(prebuilt, ["shapes": true, "inlined": false, "counting": false])
    }

    func testAStudentLayoutUnlikeTheReferencesGradesOnItsOwnCode() throws {
        let padded = """
            public struct Box {
                public var label = "a string that makes the layout differ from the reference"
                public var history: [Double] = [1, 2, 3]
                public var width: Double
                public init(width: Double) { self.width = width }
                public func area() -> Double { \0 }
            }
            """
        let right = try grade("Shapes", file: "ShapesExercise.swift", padded.replacingOccurrences(of: "\0", with: "width * width"))
        XCTAssertEqual(right.lessons.map(\.score), [2], right.text())
        let wrong = try grade("Shapes", file: "ShapesExercise.swift", padded.replacingOccurrences(of: "\0", with: "width * 2"))
        XCTAssertEqual(wrong.lessons.map(\.score), [0], wrong.text())
    }

    func testTheReferencesInlinableCodeNeverRunsForTheStudent() throws {
        let wrong = try grade("Inlined", file: "InlinedExercise.swift", "@inlinable public func twice(_ x: Int) -> Int { 3 * x }\n")
        XCTAssertEqual(wrong.lessons.map(\.score), [0], wrong.text())
        let right = try grade("Inlined", file: "InlinedExercise.swift", "public func twice(_ x: Int) -> Int { x + x }\n")
        XCTAssertEqual(right.lessons.map(\.score), [2], right.text())
    }

    func testAnInternalTypeWithAnotherLayoutTakesTheSlowPathAndPasses() throws {
        let code = """
            struct Counter {
                var log: [String] = ["padding"]
                var count = 0
                mutating func bump() { count += 1; log.append("bump") }
            }
            """
        let report = try grade("Counting", file: "CountingExercise.swift", code)
        XCTAssertEqual(report.lessons.map(\.score), [2], report.text())
    }
}
