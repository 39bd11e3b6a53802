@testable import CourseAuthoring
@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// Enum cases with one base name are reported, and `course check` builds lessons as grading does,
/// so the two never disagree on whether the reference passes.
final class OverloadedEnumCaseCheckTests: XCTestCase {
    func testSharedBaseNamesAreFoundOncePerCompiledVariant() {
        let code = """
            public enum Move: Equatable {
                case moved(to: Int)
                case stay, moved(by: Int)
                enum Inner { case a, b }
            }
            enum Platform {
                #if os(Linux)
                case native(Int)
                #else
                case native(String)
                #endif
                case other
            }
            enum Doubled {
                case one
                #if DEBUG
                case one(Int)
                #endif
            }
            enum Inner { case a, b(Int) }
            """
        XCTAssertEqual(
            OverloadedEnumCaseCheck.overloads(in: code),
            [
                .init(enumName: "Move", name: "moved", line: 3, column: 16),
                .init(enumName: "Doubled", name: "one", line: 17, column: 10)
            ],
            "cases of two clauses of one #if never meet; a nested enum's cases are its own")
        XCTAssertEqual(OverloadedEnumCaseCheck.overloads(in: "struct S { func f() {} }"), [])
    }

    static let lesson = """
        ---
        id: moves
        title: Moves
        order: 1
        objectives:
          - Say where a step goes.
        ---

        ```swift support
        public enum Move: Equatable {
            case moved(to: Int)
            case moved(by: Int)
        }
        ```

        ```swift exercise id=shift points=1
        public func shift(_ x: Int) -> Move {
            // BEGIN SOLUTION
            return .moved(by: x)
            // END SOLUTION
        }
        ```

        ```swift test exercise=shift
        func testShiftIsNotAMoveTo() { XCTAssertNotEqual(shift(5), Move.moved(to: 5)) }
        ```

        ```swift hidden-test exercise=shift
        func testShiftOfTwoIsNotAMoveTo() { XCTAssertNotEqual(shift(2), Move.moved(to: 2)) }
        ```

        """

    /// The compiler's `==` for such an enum differs with library evolution, which grading needs:
    /// whichever way the compiler goes, check and grading see the same, and check says why.
    func testCheckAndGradingAgreeOnTheReferenceAndCheckNamesTheCase() throws {
        let root = try TestSupport.course(["01-moves.md": Self.lesson], test: self)
        let workspace = Workspace(root: root)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
        var checkOutput = ""
        let passed: Bool
        do {
            passed = try CheckAction(workspace: workspace, output: { checkOutput += $0 }).perform()
        } catch CourseError.invalidLessons {
            passed = false
        }
        XCTAssertTrue(
            checkOutput.contains(
                "lessons/01-moves.md:12:10: warning: enum 'Move' has a second case named 'moved': Swift cannot match such cases apart"),
            checkOutput)
        XCTAssertTrue(checkOutput.contains("[course.code.overloadedEnumCase]"), checkOutput)

        let reference = try TestSupport.submission(
            module: "Moves", ["Shift.swift": "public func shift(_ x: Int) -> Move { .moved(by: x) }\n"], test: self)
        do {
            let report = try TestSupport.gradeTests(reference, root: root, lessons: ["moves"])
            XCTAssertTrue(passed, "grading passed the reference, so check must: \(checkOutput)")
            XCTAssertEqual(report.score, report.maxScore, report.text())
        } catch let fault as GradingFault {
            let message = fault.reason
            XCTAssertTrue(message.contains("the reference solution fails"), message)
            XCTAssertFalse(passed, "grading refused the reference (\(message)), so check must fail it: \(checkOutput)")
        }
    }
}
