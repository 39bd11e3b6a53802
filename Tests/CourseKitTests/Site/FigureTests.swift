import Foundation
import XCTest
@testable import CourseAuthoring
@testable import CourseKit

/// Figures are drawn at build time from the lesson's code, cached, and errors point at the lesson.
final class FigureTests: XCTestCase {
    func testFigureIsDrawnCachedAndErrorsPointAtTheLesson() throws {
        let figure = """

            ```swift figure id=steps title="Residual steps"
            var plot = SVGPlot(title: "Steps", xLabel: "x", yLabel: "y")
            plot.add(.init("x + 2x", x: [1, 2, 3], y: residualStep([1, 2, 3], { 2 * $0 })))
            return plot
            ```

            See [the figure](#figure-steps).

            """
        let lesson = NewLessonAction.template(id: "drawn", title: "Drawn", order: 1) + figure
        let root = try TestSupport.course(["01-drawn.md": lesson], test: self)
        try FileManager.default.copyItem(
            at: TestSupport.repositoryRoot.appendingPathComponent("Sources/ResidualEngine"),
            to: root.appendingPathComponent("Sources/ResidualEngine"))
        let first = try TestSupport.runCourse(["build"], in: root)
        XCTAssertEqual(first.status, 0, first.output)
        XCTAssertTrue(first.output.contains("drew 1 figure"), first.output)
        let page = try String(contentsOf: root.appendingPathComponent(".build/site/drawn.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("<figure id=\"figure-steps\">\n<svg"), page)
        XCTAssertTrue(page.contains(">x + 2x</text>"))
        XCTAssertTrue(page.contains("<figcaption>Residual steps</figcaption>"))

        let second = try TestSupport.runCourse(["build"], in: root)
        XCTAssertEqual(second.status, 0)
        XCTAssertFalse(second.output.contains("drew"), "an unchanged figure is taken from the cache")

        // Prose added above the figure and the exercise moves their lines, not what they draw.
        let moved = lesson.replacingOccurrences(of: "# Drawn\n", with: "# Drawn\n\nA new paragraph.\n\nAnd another one.\n")
        XCTAssertNotEqual(moved, lesson)
        try moved.write(to: root.appendingPathComponent("lessons/01-drawn.md"), atomically: true, encoding: .utf8)
        let third = try TestSupport.runCourse(["build"], in: root)
        XCTAssertEqual(third.status, 0, third.output)
        XCTAssertFalse(third.output.contains("drew"), "a prose edit does not redraw: \(third.output)")

        let broken = lesson.replacingOccurrences(of: "return plot", with: "return plott")
        try broken.write(to: root.appendingPathComponent("lessons/01-drawn.md"), atomically: true, encoding: .utf8)
        let failed = try TestSupport.runCourse(["build"], in: root)
        XCTAssertEqual(failed.status, 1)
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "return plott" }! + 1
        XCTAssertTrue(failed.output.contains("lessons/01-drawn.md:\(line):"), failed.output)
        // A figure that throws is told how to handle it (its code runs in a function that does not throw).
        let throwing = lesson.replacingOccurrences(of: "return plot\n", with: "_ = try JSONSerialization.data(withJSONObject: [1])\nreturn plot\n")
        try throwing.write(to: root.appendingPathComponent("lessons/01-drawn.md"), atomically: true, encoding: .utf8)
        let thrown = try TestSupport.runCourse(["build"], in: root)
        XCTAssertEqual(thrown.status, 1)
        XCTAssertTrue(thrown.output.contains("a figure's code may not throw: handle the error inside it"), thrown.output)

        // A failed precondition (in an optimized build) and a fatalError say what and where, at the lesson's line.
        // A trap in the standard library names no lesson line: the figure is named by its id.
        let fence = lesson.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("```swift figure id=steps") }! + 1
        let trapping = lesson.replacingOccurrences(of: "return plot\n", with: "let empty: [Int] = []\n_ = empty[3]\nreturn plot\n")
        try trapping.write(to: root.appendingPathComponent("lessons/01-drawn.md"), atomically: true, encoding: .utf8)
        let trapped = try TestSupport.runCourse(["build"], in: root)
        XCTAssertEqual(trapped.status, 1, trapped.output)
        XCTAssertTrue(trapped.output.contains("drawing figure 'steps' (its block starts at lessons/01-drawn.md:\(fence)) failed:"), trapped.output)
        XCTAssertTrue(trapped.output.contains("Index out of range"), trapped.output)
        XCTAssertFalse(trapped.output.contains(FigureRenderer.startMarker), trapped.output)

        for (statement, said) in [
            ("precondition(plot.series.isEmpty, \"plot must start empty\")", "Precondition failed: plot must start empty"),
            ("fatalError(\"no data for this figure\")", "Fatal error: no data for this figure")
        ] {
            let stopping = lesson.replacingOccurrences(of: "return plot\n", with: "\(statement)\nreturn plot\n")
            try stopping.write(to: root.appendingPathComponent("lessons/01-drawn.md"), atomically: true, encoding: .utf8)
            let stopped = try TestSupport.runCourse(["build"], in: root)
            XCTAssertEqual(stopped.status, 1, stopped.output)
            let at = stopping.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == statement }! + 1
            XCTAssertTrue(stopped.output.contains("drawing figure 'steps' (its block starts at lessons/01-drawn.md:\(fence)) failed:"), stopped.output)
            XCTAssertTrue(stopped.output.contains(said), stopped.output)
            XCTAssertTrue(stopped.output.contains("lessons/01-drawn.md:\(at)"), "the lesson's line \(at): \(stopped.output)")
            XCTAssertFalse(stopped.output.contains("Drawn/01-drawn.md") || stopped.output.contains("Figures/01-drawn.md"), stopped.output)
        }
    }
}
