@testable import CourseAuthoring
@testable import CourseToolchain
import Foundation
import XCTest

/// `course check --mutants` on `Fixtures/mutants`: a weak test lets a known mutant survive, at
/// the lesson's line and column, and a stronger test kills it.
final class MutationTesterTests: XCTestCase {
    static let lessonText = try! String(
        contentsOf: TestSupport.fixtures.appendingPathComponent("mutants/01-clamped-growth.md"),
        encoding: .utf8)

    private func analyse(_ text: String) throws -> MutationReport {
        let root = try TestSupport.course(["01-clamped-growth.md": text], test: self)
        let workspace = Workspace(root: root)
        let course = try workspace.loadCourse(report: { XCTFail($0) })
        var tester = MutationTester(
            course: course, compiler: try SwiftCompiler(),
            workDirectory: workspace.checkFolder.appendingPathComponent("mutants"))
        tester.progress = { _ in }
        return try tester.run()
    }

    func testAWeakTestLetsTheBoundaryMutantSurviveAndAStrongerOneKillsIt() throws {
        let weak = try analyse(Self.lessonText)
        let lesson = try XCTUnwrap(weak.lessons.first)
        XCTAssertNil(lesson.error)
        // The literal 0 of `if x < 0`, in the lesson file.
        let lines = Self.lessonText.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try XCTUnwrap(lines.firstIndex { $0.contains("if x < 0") }) + 1
        let column = try XCTUnwrap(lines[line - 1].range(of: "0 {")).lowerBound.utf16Offset(in: lines[line - 1]) + 1
        let survivors = lesson.outcomes.filter { $0.status == .survived && $0.mutant.kind.isScored }.map(\.warning)
        XCTAssertEqual(survivors, ["lessons/01-clamped-growth.md:\(line):\(column): warning: mutant survived: '0' → '1' (exercise clamped-step)"])
        XCTAssertTrue(weak.text().contains(survivors[0] + "\n"), weak.text())
        XCTAssertEqual(lesson.exercises.map(\.equivalent), [1], "the marked 'x < 0' → 'x <= 0' is not counted")
        XCTAssertLessThan(lesson.exercises[0].percent, 100)
        XCTAssertFalse(weak.passed)

        let strong =
            Self.lessonText + """

                ```swift hidden-test exercise=clamped-step
                func testGrowsAStateBelowOne() {
                    XCTAssertEqual(clampedStep(0.5, h: 1), 1)
                }
                ```

                """
        let report = try analyse(strong)
        let scores = try XCTUnwrap(report.lessons.first?.exercises.first)
        XCTAssertEqual(scores.percent, 100)
        XCTAssertEqual(scores.survived, 0)
        XCTAssertGreaterThan(scores.killed, 5)
        XCTAssertTrue(report.passed, report.text())
        XCTAssertTrue(report.text().contains("100.0 %"), report.text())
        let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any]
        let exercises = (json?["lessons"] as? [[String: Any]])?.first?["exercises"] as? [[String: Any]]
        XCTAssertEqual(exercises?.first?["percent"] as? Double, 100)
    }

    /// Grading runs the hidden tests only, so only they kill: with the growth check left to the
    /// visible test, the mutants of `x + h * x` survive although that test would catch them.
    func testOnlyHiddenTestsKill() throws {
        let visibleOnly = Self.lessonText.replacingOccurrences(
            of: "\nfunc testGrowsTwo() {\n    XCTAssertEqual(clampedStep(2, h: 0.5), 3)\n}\n", with: "")
        XCTAssertNotEqual(visibleOnly, Self.lessonText)
        let lesson = try XCTUnwrap(try analyse(visibleOnly).lessons.first)
        let survivors = lesson.outcomes.filter { $0.status == .survived }.map(\.mutant.change)
        XCTAssertTrue(survivors.contains("'x + h * x' → '0'"), "\(survivors)")
        XCTAssertFalse(lesson.outcomes.contains { $0.killedBy?.hasPrefix("ClampedStepTests/") ?? false }, "a visible test killed a mutant")
    }

    func testTheCommandPrintsSurvivorsAndFailsBelowTheGoal() throws {
        let root = try TestSupport.course(["01-clamped-growth.md": Self.lessonText], test: self)
        let outcome = try TestSupport.runCourse(["check", "--mutants", "--lesson", "clamped-growth"], in: root)
        XCTAssertEqual(outcome.status, 1, outcome.output)
        XCTAssertTrue(outcome.output.contains("warning: mutant survived: '0' → '1' (exercise clamped-step)"), outcome.output)
        XCTAssertTrue(outcome.output.contains("goal not met"), outcome.output)
    }

    /// A mark with an error stops the command before anything compiles, quoted at its line as
    /// every authoring mistake is (it came after the runs, under "goal not met").
    func testAMarkWithoutAReasonStopsTheRunBeforeItCompiles() throws {
        let text = Self.lessonText.replacingOccurrences(
            of: "// mutant-equivalent: 'x < 0' → 'x <= 0': at 0 both return 0", with: "// mutant-equivalent: 'x < 0' → 'x <= 0'")
        XCTAssertNotEqual(text, Self.lessonText)
        let root = try TestSupport.course(["01-clamped-growth.md": text], test: self)
        let outcome = try TestSupport.runCourse(["check", "--mutants"], in: root)
        XCTAssertNotEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.output.contains("[course.mutants.equivalentWithoutReason]"), outcome.output)
        XCTAssertTrue(outcome.output.contains("    if x < 0 { return 0 }  // mutant-equivalent"), "the line is quoted:\n\(outcome.output)")
        XCTAssertFalse(outcome.output.contains("mutants,"), "nothing ran:\n\(outcome.output)")
        XCTAssertFalse(outcome.output.contains("goal not met"), outcome.output)
    }

    /// An ill-typed mutant (`/` on a type that has only `*`) makes the compiler give up on its
    /// whole statement ("unable to type-check this expression in reasonable time"); the
    /// statement's valid mutants, inside a closure here, are tried again without it and run (a new
    /// author's closure lost 17 of them, and the score counted none).
    func testAnIllTypedMutantDoesNotTakeItsStatementsValidMutantsWithIt() throws {
        let text = Self.lessonText
            .replacingOccurrences(
                of: "```swift exercise id=clamped-step points=1",
                with: """
                    ```swift support
                    public struct Field: Equatable {
                        public var v: [Double]
                        public init(_ v: [Double]) { self.v = v }
                        public func map(_ f: (Double) -> Double) -> Field { Field(v.map(f)) }
                        public static func * (s: Double, f: Field) -> Field { Field(f.v.map { s * $0 }) }
                        public static func + (a: Field, b: Field) -> Field { Field(zip(a.v, b.v).map { $0 + $1 }) }
                    }
                    ```

                    ```swift exercise id=sign-step points=1
                    /// x + ε·sign(g), entry by entry.
                    public func signStep(_ x: Field, _ g: Field, epsilon: Double) -> Field {
                        // BEGIN SOLUTION
                        return x + epsilon * g.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
                        // END SOLUTION
                    }
                    ```

                    ```swift test exercise=sign-step
                    func testAPositiveGradient() {
                        XCTAssertEqual(signStep(Field([1]), Field([2]), epsilon: 0.5), Field([1.5]))
                    }
                    ```

                    ```swift hidden-test exercise=sign-step
                    func testSigns() {
                        XCTAssertEqual(signStep(Field([1, 1, 1]), Field([2, 0, -3]), epsilon: 0.5), Field([1.5, 1, 0.5]))
                    }
                    ```

                    ```swift exercise id=clamped-step points=1
                    """)
        let lesson = try XCTUnwrap(try analyse(text).lessons.first)
        XCTAssertNil(lesson.error)
        let outcomes = lesson.outcomes.filter { $0.mutant.exercise == "sign-step" }
        let stillborn = outcomes.filter { $0.status == .notCompiled }.map(\.mutant.change)
        XCTAssertTrue(stillborn.contains { $0.contains("' → 'epsilon / g.map") }, "\(stillborn)")
        XCTAssertFalse(stillborn.contains { $0.hasPrefix("'$0 ") || $0.hasPrefix("'0'") || $0.hasPrefix("'1'") }, "the closure's mutants ran: \(stillborn)")
        XCTAssertEqual(outcomes.first { $0.mutant.change == "'$0 > 0' → '$0 >= 0'" }?.status, .killed)
        XCTAssertGreaterThan(outcomes.filter { $0.status == .killed }.count, 8)
    }

    /// A score over the few mutants that compiled says little: the report names each mutant left
    /// out, says so at the exercise, and the goal is not met (a new author read "100 %, every
    /// exercise kills ≥ 95 %" while 21 of 39 mutants never ran).
    func testAnExerciseWhoseMutantsMostlyDidNotCompileDoesNotMeetTheGoal() {
        func outcome(_ id: Int, _ status: MutationReport.Outcome.Status) -> MutationReport.Outcome {
            let mutant = Mutant(
                id: id, exercise: "x", kind: .constant, form: .expression, start: 0, end: 1, line: 1, column: 1, endLine: 1,
                original: "1", replacement: "\(id + 1)")
            return .init(mutant: mutant, change: mutant.change, file: "lessons/01.md", line: 9, column: 5, status: status, reached: true)
        }
        let mostly = MutationReport(
            lessons: [.init(file: "lessons/01.md", id: "l", outcomes: [outcome(1, .killed)] + (2...4).map { outcome($0, .notCompiled) }, exerciseIDs: ["x"], seconds: 1)],
            diagnostics: [], seconds: 1)
        XCTAssertFalse(mostly.passed)
        let text = mostly.text()
        XCTAssertTrue(text.contains("lessons/01.md:9:5: note: mutant not compiled, so not counted: '1' → '3' (exercise x)"), text)
        XCTAssertTrue(text.contains("100.0 %  1/1 killed, 3 not compiled  x: most of its mutants did not compile"), text)
        XCTAssertTrue(text.contains("goal not met"), text)
        let half = MutationReport(
            lessons: [.init(file: "lessons/01.md", id: "l", outcomes: [outcome(1, .killed), outcome(2, .killed), outcome(3, .notCompiled)], exerciseIDs: ["x"], seconds: 1)],
            diagnostics: [], seconds: 1)
        XCTAssertTrue(half.passed, half.text())
    }

    func testAMutantThatDoesNotCompileIsLeftOutAndTheRestStillRun() throws {
        // `-` on strings does not exist: the arithmetic mutant of `+` cannot compile.
        let text = Self.lessonText.replacingOccurrences(
            of: "    return x + h * x\n",
            with: """
                    let label = "x" + "y"
                    precondition(!label.isEmpty)
                    return x + h * x

                """)
        let lesson = try XCTUnwrap(try analyse(text).lessons.first)
        XCTAssertNil(lesson.error)
        let stillborn = lesson.outcomes.filter { $0.status == .notCompiled }.map(\.mutant.change)
        XCTAssertTrue(stillborn.contains("'\"x\" + \"y\"' → '\"x\" - \"y\"'"), "\(stillborn)")
        XCTAssertGreaterThan(lesson.exercises[0].killed, 5)
    }

    /// A mutant of one exercise that only another exercise's test kills is named: a student's
    /// slip there costs the other exercise, which the grader's slips rule cannot charge back when
    /// no other exercise fails.
    func testAMutantKilledOnlyByAnotherExercisesTestIsNamed() throws {
        let fence = "```"
        let text = """
            ---
            id: chained
            title: Chained
            order: 1
            objectives:
              - Build on an earlier function.
            ---

            # Chained

            \(fence)swift exercise id=doubled points=1
            func doubled(_ x: Int) -> Int {
                // BEGIN SOLUTION
                return 2 * x
                // END SOLUTION
            }
            \(fence)

            \(fence)swift test exercise=doubled
            func testZeroToo() { XCTAssertEqual(doubled(0), 0) }
            \(fence)

            \(fence)swift hidden-test exercise=doubled
            func testZero() { XCTAssertEqual(doubled(0), 0) }
            \(fence)

            \(fence)swift exercise id=quadrupled points=1
            func quadrupled(_ x: Int) -> Int {
                // BEGIN SOLUTION
                return doubled(doubled(x))
                // END SOLUTION
            }
            \(fence)

            \(fence)swift test exercise=quadrupled
            func testOne() { XCTAssertEqual(quadrupled(1), 4) }
            \(fence)

            \(fence)swift hidden-test exercise=quadrupled
            func testThree() { XCTAssertEqual(quadrupled(3), 12) }
            \(fence)

            """
        let report = try analyse(text)
        let lesson = try XCTUnwrap(report.lessons.first)
        XCTAssertNil(lesson.error)
        let elsewhere = lesson.outcomes.filter(\.killedElsewhere)
        XCTAssertFalse(elsewhere.isEmpty, report.text())
        XCTAssertTrue(elsewhere.allSatisfy { $0.mutant.exercise == "doubled" && ($0.killedBy ?? "").hasPrefix("QuadrupledHiddenTests/") }, report.text())
        XCTAssertTrue(report.text().contains("note: mutant killed only by another exercise's test, QuadrupledHiddenTests/testThree"), report.text())
        XCTAssertFalse(lesson.outcomes.contains { $0.mutant.exercise == "quadrupled" && $0.killedElsewhere }, "its own test kills quadrupled's mutants")
    }

    /// An input that only another exercise's tests pass to an exercise (euler-step's negative step,
    /// which only residual-stack's tests tried, round 33) is named: a student's step that refuses
    /// it scores full marks on its own tests and costs the other exercise's.
    func testAnInputOnlyAnotherExercisesTestsPassIsNamed() throws {
        let fence = "```"
        func lesson(stepTests: String) -> String {
            """
            ---
            id: walks
            title: Walks
            order: 1
            objectives:
              - Walk backwards with an Euler step.
            ---

            # Walks

            \(fence)swift exercise id=step points=1
            func step(_ x: Double, h: Double) -> Double {
                // BEGIN SOLUTION
                return x + h * x
                // END SOLUTION
            }
            \(fence)

            \(fence)swift test exercise=step
            func testStill() { XCTAssertEqual(step(1, h: 0), 1) }
            \(fence)

            \(fence)swift hidden-test exercise=step
            \(stepTests)
            \(fence)

            \(fence)swift exercise id=walk points=1
            func walkBack(_ x: Double, steps: Int) -> Double {
                // BEGIN SOLUTION
                var y = x
                for _ in 0..<steps { y = step(y, h: -0.5) }
                return y
                // END SOLUTION
            }
            \(fence)

            \(fence)swift test exercise=walk
            func testNoStep() { XCTAssertEqual(walkBack(8, steps: 0), 8) }
            \(fence)

            \(fence)swift hidden-test exercise=walk
            func testThreeSteps() { XCTAssertEqual(walkBack(8, steps: 3), 1) }
            \(fence)

            """
        }
        let positiveOnly = try analyse(lesson(stepTests: "func testForward() { XCTAssertEqual(step(1, h: 0.5), 1.5) }"))
        let warning = "warning: exercise step's hidden tests never pass a negative number as h, but another exercise's test does (WalkHiddenTests/testThreeSteps"
        XCTAssertTrue(positiveOnly.text().contains(warning), positiveOnly.text())
        XCTAssertEqual(positiveOnly.text().components(separatedBy: "hidden tests never pass").count - 1, 1, positiveOnly.text())
        let probes = try XCTUnwrap(positiveOnly.lessons.first).outcomes.filter { $0.mutant.kind == .refusedInput }
        XCTAssertFalse(probes.isEmpty)
        XCTAssertEqual(
            positiveOnly.lessons.first?.exercises.map { $0.killed + $0.survived }, positiveOnly.lessons.first?.exercises.map { $0.total - $0.notCompiled }, "probes are not counted"
        )

        let both = try analyse(
            lesson(stepTests: "func testForward() { XCTAssertEqual(step(1, h: 0.5), 1.5) }\nfunc testBack() { XCTAssertEqual(step(4, h: -0.5), 2) }"))
        XCTAssertFalse(both.text().contains("hidden tests never pass"), both.text())
    }
}
