@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// What a student reads when a hidden test fails in the ways instructors write them: an error
/// thrown out of a `throws` test, a `guard … else { XCTFail(…) }`, an enum case compared in an
/// error handler. Each names what the student's code did and nothing the reference knows.
final class FailureFeedbackTests: XCTestCase {
    static let lesson = """
        ---
        id: parsing
        title: Parsing
        order: 1
        objectives:
          - Read a token.
        ---

        ```swift support
        public enum TokenError: Error, Equatable { case empty; case unknown(token: String) }
        ```

        ```swift exercise id=token points=4
        public func token(_ s: String) throws -> Int {
            // BEGIN SOLUTION
            switch s.lowercased() {
            case "": throw TokenError.empty
            case "p": return 1
            case "r": return 2
            default: throw TokenError.unknown(token: s)
            }
            // END SOLUTION
        }
        ```

        ```swift test exercise=token
        func testP() throws { XCTAssertEqual(try token("p"), 1) }
        ```

        ```swift hidden-test exercise=token
        func testCaseDoesNotMatter() throws {
            let value = try token("R")
            XCTAssertEqual(value, 2)
        }

        func testBothTokens() {
            let values = (try? ["p", "R"].map(token)) ?? []
            guard values.count == 2 else { XCTFail("two tokens give two values"); return }
            XCTAssertEqual(values, [1, 2])
        }

        func testUnknownTokenIsNamed() {
            XCTAssertThrowsError(try token("q")) { error in XCTAssertEqual(error as? TokenError, .unknown(token: "q")) }
        }

        func testNothingIsEmpty() {
            XCTAssertThrowsError(try token("")) { error in XCTAssertEqual(error as? TokenError, .empty) }
        }
        ```

        """

    func testEachFailureSaysWhatTheCodeDidAndHidesTheExpected() throws {
        let root = try TestSupport.course(["01-parsing.md": Self.lesson], test: self)
        let workspace = Workspace(root: root)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
        let blind = try String(
            contentsOf: root.appendingPathComponent(".build/course/grader/lessons/parsing/tests/HiddenTests.swift"), encoding: .utf8)
        XCTAssertFalse(blind.contains(".unknown(token: \"q\")"), "the expected case is hidden:\n\(blind)")
        XCTAssertFalse(blind.contains("two tokens give two values"), "messages are hidden")

        // Case-sensitive, and the unknown token upper-cased; the support enum given a description of
        // its own, which must not change how its cases compare.
        let code = """
            extension TokenError: CustomStringConvertible {
                public var description: String { "a token error" }
            }

            public func token(_ s: String) throws -> Int {
                switch s {
                case "": throw TokenError.empty
                case "p": return 1
                case "r": return 2
                default: throw TokenError.unknown(token: s.uppercased())
                }
            }

            """
        let submission = try TestSupport.submission(module: "Parsing", ["Token.swift": code], test: self)
        let report = try TestSupport.gradeTests(submission, root: root, lessons: [])
        let items = try XCTUnwrap(report.lessons.first?.exercises.first?.items)
        func messages(_ test: String) throws -> String {
            let item = try XCTUnwrap(items.first { $0.name.hasSuffix(test) }, "\(items.map(\.name))")
            XCTAssertEqual(item.status, .failed, test)
            return item.messages.joined(separator: "\n")
        }
        let thrown = try messages("testCaseDoesNotMatter")
        XCTAssertTrue(thrown.contains("stopped with an error"), thrown)
        XCTAssertTrue(thrown.contains(#"threw error "a token error""#), "the error the code threw is named, as it describes itself:\n\(thrown)")
        XCTAssertEqual(
            try messages("testBothTokens"), "the test reached an XCTFail that it never reaches with the reference solution (check 1)")
        XCTAssertEqual(items.first { $0.name.hasSuffix("testNothingIsEmpty") }?.status, .passed, "\(items)")
        let handler = try messages("testUnknownTokenIsNamed")
        XCTAssertTrue(handler.contains(#""Q""#), "the student's own value is shown:\n\(handler)")
        XCTAssertTrue(handler.contains(#""unknown(token:)""#), "a case is named with its payload's labels:\n\(handler)")
        XCTAssertFalse(handler.contains(#""q""#), "the expected value is not (feedback: messages):\n\(handler)")
    }
}

extension FailureFeedbackTests {
    /// Expected values the blind form cannot hide (a support type with an `init` of its own, a
    /// table's tuples) stay in the runner, but a failed check shows only where the student's
    /// value differs from the reference's run: a red team read lesson 5's `Cost(…)` tables from
    /// the messages of checks it failed on purpose.
    func testExpectedValuesTheBlindFormKeepsAreNotShown() throws {
        let lesson = """
            ---
            id: costs
            title: Costs
            order: 1
            objectives:
              - Count a layer's parameters.
            ---

            ```swift support
            public struct Cost: Equatable {
                public var parameters: Int
                public var macs: Int
                public init(parameters: Int, macs: Int) { self.parameters = parameters; self.macs = macs }
            }
            ```

            ```swift exercise id=cost points=2
            public func cost(inputs: Int, outputs: Int, side: Int) -> Cost {
                // BEGIN SOLUTION
                let parameters = inputs * outputs + outputs
                return Cost(parameters: parameters, macs: inputs * outputs * side * side)
                // END SOLUTION
            }
            ```

            ```swift hidden-test exercise=cost
            func testOneLayer() {
                XCTAssertEqual(cost(inputs: 584, outputs: 584, side: 7), Cost(parameters: 341_640, macs: 16_711_744))
            }

            func testATable() {
                for (inputs, expected) in [(96, Cost(parameters: 9_312, macs: 451_584))] {
                    let got = cost(inputs: inputs, outputs: 96, side: 7)
                    XCTAssertEqual([got.parameters, got.macs], [expected.parameters, expected.macs])
                }
            }
            ```

            """
        let root = try TestSupport.course(["01-costs.md": lesson], test: self)
        let wrong =
            "public func cost(inputs: Int, outputs: Int, side: Int) -> Cost {\n    Cost(parameters: inputs * outputs + outputs + 1, macs: inputs * outputs * side * side)\n}\n"
        let submission = try TestSupport.submission(module: "Costs", ["Cost.swift": wrong], test: self)
        let report = try TestSupport.gradeTests(submission, root: root, lessons: [])
        let items = try XCTUnwrap(report.lessons.first?.exercises.first?.items)
        XCTAssertEqual(items.map(\.status), [.failed, .failed], "\(items)")
        let messages = items.flatMap(\.messages).joined(separator: "\n")
        for expected in ["341640", "16711744", "9312", "451584"] {
            XCTAssertFalse(messages.contains(expected), "\(expected) is the reference's:\n\(messages)")
        }
        XCTAssertTrue(messages.contains("341641") && messages.contains("9313"), "the student's own wrong values show:\n\(messages)")
    }
}
