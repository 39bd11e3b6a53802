@testable import CourseAuthoring
@testable import CourseKit
import Foundation
import ResidualEngine
import XCTest

/// Every fixture in `Fixtures/malformed` ends with `<!-- expect: LINE:COL id -->` lines: the
/// errors the parser must report, all in one run, and no others.
final class MalformedLessonTests: XCTestCase {
    func testEveryFixtureReportsExactlyItsExpectedErrors() throws {
        let folder = TestSupport.fixtures.appendingPathComponent("malformed")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 8)
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let expected = text.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("<!-- expect: "), line.hasSuffix(" -->") else { return nil }
                return String(line.dropFirst("<!-- expect: ".count).dropLast(" -->".count))
            }
            XCTAssertFalse(expected.isEmpty, "\(name) states no expectation")
            let (_, diagnostics) = TestSupport.parse(text, file: "lessons/\(name)")
            let found = diagnostics.filter { $0.severity == .error }.map { "\($0.location) \($0.id)" }
            XCTAssertEqual(found.sorted(), expected.sorted(), name)
            for diagnostic in diagnostics {
                XCTAssertEqual(diagnostic.file, "lessons/\(name)")
                XCTAssertTrue(diagnostic.description.hasPrefix("lessons/\(name):\(diagnostic.location.line):\(diagnostic.location.column): "))
            }
        }
    }

    func testWriterQuotesTheLineAndPointsAtTheColumn() {
        let text = "---\nid: x\ntitle: X\norder: 1\nobjectives: [a]\n---\n\n```swift exersice id=a\n```\n"
        let (_, diagnostics) = TestSupport.parse(text, file: "lessons/x.md")
        let printed = DiagnosticWriter(sources: ["lessons/x.md": text]).format(diagnostics)
        XCTAssertEqual(
            printed,
            """
            lessons/x.md:8:10: error: unknown block role 'exersice'; did you mean 'exercise'? (roles: exercise, test, hidden-test, benchmark, example, support, figure) [course.block.unknownRole]
                ```swift exersice id=a
                         ^
            1 error, 0 warnings

            """)
    }

    func testAValidLessonHasNoDiagnostics() throws {
        let text = NewLessonAction.template(id: "a-lesson", title: "A \"quoted\" lesson", order: 3)
        let (lesson, diagnostics) = TestSupport.parse(text)
        XCTAssertEqual(diagnostics, [])
        let parsed = try XCTUnwrap(lesson)
        XCTAssertEqual(
            parsed.meta,
            LessonMeta(
                id: "a-lesson", title: "A \"quoted\" lesson", order: 3,
                objectives: ["Say in one sentence what a student can do after this lesson."],
                summary: nil, module: nil))
        XCTAssertEqual(parsed.moduleName, "ALesson")
        XCTAssertEqual(parsed.exercises.map(\.id), ["residual-step"])
        XCTAssertEqual(parsed.tests.map(\.hidden), [false, true])
        XCTAssertEqual(parsed.tests[1].testNames.map(\.name), ["testAddsTheBranch"])
    }

    func testCrashFreeOnGarbage() {
        // Arbitrary bytes, fences and markers in odd places: a lesson or errors, never a crash, and
        // every diagnostic points into the text. Seeded, so a failure can be replayed.
        var rng = SeededGenerator(seed: 20261202)  // the engine's SplitMix64: the same garbage on every run
        let pieces = [
            "---\n", "```swift exercise id=a points=1\n", "```\n", "// BEGIN SOLUTION\n", "// END SOLUTION\n",
            "$$", "$", "`", "\\", "id: a\n", "```swift hidden-test exercise=a\n", "func testA() {}\n", "\t", "\u{E000}", "é"
        ]
        var withErrors = 0
        for round in 0..<500 {
            let text = (0..<Int.random(in: 0...40, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let (lesson, diagnostics) = TestSupport.parse(text)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            let errors = diagnostics.filter { $0.severity == .error }
            XCTAssertTrue(lesson != nil || !errors.isEmpty, "round \(round): no lesson and no error for \(text.debugDescription)")
            for diagnostic in diagnostics {
                XCTAssertTrue(
                    (1...max(lines, 1)).contains(diagnostic.location.line) && diagnostic.location.column >= 1,
                    "round \(round): \(diagnostic) is outside the \(lines) lines of \(text.debugDescription)")
                XCTAssertFalse(diagnostic.message.isEmpty)
            }
            if !errors.isEmpty { withErrors += 1 }
        }
        XCTAssertGreaterThan(withErrors, 400, "garbage is mostly reported as such")
    }
}

extension MalformedLessonTests {
    func testReservedModuleNamesAreRejected() throws {
        let text = NewLessonAction.template(id: "foundation", title: "Foundation", order: 1)
        let root = try TestSupport.course(["01-foundation.md": text], test: self)
        let result = try CourseLoader(root: root).load()
        XCTAssertEqual(result.diagnostics.map { "\($0.location) \($0.id)" }, ["2:1 course.lesson.reservedModule"])

        // The module `course check` links every test runner with.
        let harness = NewLessonAction.template(id: "harness", title: "Harness", order: 1)
            .replacingOccurrences(of: "order: 1\n", with: "order: 1\nmodule: CourseHarness\n")
        let clash = try CourseLoader(root: try TestSupport.course(["01-harness.md": harness], test: self)).load()
        XCTAssertEqual(clash.diagnostics.map(\.id), ["course.lesson.reservedModule"])
    }

    /// A `refuse` entry must be one a compiled module's symbols can show: declared by the support
    /// library, neither `@inlinable` nor a stored property (both are compiled into the client).
    func testRefusalsThatWouldRefuseNothingAreReported() throws {
        let lesson = NewLessonAction.template(id: "refusing", title: "Refusing", order: 1)
            .replacingOccurrences(
                of: "order: 1\n",
                with: "order: 1\nrefuse: [DenseLayer.backward, DenseLayer.backwards, Matrix.rows, Matrix.withUnsafeBufferPointer, Matrix.values]\n")
        let root = try TestSupport.course(["01-refusing.md": lesson], test: self)
        try FileManager.default.copyItem(
            at: TestSupport.repositoryRoot.appendingPathComponent("Sources/ResidualEngine"),
            to: root.appendingPathComponent("Sources/ResidualEngine"))
        let reported = try CourseLoader(root: root).load().diagnostics.filter { $0.id == "course.lesson.refuseUnenforceable" }
        XCTAssertEqual(reported.map(\.location), Array(repeating: SourceLocation(line: 5, column: 1), count: 3))
        let messages = reported.map(\.message)
        XCTAssertTrue(messages[0].contains("'DenseLayer.backwards', which the support library (Sources/ResidualEngine) does not declare"), "\(messages)")
        XCTAssertTrue(messages[1].contains("'Matrix.rows', which the support library declares @inlinable, as a stored property"), "\(messages)")
        XCTAssertTrue(messages[2].contains("'Matrix.withUnsafeBufferPointer', which the support library declares @inlinable"), "\(messages)")
    }

    func testProseOnlyLessonsGetNoTarget() throws {
        let prose = "---\nid: intro\ntitle: Intro\norder: 0\nobjectives: [Read.]\n---\n\n# Intro\n\nNo code here.\n"
        let coded = NewLessonAction.template(id: "coded", title: "Coded", order: 1)
        let root = try TestSupport.course(["00-intro.md": prose, "01-coded.md": coded], test: self)
        let result = try CourseLoader(root: root).load()
        XCTAssertEqual(result.diagnostics, [])
        let tree = ExercisePackageWriter(course: result.course).tree()
        XCTAssertFalse(tree.files.keys.contains { $0.contains("Intro") }, "\(tree.files.keys.sorted())")
        XCTAssertFalse(tree["Package.swift"]!.contains("Intro"))
        XCTAssertTrue(tree["Package.swift"]!.contains(".target(name: \"Coded\")"))
    }
}
