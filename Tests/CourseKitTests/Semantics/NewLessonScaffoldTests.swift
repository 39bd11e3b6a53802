@testable import CourseAuthoring
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// `course new lesson` writes a lesson that shows every role of a code block, each with a comment
/// on what to replace. (That it passes `course check` once its objective is written is tested end
/// to end in `CommandLineTests.testNewLessonPassesCheckOnceItsObjectiveIsWritten`.)
final class NewLessonScaffoldTests: XCTestCase {
    func testTheScaffoldShowsEveryRoleAndParsesWithoutDiagnostics() throws {
        let text = NewLessonAction.scaffold(id: "skip-connections", title: "Skip \"connections\"", order: 4, figure: true)
        let (parsed, diagnostics) = TestSupport.parse(text)
        XCTAssertEqual(diagnostics.map(\.description), [])
        let lesson = try XCTUnwrap(parsed)
        XCTAssertEqual(lesson.meta.title, "Skip \"connections\"")
        XCTAssertEqual(lesson.meta.objectives, [ScaffoldPlaceholderCheck.placeholderObjective])
        XCTAssertEqual(lesson.support.count, 1)
        XCTAssertEqual(lesson.exercises.map(\.id), ["residual-steps"])
        XCTAssertEqual(lesson.exercises[0].regions.count, 2, "one region with a fatalError stub, one with a // STUB: line")
        XCTAssertTrue(lesson.exercises[0].snippet.code.contains("// STUB: return x"))
        XCTAssertEqual(lesson.tests.map(\.hidden), [false, true])
        XCTAssertEqual(lesson.tests[1].weight, 2)
        XCTAssertEqual(lesson.tests[1].testNames.map(\.name), ["testAddsTheBranch", "testStepsCompound"])
        XCTAssertEqual(lesson.benchmarks.map(\.exercise), ["residual-steps"])
        let benchmark = lesson.benchmarks[0].snippet.code
        XCTAssertTrue(benchmark.contains("benchmarkSeed") && benchmark.contains("// TIMED") && benchmark.contains("blackHole("), benchmark)
        XCTAssertEqual(lesson.figures.map(\.id), ["state-size"])
        // Every role has a comment saying what to replace, before its block.
        for role in ["support", "exercise", "test", "hidden-test", "benchmark", "figure"] {
            let fence = try XCTUnwrap(text.range(of: "```swift \(role)"), role)
            let before = text[..<fence.lowerBound].components(separatedBy: "```").last ?? ""
            XCTAssertTrue(before.contains("<!-- Replace: "), "no comment on what to replace before the \(role) block")
        }
    }

    /// The scaffold's title is in single quotes, so TeX added to it later stays valid YAML; TeX in
    /// double quotes is an error that says to use single quotes (a new author's `\gamma`).
    func testTeXInTheTitleStaysValidInSingleQuotesAndIsExplainedInDoubleQuotes() throws {
        let text = NewLessonAction.scaffold(id: "gates", title: "Gates at $\\gamma = 0$, it's", order: 1, figure: false)
        let (parsed, diagnostics) = TestSupport.parse(text)
        XCTAssertEqual(diagnostics.map(\.description), [])
        XCTAssertEqual(parsed?.meta.title, "Gates at $\\gamma = 0$, it's")
        let doubled = text.replacingOccurrences(of: "title: 'Gates at $\\gamma = 0$, it''s'", with: "title: \"Gates at $\\gamma = 0$\"")
        XCTAssertNotEqual(doubled, text)
        let (_, errors) = TestSupport.parse(doubled)
        XCTAssertTrue(errors.contains { $0.id == "course.frontMatter.yaml" && $0.message.contains("put text with TeX in single quotes") }, "\(errors)")
    }

    func testWithoutTheSupportLibraryTheFigureIsOnlyDescribed() throws {
        let text = NewLessonAction.scaffold(id: "plain", title: "Plain", order: 1, figure: false)
        let (parsed, diagnostics) = TestSupport.parse(text)
        XCTAssertEqual(diagnostics.map(\.description), [])
        XCTAssertEqual(try XCTUnwrap(parsed).figures.count, 0)
        XCTAssertTrue(text.contains("A `swift figure` block would draw an SVGPlot here"))
    }

    func testNewLessonAddsTheFigureWhenTheCourseHasTheSupportLibrary() throws {
        let root = try TestSupport.course([:], test: self)
        let plain = try NewLessonAction(workspace: Workspace(root: root), title: "Plain").perform()
        XCTAssertFalse(try String(contentsOf: root.appendingPathComponent(plain), encoding: .utf8).contains("```swift figure"))
        let engine = root.appendingPathComponent("Sources/ResidualEngine")
        try FileManager.default.createDirectory(at: engine, withIntermediateDirectories: true)
        try "public struct SVGPlot {}\n".write(to: engine.appendingPathComponent("SVGPlot.swift"), atomically: true, encoding: .utf8)
        let drawn = try NewLessonAction(workspace: Workspace(root: root), title: "Drawn").perform()
        XCTAssertEqual(drawn, "lessons/02-drawn.md")
        XCTAssertTrue(try String(contentsOf: root.appendingPathComponent(drawn), encoding: .utf8).contains("```swift figure id=state-size"))
    }
}
