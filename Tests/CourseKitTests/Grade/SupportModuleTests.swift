@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// A lesson's support code is a module of its own (`LessonSupportModule`): what each name in it
/// means is fixed before any submission is compiled. Compiled into the student's module, a
/// file-level `max`, an operator taking the support code's types or a member added to them
/// became what the support code called; red teams used that class of lookups seven times to
/// change what the support code measured. These tests grade with the admission rules off, so
/// the module boundary alone must hold.
final class SupportModuleTests: XCTestCase {
    private static let lesson = """
        ---
        id: tapes
        title: Tapes
        order: 1
        objectives:
          - Keep little on the tape.
        ---

        # Tapes

        ```swift support
        /// Counts what is on it, and the most it ever held.
        public final class Tape {
            public private(set) var stored = 0
            public private(set) var peak = 0
            public init() {}
            public func push(_ values: [Double]?) {
                if values == nil { return }
                stored += 1
                peak = max(peak, stored)
            }
            public func pop() { stored -= 1 }
        }
        ```

        ```swift exercise id=replay points=2 title="Replay"
        /// Pushes each of `batches` on the tape and pops it before the next: at most one at a time.
        func replay(_ batches: [[Double]], on tape: Tape) {
            // BEGIN SOLUTION
            for batch in batches {
                tape.push(batch)
                tape.pop()
            }
            // END SOLUTION
        }
        ```

        ```swift hidden-test exercise=replay
        func testKeepsOneAtATime() {
            let tape = Tape()
            replay([[1], [2], [3]], on: tape)
            XCTAssertEqual(tape.peak, 1)
        }
        ```

        """

    /// Pushes every batch and never pops (peak 3), then redirects two of the support code's
    /// names; each alone made the tape report a peak of 1 when the support code was compiled into
    /// the student's module: a file-level `max`, and an operator that makes `values == nil` true
    /// for every batch after the first.
    private static let redirecting = """
        func max(_ a: Int, _ b: Int) -> Int { 1 }

        struct Slot: ExpressibleByNilLiteral {
            init(nilLiteral: ()) {}
            static func == (lhs: [Double]?, rhs: Slot) -> Bool { (lhs?.first ?? 0) > 1 }
        }

        func replay(_ batches: [[Double]], on tape: Tape) {
            for batch in batches { tape.push(batch) }
        }

        """

    private func grade(_ code: String, admitting: Bool = false) throws -> GradeReport {
        let root = try TestSupport.course(["01-tapes.md": Self.lesson], test: self)
        let workspace = Workspace(root: root)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
        let student = try TestSupport.temporaryFolder(self).appendingPathComponent("student")
        let file = student.appendingPathComponent("exercises/Sources/Tapes/Replay.swift")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try code.write(to: file, atomically: true, encoding: .utf8)
        var action = GradeAction(workspace: workspace, submission: student, output: { _ in })
        action.admitsSubmissions = admitting  // off: the boundary between modules, not the rules, is under test
        return try action.perform()
    }

    func testNamesInTheSupportCodeCannotBeRedirectedByTheSubmission() throws {
        let report = try grade(Self.redirecting)
        XCTAssertNil(report.lessons.first?.compileErrors)
        let item = try XCTUnwrap(report.lessons.first?.exercises.first?.items.first)
        XCTAssertEqual(item.status, .failed, "the support code's own max and == counted 3 batches: \(item.messages)")
        XCTAssertEqual(report.score, 0)
    }

    func testTheSupportCodeIsAModuleOfItsOwnInTheStudentPackageToo() throws {
        let root = try TestSupport.course(["01-tapes.md": Self.lesson], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        let exercises = root.appendingPathComponent("exercises")
        let support = try String(contentsOf: exercises.appendingPathComponent("Sources/TapesSupport/Support.swift"), encoding: .utf8)
        XCTAssertTrue(support.contains("public final class Tape"), support)
        let reexport = try String(contentsOf: exercises.appendingPathComponent("Sources/Tapes/Support.swift"), encoding: .utf8)
        XCTAssertTrue(reexport.contains("@_exported import TapesSupport"), reexport)
        XCTAssertFalse(reexport.contains("class Tape"), reexport)
        let manifest = try String(contentsOf: exercises.appendingPathComponent("Package.swift"), encoding: .utf8)
        XCTAssertTrue(manifest.contains(#".target(name: "TapesSupport", swiftSettings: [.unsafeFlags(["-enable-testing"])]),"#), manifest)
        XCTAssertTrue(
            manifest.contains(#".target(name: "Tapes", dependencies: ["TapesSupport"], swiftSettings: supportImport("TapesSupport")),"#), manifest)
    }

    /// Object-rule refusals name the place in the student's file (symbols carry no line).
    func testARefusalByTheCompiledModuleNamesItsLine() throws {
        let listing = """
            import Foundation

            func replay(_ batches: [[Double]], on tape: Tape) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: "/")) ?? []
                for batch in batches where !names.isEmpty { tape.push(batch); tape.pop() }
            }

            """
        let report = try grade(listing, admitting: true)
        XCTAssertEqual(report.score, 0)
        let errors = try XCTUnwrap(report.lessons.first?.compileErrors)
        XCTAssertTrue(errors.contains("exercises/Sources/Tapes/Replay.swift:4:35: uses `"), errors)
    }

    /// An editor may write the import the lesson's module already re-exports: admitted, and
    /// graded like the same file without it.
    func testAnExplicitImportOfTheSupportModuleIsAdmitted() throws {
        let honest = "import TapesSupport\n\nfunc replay(_ batches: [[Double]], on tape: Tape) { for batch in batches { tape.push(batch); tape.pop() } }\n"
        let report = try grade(honest, admitting: true)
        XCTAssertNil(report.lessons.first?.compileErrors)
        XCTAssertEqual(report.score, 2)
    }

    func testAnHonestSubmissionPasses() throws {
        let honest = "func replay(_ batches: [[Double]], on tape: Tape) { for batch in batches { tape.push(batch); tape.pop() } }\n"
        let report = try grade(honest)
        XCTAssertEqual(report.score, 2, "\(report.lessons.first?.exercises.first?.items.first?.messages ?? [])")
    }
}
