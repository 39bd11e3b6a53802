@testable import CourseGrading
@testable import CourseKit
import CourseToolchain
@testable import HandinRules
import XCTest

/// Hidden tests compiled against a submission (its API differs from the stub's, so the prebuilt
/// tests do not link) may use it only through names the reference declares: a student's own
/// `Array` subscript or `tanh` would otherwise be what the tests call.
final class CompiledTestAdmissionTests: XCTestCase {
    let admission = CompiledTestAdmission(module: "Graded", topLevelNames: ["residualStep", "Pair"], extendedModules: ["ResidualEngine"])

    func testOnlyNamesTheReferenceDeclaresAreAdmitted() {
        let admitted = [
            "Graded.residualStep(_: [Swift.Double], _: (Swift.Double) -> Swift.Double, _: Swift.Int) -> [Swift.Double]",
            "default argument 2 of Graded.residualStep(_: [Swift.Double], _: (Swift.Double) -> Swift.Double, _: Swift.Int) -> [Swift.Double]",
            "type metadata accessor for Graded.Pair",
            "protocol conformance descriptor for Graded.Pair : Swift.Equatable in Graded",
            "(extension in Graded):ResidualEngine.Matrix.frobeniusNorm() -> Swift.Double",
            "Swift.Array.subscript.getter : (Swift.Int) -> A",
            "XCTest.XCTAssertEqual<A where A: Swift.Equatable>(A, A) -> ()"
        ]
        for name in admitted { XCTAssertNil(admission.violation(name), name) }
        let refused = [
            "(extension in Graded):Swift.Array<A where A == Swift.Double>.subscript.getter : (Swift.Int) -> Swift.Double",
            "(extension in Graded):Swift.Double.magnitude.getter : Swift.Double",
            "Graded.tanh(Swift.Double) -> Swift.Double",
            "protocol conformance descriptor for Swift.Double : Graded.Approximately in Graded",
            "$s6Graded0a4Step"  // not demangled: it names the module, so it is refused
        ]
        for name in refused { XCTAssertNotNil(admission.violation(name), name) }
    }

    func testATestCompiledAgainstTheSubmissionCannotCallItsArraySubscript() throws {
        // Both operands come from the student's code: `y[i]` and `x[i] + 2 * x[i]` read through
        // whatever subscript the tests were compiled to call.
        let lesson = NewLessonAction.template(id: "graded", title: "Graded", order: 1)
            .replacingOccurrences(
                of: "XCTAssertEqual(residualStep([1, -2], { 2 * $0 }), [3, -6])",
                with: "let x: [Double] = [1, -2, 0.5]\n    let y = residualStep(x, { 2 * $0 })\n    for i in x.indices { XCTAssertEqual(y[i], x[i] + 2 * x[i]) }")
        let root = try TestSupport.course(["01-graded.md": lesson], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        let file = root.appendingPathComponent("student/exercises/Sources/Graded/ResidualStep.swift")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        func grade(_ code: String) throws -> GradeReport {
            try code.write(to: file, atomically: true, encoding: .utf8)
            return try TestSupport.gradeTests(root.appendingPathComponent("student"), root: root, lessons: ["graded"])
        }
        // A defaulted parameter the stub does not have: the prebuilt tests do not link, the
        // tests are compiled against this code, and an honest answer still earns its points.
        let honest = try grade("func residualStep(_ x: [Double], _ f: (Double) -> Double, _ scale: Double = 1) -> [Double] { x.map { $0 + scale * f($0) } }\n")
        XCTAssertEqual(honest.score, honest.maxScore, honest.text())

        let forged = try grade(
            """
            func residualStep(_ x: [Double], _ f: (Double) -> Double, _ unused: Int = 0) -> [Double] { x }
            extension Array where Element == Double {
                subscript(i: Int) -> Double { 0 }
            }

            """)
        XCTAssertEqual(forged.score, 0, forged.text())
        XCTAssertTrue(forged.text().contains("an extension of a Swift type that the exercise does not declare"), forged.text())
    }
}
