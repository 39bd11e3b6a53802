@testable import CourseAuthoring
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// `course check` must catch a broken solution, a stub that passes every test, and a leak.
final class CourseCheckTests: XCTestCase {
    /// The scaffold with its objective written, as an author would before checking.
    static let template = NewLessonAction.template(id: "checked", title: "Checked", order: 1)
        .replacingOccurrences(of: ScaffoldPlaceholderCheck.placeholderObjective, with: "Write one residual step.")

    private func check(_ lesson: String, editExercises: ((URL) throws -> Void)? = nil) throws -> CourseChecker.Report {
        let root = try TestSupport.course(["01-checked.md": lesson], test: self)
        let workspace = Workspace(root: root)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
        try editExercises?(workspace.exercises)
        let course = try workspace.loadCourse(report: { XCTFail($0) })
        return try CourseChecker(course: course, compiler: try SwiftCompiler(), workDirectory: workspace.checkFolder)
            .run(exercisesFolder: workspace.exercises)
    }

    func testTheScaffoldsPlaceholderObjectiveIsRefusedBeforeAnythingCompiles() throws {
        let scaffold = NewLessonAction.template(id: "checked", title: "Checked", order: 1)
        let root = try TestSupport.course(["01-checked.md": scaffold], test: self)
        var output = ""
        XCTAssertThrowsError(try CheckAction(workspace: Workspace(root: root), output: { output += $0 }).perform())
        XCTAssertTrue(
            output.hasPrefix(
                """
                lessons/01-checked.md:6:5: error: this objective is the placeholder of 'course new lesson'; say what a student can do after the lesson [course.lesson.placeholder]
                      - Say in one sentence what a student can do after this lesson.
                        ^

                """), output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: Workspace(root: root).checkFolder.path), "nothing was compiled")
    }

    func testTheScaffoldPasses() throws {
        let report = try check(Self.template)
        XCTAssertTrue(report.passed, report.summary())
        XCTAssertEqual(report.lessons[0].referenceVerdicts.map(\.status), [.passed, .passed])
        // Against the stub, fatalError crashes each test: caught as a failure, per test.
        XCTAssertEqual(report.lessons[0].stubVerdicts.map(\.status), [.crashed, .crashed])
        XCTAssertTrue(report.lessons[0].stubVerdicts[0].messages.joined().contains("signal"))
    }

    func testRunnersLinkTheHarnessCompiledOnceInsteadOfCompilingItsSource() throws {
        let root = try TestSupport.course(["01-checked.md": Self.template], test: self)
        let workspace = Workspace(root: root)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
        let compiler = try SwiftCompiler()
        let report = try CourseChecker(course: try workspace.loadCourse(report: { XCTFail($0) }), compiler: compiler, workDirectory: workspace.checkFolder)
            .run(exercisesFolder: workspace.exercises)
        XCTAssertTrue(report.passed, report.summary())
        for runner in ["reference/tests-witness", "reference/tests-blind", "stub/tests-blind"] {
            let folder = workspace.checkFolder.appendingPathComponent("checked/\(runner)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(HarnessModule.importFile.name).path), runner)
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent(HarnessSource.fileName).path), runner)
        }
        let harness = try HarnessModule.cached(compiler: compiler, in: workspace.engineCache)
        XCTAssertEqual(harness.name, "CourseHarness")
        for built in ["libCourseHarness.a", "CourseHarness.swiftmodule"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: harness.folder.appendingPathComponent(built).path), built)
        }
    }

    func testAPassedLessonIsNotCompiledAgainUntilItChanges() throws {
        // Its own exercise id too: two lessons' `ResidualStep.swift` would be a warning.
        let second = Self.template.replacingOccurrences(of: "id: checked", with: "id: other")
            .replacingOccurrences(of: "order: 1", with: "order: 2").replacingOccurrences(of: "residual-step", with: "other-step")
        let root = try TestSupport.course(["01-checked.md": Self.template, "02-other.md": second], test: self)
        let workspace = Workspace(root: root)
        func check(recheck: Bool = false) throws -> (report: CourseChecker.Report, lines: [String]) {
            try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
            var checker = CourseChecker(
                course: try workspace.loadCourse(report: { XCTFail($0) }), compiler: try SwiftCompiler(),
                workDirectory: workspace.checkFolder)
            checker.reusesPassedLessons = !recheck
            var lines: [String] = []
            checker.progress = { lines.append($0) }
            return (try checker.run(exercisesFolder: workspace.exercises), lines)
        }
        // Lessons are checked side by side, so their lines come in any order.
        let reused = { (lines: [String]) in lines.filter { $0.contains("unchanged since it last passed") }.map { String($0.prefix { $0 != ":" }) }.sorted() }
        let first = try check()
        XCTAssertTrue(first.report.passed)
        XCTAssertEqual(reused(first.lines), [])
        XCTAssertEqual(reused(try check().lines), ["lessons/01-checked.md", "lessons/02-other.md"])

        // Prose added (lines moved) needs no compile; a code edit checks that lesson again; a
        // broken solution is found, and is not remembered.
        let lesson = root.appendingPathComponent("lessons/02-other.md")
        let moved = second.replacingOccurrences(of: "\n# Checked\n", with: "\nProse before the title.\n\n# Checked\n") + "\nMore prose.\n"
        XCTAssertNotEqual(moved.split(separator: "\n").count, second.split(separator: "\n").count + 1)
        try moved.write(to: lesson, atomically: true, encoding: .utf8)
        XCTAssertEqual(reused(try check().lines), ["lessons/01-checked.md", "lessons/02-other.md"])
        try moved.replacingOccurrences(of: "return x.map { $0 + f($0) }", with: "return x.map { f($0) + $0 }")
            .write(to: lesson, atomically: true, encoding: .utf8)
        XCTAssertEqual(reused(try check().lines), ["lessons/01-checked.md"], "the solution changed")
        try second.replacingOccurrences(of: "return x.map { $0 + f($0) }", with: "return x").write(to: lesson, atomically: true, encoding: .utf8)
        XCTAssertFalse(try check().report.passed)
        XCTAssertFalse(try check().report.passed, "a failed lesson is checked again every time")
        XCTAssertEqual(reused(try check(recheck: true).lines), [], "--recheck compiles everything")
    }

    func testBrokenSolutionFailsWithTheLessonLine() throws {
        let broken = Self.template.replacingOccurrences(of: "return x.map { $0 + f($0) }", with: "return x.map { $0 - f($0) }")
        let report = try check(broken)
        XCTAssertFalse(report.passed)
        let failure = try XCTUnwrap(report.lessons[0].referenceFailures.first)
        XCTAssertEqual(failure.name, "ResidualStepHiddenTests/testAddsTheBranch")
        XCTAssertEqual(failure.status, .failed)
        let line =
            Self.template.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("XCTAssertEqual(residualStep([1, -2]") }! + 1
        XCTAssertTrue(failure.messages[0].hasPrefix("lessons/01-checked.md:\(line): XCTAssertEqual failed"), failure.messages[0])
        XCTAssertTrue(report.summary().contains("FAIL  lessons/01-checked.md"))
    }

    func testReferenceThatStopsIsReportedAtTheLessonPath() throws {
        let broken = Self.template.replacingOccurrences(of: "return x.map { $0 + f($0) }", with: "fatalError(\"left unfinished\")")
        let report = try check(broken)
        let failure = try XCTUnwrap(report.lessons[0].referenceFailures.first)
        XCTAssertEqual(failure.status, .crashed)
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("left unfinished") }! + 1
        let said = failure.messages.joined(separator: "\n")
        XCTAssertTrue(said.contains("left unfinished") && said.contains("lessons/01-checked.md:\(line)"), said)
        XCTAssertFalse(said.contains("Checked/01-checked.md"), "the file id is written as the lesson's path: \(said)")
    }

    func testSolutionThatDoesNotCompileIsReportedAtTheLessonLine() throws {
        let broken = Self.template.replacingOccurrences(of: "return x.map { $0 + f($0) }", with: "return x.map { $0 + g($0) }")
        let report = try check(broken)
        let output = try XCTUnwrap(report.lessons[0].referenceCompileError)
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("g($0)") }! + 1
        XCTAssertTrue(output.contains("lessons/01-checked.md:\(line):"), output)
        XCTAssertTrue(output.hasPrefix("lessons/01-checked.md:\(line):"), "the error comes first, no library-evolution warnings before it:\n\(output)")
        XCTAssertTrue(report.summary().contains("the reference solution does not compile:"), report.summary())
        XCTAssertNil(report.lessons[0].stubCompileError, "the stub does not contain the broken line")
    }

    func testATestThatDoesNotCompileIsNotCalledABrokenSolution() throws {
        // XCTest has no `accuracy:` form for arrays.
        let lesson = Self.template.replacingOccurrences(
            of: "```swift hidden-test exercise=residual-step\n",
            with: "```swift hidden-test exercise=residual-step\nfunc testArrays() { XCTAssertEqual(residualStep([1], { $0 }), [2.0], accuracy: 1e-9) }\n")
        XCTAssertNotEqual(lesson, Self.template)
        let report = try check(lesson)
        XCTAssertNotNil(report.lessons[0].referenceCompileError, report.summary())
        XCTAssertTrue(report.summary().contains("the lesson's tests do not compile against the reference solution:"), report.summary())
        XCTAssertFalse(report.summary().contains("the reference solution does not compile"), report.summary())
    }

    func testLibraryEvolutionWarningsAreDroppedAndOtherDiagnosticsKept() {
        let output = """
            reference/Step.swift:1:8: warning: module 'Foundation' was not compiled with library evolution support; using it means binary compatibility for 'Checked' can't be guaranteed
            import Foundation
                   ^
            internal\u{20}
            <unknown>:0: warning: module 'XSupport' was not compiled with library evolution support; using it means binary compatibility for 'X' can't be guaranteed
            <unknown>:0: warning: module 'XSupport' was not compiled with library evolution support; using it means binary compatibility for 'X' can't be guaranteed
            lessons/01-x.md:12:5: error: cannot find 'g' in scope
                return g(x)
                       ^
            lessons/01-x.md:3:1: note: did you mean 'f'?
            """
        XCTAssertEqual(
            SwiftCompiler.droppingLibraryEvolutionWarnings(output),
            "lessons/01-x.md:12:5: error: cannot find 'g' in scope\n    return g(x)\n           ^\nlessons/01-x.md:3:1: note: did you mean 'f'?")
    }

    /// An exercise block that uses the support library without importing it is named, and the
    /// type checker's slowness over the names it could not resolve is not passed on as advice
    /// (a new author read "split it into smaller statements" for a missing import).
    func testAMissingImportIsNamedAndSlowTypeChecksBesideErrorsAreNotReported() throws {
        // The scaffold's front matter takes the lesson's first seven lines, so the fence is line 9.
        let text =
            NewLessonAction.frontMatter(id: "x", title: "X", order: 1) + "\n" + """
                ```swift exercise id=fold points=1
                public func fold(_ layer: DenseLayer) -> DenseLayer {
                    // BEGIN SOLUTION
                    return layer
                    // END SOLUTION
                }
                ```

                ```swift exercise id=grow points=1
                import ResidualEngine

                public func grow(_ m: Matrix) -> Matrix {
                    // BEGIN SOLUTION
                    return m
                    // END SOLUTION
                }
                ```

                """
        let lesson = try XCTUnwrap(TestSupport.parse(text, file: "lessons/01-x.md").0)
        let output = """
            lessons/01-x.md:10:25: error: cannot find type 'DenseLayer' in scope
            lessons/01-x.md:12:5: warning: expression took 3905ms to type-check (limit: 500ms)
            lessons/01-x.md:21:24: error: cannot find type 'Matrix2' in scope
            """
        let note = LessonBuilder.missingImportNote(output, lesson: lesson, library: "ResidualEngine")
        XCTAssertTrue(note.contains("exercise 'fold' does not import ResidualEngine"), note)
        XCTAssertFalse(note.contains("'grow'"), "grow imports the library")
        XCTAssertEqual(LessonBuilder.missingImportNote("lessons/01-x.md:21:24: error: cannot find type 'Matrix2' in scope", lesson: lesson, library: "ResidualEngine"), "")
        XCTAssertEqual(LessonBuilder.Build(runner: nil, tests: [], compilerOutput: output, failedStep: "module").slowExpressions, [])
        XCTAssertEqual(
            LessonBuilder.Build(runner: nil, tests: [], compilerOutput: "lessons/01-x.md:12:5: warning: expression took 3905ms to type-check (limit: 500ms)", failedStep: nil)
                .slowExpressions.count, 1)
    }

    /// The support code is a module compiled before the exercises: code in it that calls an
    /// exercise does not compile. `course generate` refuses it when the lesson is read (the
    /// student package would not build), and where a name the support code also declares
    /// elsewhere hides the use from that reading, `course check` says why the compiler failed.
    func testSupportCodeThatUsesAnExerciseIsRefusedOrExplained() throws {
        let calling =
            Self.template + """

                ```swift support
                public func twoSteps(_ x: [Double]) -> [Double] { residualStep(residualStep(x, { $0 }), { $0 }) }
                ```

                """
        let root = try TestSupport.course(["01-checked.md": calling], test: self)
        var errors = ""
        XCTAssertThrowsError(
            try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }, errorOutput: { errors += $0 }).perform())
        XCTAssertTrue(errors.contains("error: the support code uses 'residualStep', which exercise 'residual-step' declares"), errors)
        XCTAssertTrue(errors.contains("[course.support.usesExercise]"), errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: Workspace(root: root).exercises.path), "no student package that cannot build")

        let shadowed = calling.replacingOccurrences(
            of: "```swift support\npublic func twoSteps",
            with: "```swift support\npublic func scale(_ residualStep: Double) -> Double { 2 * residualStep }\npublic func twoSteps")
        XCTAssertNotEqual(shadowed, calling)
        let report = try check(shadowed)
        XCTAssertFalse(report.passed)
        let summary = report.summary()
        XCTAssertTrue(summary.contains("cannot find 'residualStep' in scope"), summary)
        XCTAssertTrue(summary.contains("compiled before the exercises, so it cannot use 'residualStep', which an exercise declares"), summary)
    }

    func testSlowToTypeCheckExpressionIsAWarningAtTheLessonLine() throws {
        // One chain of overloaded operators that takes the type checker seconds (lesson 3 had a
        // longer one: 14 s here; this one about 3 s, six times the limit).
        let slow = Self.template.replacingOccurrences(
            of: "    return x.map { $0 + f($0) }\n",
            with: """
                    let n = 3.0, kk = 1.0, gain = 0.5
                    let logShare = lgamma(n + 1) - lgamma(kk + 1) - lgamma(n - kk + 1) + kk * log(gain)
                    _ = logShare
                    return x.map { $0 + f($0) }

                """)
        let report = try check(slow)
        XCTAssertTrue(report.passed, "a warning does not fail the check")
        let line = slow.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("let logShare") }! + 1
        XCTAssertEqual(report.lessons[0].slowExpressions.count, 1, report.summary())
        XCTAssertTrue(report.lessons[0].slowExpressions[0].hasPrefix("lessons/01-checked.md:\(line):"), report.summary())
        XCTAssertTrue(report.summary().contains("split it into smaller statements"))
        XCTAssertTrue(try check(Self.template).lessons[0].slowExpressions.isEmpty)
    }

    func testCheckingOneLessonCountsEveryLessonsVisibleCodeAsVisible() throws {
        // The other lesson's support code repeats this lesson's solution line: students rightly see
        // it in exercises/, so checking this lesson alone must not call it a leak.
        let fence = "```"
        let other =
            NewLessonAction.template(id: "other", title: "Other", order: 2) + """

                \(fence)swift support
                func sameBodyInSupportCode(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
                    return x.map { $0 + f($0) }
                }
                \(fence)

                """
        let root = try TestSupport.course(["01-checked.md": Self.template, "02-other.md": other], test: self)
        let workspace = Workspace(root: root)
        try GenerateAction(workspace: workspace, checkOnly: false, output: { _ in }).perform()
        var output = ""
        let passed = try CheckAction(workspace: workspace, lessonIDs: ["checked"], output: { output += $0 }, errorOutput: { output += $0 }).perform()
        XCTAssertTrue(passed, output)
        XCTAssertTrue(output.contains("leaks: none"), output)
        XCTAssertFalse(output.contains("lessons/02-other.md: reference"), "only the chosen lesson is compiled")

        // exercises/ out of date with the lessons (a new lesson missing from it, say): what was
        // checked is not what students get, and the leak scan read the old files.
        try FileManager.default.removeItem(at: workspace.exercises.appendingPathComponent("Package.swift"))
        output = ""
        XCTAssertFalse(try CheckAction(workspace: workspace, lessonIDs: ["checked"], output: { output += $0 }, errorOutput: { output += $0 }).perform())
        XCTAssertTrue(output.contains("course check: FAIL: exercises/ is out of date with the lessons; run `course generate`"), output)
    }

    func testStubThatPassesEveryTestIsCaught() throws {
        let lazy = Self.template.replacingOccurrences(
            of: "    return x.map { $0 + f($0) }\n",
            with: "    // STUB: return x.map { $0 + f($0) }\n    return x.map { $0 + f($0) }\n")
        let report = try check(lazy)
        XCTAssertFalse(report.passed)
        XCTAssertEqual(report.lessons[0].undetectedStubs, ["residual-step"])
        let summary = report.summary()
        let fence = lazy.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("```swift exercise id=residual-step") }! + 1
        XCTAssertTrue(
            summary.contains("lessons/01-checked.md:\(fence):1: error: every test of exercise 'residual-step' passes against its stub: if the stub does the work"),
            "at the exercise's fence: \(summary)")
        XCTAssertTrue(summary.contains("[course.exercise.stubPassesEveryTest]\n"), "as diagnostics print, with its id: \(summary)")
    }

    /// A hidden test whose assertions never run checks nothing, and so passes on the stub too:
    /// both are said at its line, as diagnostics are, with their ids.
    func testAHiddenTestThatAssertsNothingIsCaughtAtItsLine() throws {
        let empty = Self.template.replacingOccurrences(
            of: "```swift hidden-test exercise=residual-step\n",
            with: "```swift hidden-test exercise=residual-step\nfunc testNothing() {\n    for _ in 0..<0 { XCTAssertTrue(false) }\n}\n\n")
        XCTAssertNotEqual(empty, Self.template)
        let report = try check(empty)
        XCTAssertFalse(report.passed)
        let line = empty.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "func testNothing() {" }! + 1
        let summary = report.summary()
        XCTAssertTrue(
            summary.contains("lessons/01-checked.md:\(line):1: error: ResidualStepHiddenTests/testNothing checks nothing: no XCTAssert ran"), summary)
        XCTAssertTrue(summary.contains("[course.test.checksNothing]\n"), summary)
        XCTAssertTrue(summary.contains("testNothing passes against the untouched stub"), summary)
        XCTAssertTrue(summary.contains("[course.test.passesOnStub]\n"), summary)
    }

    func testLeakedHiddenLineIsFound() throws {
        let report = try check(Self.template) { exercises in
            let file = exercises.appendingPathComponent("Sources/Checked/ResidualStep.swift")
            let text = try String(contentsOf: file, encoding: .utf8)
            try (text + "\n// XCTAssertEqual(residualStep([1, -2], { 2 * $0 }), [3, -6])\n").write(to: file, atomically: true, encoding: .utf8)
        }
        XCTAssertFalse(report.passed)
        XCTAssertEqual(report.leaks.count, 1)
        let leak = try XCTUnwrap(report.leaks.first)
        XCTAssertTrue(leak.description.hasPrefix("exercises/Sources/Checked/ResidualStep.swift:"), leak.description)
        XCTAssertTrue(leak.message.contains("hidden test of residual-step"))
    }

    /// Support code the grader's admission refuses passes every test here, and would score every
    /// student 0; a solution importing Dispatch without `allow: [threads]` likewise.
    func testAReferenceTheGraderWouldRefuseFailsTheCheck() throws {
        let forking = Self.template
            .replacingOccurrences(of: "/// Returns x + f(x), elementwise.\n", with: "import Glibc\n\n/// Returns x + f(x), elementwise.\n")
            .replacingOccurrences(of: "    return x.map { $0 + f($0) }\n", with: "    if x.isEmpty { _ = fork() }\n    return x.map { $0 + f($0) }\n")
        let report = try check(forking)
        let lesson = try XCTUnwrap(report.lessons.first)
        XCTAssertFalse(lesson.passed, report.summary())
        XCTAssertEqual(lesson.referenceFailures.count, 0, "the reference passes its tests: \(report.summary())")
        XCTAssertEqual(lesson.referenceRefusals.count, 1, report.summary())
        XCTAssertTrue(lesson.referenceRefusals[0].contains("uses `fork` (system calls and C library)"), report.summary())
        XCTAssertTrue(report.summary().contains("the grader would refuse the reference solution as a submission"), report.summary())

        let threaded = Self.template.replacingOccurrences(of: "/// Returns x + f(x), elementwise.\n", with: "import Dispatch\n\n/// Returns x + f(x), elementwise.\n")
        let line = threaded.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "import Dispatch" }! + 1
        let refused = try XCTUnwrap(check(threaded).lessons.first)
        XCTAssertEqual(refused.referenceRefusals.count, 1, "\(refused.referenceRefusals)")
        XCTAssertTrue(refused.referenceRefusals.first?.hasPrefix("lessons/01-checked.md:\(line):8: `Dispatch` may not be imported") == true, "\(refused.referenceRefusals)")
    }

    func testABenchmarkThatIgnoresItsSeedIsReportedAtItsBlockNotAsATest() throws {
        let lesson =
            Self.template + """

                ```swift benchmark exercise=residual-step threshold=2 repetitions=3
                let x = [Double](repeating: 0.5, count: 1000)
                // TIMED
                blackHole(residualStep(x, { 2 * $0 }))
                ```

                """
        let fence = lesson.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("```swift benchmark") }! + 1
        let report = try check(lesson)
        let checked = try XCTUnwrap(report.lessons.first)
        XCTAssertFalse(checked.passed)
        XCTAssertEqual(checked.referenceFailures.map(\.name), [], "the benchmark is not one of the lesson's tests")
        XCTAssertEqual(checked.benchmarkProblems.count, 1, "\(checked.benchmarkProblems)")
        XCTAssertTrue(
            checked.benchmarkProblems[0].hasPrefix("lessons/01-checked.md:\(fence):1: benchmark residual-step: its result is the same for two seeds"),
            checked.benchmarkProblems[0])
        XCTAssertTrue(report.summary().contains(checked.benchmarkProblems[0]), report.summary())
        XCTAssertEqual(checked.blindFailures.map(\.name), [], "said once, at the block, not again as a test the grader cannot judge")
        XCTAssertTrue(checked.benchmarkProblems[0].contains("([1.5, 1.5, "), "the result it gave both times: \(checked.benchmarkProblems[0])")
    }
}

