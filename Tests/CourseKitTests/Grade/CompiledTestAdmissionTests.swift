@testable import CourseGrading
@testable import CourseKit
import CourseToolchain
@testable import HandinRules
import XCTest

/// Hidden tests compiled against a submission (its API differs from the stub's, so the prebuilt
/// tests do not link) may use it only through names the reference declares: a student's own
/// `Array` subscript or `tanh` would otherwise be what the tests call.
final class CompiledTestAdmissionTests: XCTestCase {
    let admission = CompiledTestAdmission(module: "Graded", referenceSymbols: ["$s6Graded4PairVMa", "$s6Graded4PairV5swapACyF"])

    func testOnlyTheReferencesOwnSymbolsOfTheModuleAreAdmitted() {
        for symbol in ["$s6Graded4PairVMa", "$s6Graded4PairV5swapACyF", "$sSa5countSivg", "swift_retain"] {
            XCTAssertNil(admission.violation(symbol), SwiftSymbolName.demangled(symbol))
        }
        let refused = [
            "$sSa6GradedSdRszlEySdSicig",  // (extension in Graded):Swift.Array<Double>.subscript.getter
            "$s6Graded4tanhyS2dF",  // Graded.tanh(Double) -> Double
            "$s6Graded4PairV5swap5twiceACSb_tF",  // an overload of the reference's member
            "$s6Graded0a4Step"  // not readable: it names the module, so it is refused
        ]
        for symbol in refused { XCTAssertNotNil(admission.violation(symbol), SwiftSymbolName.demangled(symbol)) }
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
        let correct = try grade(Self.correct)
        XCTAssertEqual(correct.score, correct.maxScore, "the stub's own signature grades through the prebuilt tests: \(correct.text())")
        // A defaulted parameter the stub does not have: the prebuilt tests do not link, and tests
        // compiled against this code would call a declaration the reference does not have.
        let changed = try grade("func residualStep(_ x: [Double], _ f: (Double) -> Double, _ scale: Double = 1) -> [Double] { x.map { $0 + scale * f($0) } }\n")
        XCTAssertEqual(changed.score, 0, changed.text())
        XCTAssertTrue(changed.text().contains("keep the stub's names, parameters and types"), changed.text())

        let forged = try grade(
            """
            func residualStep(_ x: [Double], _ f: (Double) -> Double, _ unused: Int = 0) -> [Double] { x }
            extension Array where Element == Double {
                subscript(i: Int) -> Double { 0 }
            }

            """)
        // The parse refuses the subscript first now (no member on a type the files do not
        // declare); the compiled tests' own check is `testOnlyTheReferencesOwnSymbolsOfTheModuleAreAdmitted`.
        XCTAssertEqual(forged.score, 0, forged.text())
        XCTAssertTrue(forged.text().contains("`subscript` may not be added to `Array`"), forged.text())
    }

    static let correct = "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] { x.map { $0 + f($0) } }\n"
}
