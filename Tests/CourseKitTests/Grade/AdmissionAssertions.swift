@testable import HandinRules
import XCTest

/// Asserts the violations `admission` finds in one file at `path`: each `line:col` in order, and a
/// fragment of its message.
func assertAdmission(
    _ text: String, _ expected: [(String, String)], admission: SourceAdmission = .standard(usesEngine: false),
    path: String = "exercises/Sources/Lesson/Step.swift", file: StaticString = #filePath, line: UInt = #line
) {
    let violations = admission.violations(in: [path: text])
    XCTAssertEqual(violations.map { "\($0.line):\($0.column)" }, expected.map(\.0), "\(violations)", file: file, line: line)
    for (violation, (_, fragment)) in zip(violations, expected) {
        XCTAssertTrue(violation.message.contains(fragment), "\(violation) does not say \(fragment)", file: file, line: line)
    }
}