extension CourseCheckTests {
    /// A link to no lesson or heading is reported by `course check` too, before anything compiles:
    /// it compiles fine, and an author who runs only check published it (a new author's report).
    func testABrokenLinkFailsTheCheckAtItsLine() throws {
        let text = Self.template + "\nSee [the next lesson](02-none.md).\n"
        let root = try TestSupport.course(["01-checked.md": text], test: self)
        let outcome = try TestSupport.runCourse(["check"], in: root)
        XCTAssertEqual(outcome.status, 1, outcome.output)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("See [the next lesson]") }! + 1
        XCTAssertTrue(outcome.output.contains("lessons/01-checked.md:\(line):"), outcome.output)
        XCTAssertTrue(outcome.output.contains("[course.link.broken]"), outcome.output)
    }
}

extension CourseCheckTests {
    /// A stub that calls another exercise's function fails only while that one is a stub too: a
    /// student who solves the first exercise would get the second for free. Checked with the
    /// other exercises solved, it is reported; a stub that does no work is not.
    func testAStubThatIsASolutionOnceTheOtherExercisesAreSolvedIsCaught() throws {
        func lesson(secondStub: String) -> String {
            """
            ---
            id: checked
            title: Checked
            order: 1
            objectives:
              - Double a step.
            ---

            ```swift exercise id=step points=1
            public func step(_ x: Int) -> Int {
                // BEGIN SOLUTION
                return x + 1
                // END SOLUTION
            }
            ```

            ```swift test exercise=step
            func testStep() { XCTAssertEqual(step(1), 2) }
            ```

            ```swift hidden-test exercise=step
            func testStepOfZero() { XCTAssertEqual(step(0), 1) }
            ```

            ```swift exercise id=two-steps points=1
            public func twoSteps(_ x: Int) -> Int {
                // BEGIN SOLUTION
                // STUB: \(secondStub)
                return step(step(x))
                // END SOLUTION
            }
            ```

            ```swift test exercise=two-steps
            func testTwoSteps() { XCTAssertEqual(twoSteps(1), 3) }
            ```

            ```swift hidden-test exercise=two-steps
            func testTwoStepsOfZero() { XCTAssertEqual(twoSteps(0), 2) }
            ```

            """
        }
        let solved = try check(lesson(secondStub: "return step(step(x))"))
        let report = try XCTUnwrap(solved.lessons.first)
        XCTAssertEqual(report.undetectedStubs, [], "together with the other stubs it fails")
        XCTAssertEqual(report.stubsPassingWithTheOthersSolved, ["two-steps"])
        XCTAssertFalse(solved.passed)
        XCTAssertTrue(solved.summary().contains("the stub of exercise 'two-steps' passes all its tests once the other exercises are solved"), solved.summary())
        XCTAssertTrue(solved.summary().contains("[course.exercise.stubIsASolution]\n"), solved.summary())
        let honest = try check(lesson(secondStub: "return step(x)"))
        XCTAssertEqual(honest.lessons.first?.stubsPassingWithTheOthersSolved, [])
        XCTAssertTrue(honest.passed, honest.summary())
    }
}

extension CourseCheckTests {
    /// A refused call in the reference says what the author can do: the opt-in for its category,
    /// and why `String(format:)` counts as pointers (a new author used none, and was puzzled).
    func testRefusedCallsTellTheAuthorHowToAllowThem() {
        let threads = "uses `Dispatch.DispatchQueue.async(execute: () -> ()) -> ()` (threads), which lesson code may not call"
        XCTAssertTrue(ReferenceAdmissionCheck.authorHint(for: threads).contains("`allow: [threads]` in the front matter"))
        let format = "uses `(extension in Foundation):Swift.String.init(format: Swift.String, _: Swift.CVarArg...) -> Swift.String` (pointers), which lesson code may not call"
        XCTAssertTrue(ReferenceAdmissionCheck.authorHint(for: format).contains("format with string interpolation"))
        XCTAssertEqual(ReferenceAdmissionCheck.authorHint(for: "uses `x` (an API outside the allowed list), which lesson code may not call"), "")
    }
}
