@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// Expected values written as the lesson's own values, graded: a support struct's value leaves the
/// runner and is compared by its stored parts, which no `==` or `description` a submission adds can
/// bend; a support enum whose case has a default argument made by the exercise stays the code's,
/// so a wrong default still fails.
final class LessonValueGradingTests: XCTestCase {
    static let lesson = """
        ---
        id: spans
        title: Spans
        order: 1
        objectives:
          - Build spans and limits.
        ---

        ```swift support
        public struct Span: Equatable { public var start: Int; public var end: Int }
        ```

        ```swift exercise id=span points=2
        public func span(from start: Int, length: Int) -> Span {
            // BEGIN SOLUTION
            return Span(start: start, end: start + length)
            // END SOLUTION
        }
        ```

        ```swift exercise id=limits points=2
        // Declared with the exercise: its default runs the exercise's code, which the support code
        // (a module compiled before the exercises) cannot call.
        public enum Limit: Equatable { case none; case timeout(seconds: Int = defaultTimeout(), retries: Int) }

        public func defaultTimeout() -> Int {
            // BEGIN SOLUTION
            return 30
            // END SOLUTION
        }

        public func classify(elapsed: Int) -> Limit {
            // BEGIN SOLUTION
            return elapsed >= 30 ? .timeout(retries: 0) : .none
            // END SOLUTION
        }
        ```

        ```swift test exercise=span
        func testEmpty() { XCTAssertEqual(span(from: 1, length: 0), Span(start: 1, end: 1)) }
        ```

        ```swift test exercise=limits
        func testQuick() { XCTAssertEqual(classify(elapsed: 1), .none) }
        ```

        ```swift hidden-test exercise=span
        func testFourFromSeven() { XCTAssertEqual(span(from: 7, length: 4), Span(start: 7, end: 11)) }
        ```

        ```swift hidden-test exercise=limits
        func testSlowIsATimeoutWithTheDefaultSeconds() { XCTAssertEqual(classify(elapsed: 31), .timeout(retries: 0)) }
        ```

        """

    static let correctSpan = "public func span(from start: Int, length: Int) -> Span { Span(start: start, end: start + length) }\n"
    static let correctLimits = """
        public enum Limit: Equatable { case none; case timeout(seconds: Int = defaultTimeout(), retries: Int) }
        public func defaultTimeout() -> Int { 30 }
        public func classify(elapsed: Int) -> Limit { elapsed >= 30 ? .timeout(retries: 0) : .none }

        """

    func testValuesLeaveTheRunnerAndNoAddedEqualityOrDefaultEarnsPoints() throws {
        let root = try TestSupport.course(["01-spans.md": Self.lesson], test: self)
        let workspace = Workspace(root: root)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
        let blind = try String(
            contentsOf: root.appendingPathComponent(".build/course/grader/lessons/spans/tests/HiddenTests.swift"), encoding: .utf8)
        XCTAssertFalse(blind.contains("end: 11"), "the expected Span is hidden:\n\(blind)")
        XCTAssertTrue(blind.contains(".timeout(retries: 0)"), "a case whose default runs the exercise's code stays:\n\(blind)")

        func scores(span: String, limits: String) throws -> [String: Double] {
            let submission = try TestSupport.submission(module: "Spans", ["Span.swift": span, "Limits.swift": limits], test: self)
            let report = try TestSupport.gradeTests(submission, root: root, lessons: [])
            let exercises = try XCTUnwrap(report.lessons.first?.exercises)
            return Dictionary(uniqueKeysWithValues: exercises.map { ($0.id, $0.score) })
        }
        XCTAssertEqual(try scores(span: Self.correctSpan, limits: Self.correctLimits), ["span": 2, "limits": 2])
        // A wrong span whose `==` always holds, and a default five seconds short.
        let alwaysEqual = """
            public func span(from start: Int, length: Int) -> Span { Span(start: start, end: start) }
            extension Span { public static func == (a: Span, b: Span) -> Bool { true } }

            """
        let shortDefault = Self.correctLimits.replacingOccurrences(of: "{ 30 }", with: "{ 25 }")
        XCTAssertEqual(try scores(span: alwaysEqual, limits: shortDefault), ["span": 0, "limits": 0])
        // Right answers with descriptions of their own: the cases and parts still compare.
        let described =
            Self.correctSpan + """
                extension Span: CustomStringConvertible { public var description: String { "a span" } }
                extension Limit: CustomStringConvertible { public var description: String { "a limit" } }

                """
        XCTAssertEqual(try scores(span: described, limits: Self.correctLimits), ["span": 2, "limits": 2])
    }
}
