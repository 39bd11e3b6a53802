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
