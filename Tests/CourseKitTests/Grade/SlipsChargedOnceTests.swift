@testable import CourseGrading
@testable import CourseKit
import CourseToolchain
import Foundation
import HandinRules
import XCTest

/// A slip in one exercise costs that exercise only: an exercise that calls it is graded again
/// with the reference's code in its place, and passes there on its own merit; nothing of that
/// second build (its messages, which the reference's values may be in) reaches the student.
final class SlipsChargedOnceTests: XCTestCase {
    /// `doubled` is exercise 1; `quadrupled` calls it; `shifted` stands alone.
    static let lesson = """
        ---
        id: chained
        title: Chained
        order: 1
        objectives:
          - Build one function on another.
        ---

        # Chained

        ```swift exercise id=doubled points=2
        public func doubled(_ x: [Double]) -> [Double] {
            // BEGIN SOLUTION
            return x.map { 2 * $0 }
            // END SOLUTION
        }
        ```

        ```swift hidden-test exercise=doubled
        func testDoubles() { XCTAssertEqual(doubled([1, -3]), [2, -6]) }
        ```

        ```swift exercise id=quadrupled points=3
        public func quadrupled(_ x: [Double]) -> [Double] {
            // BEGIN SOLUTION
            return doubled(doubled(x))
            // END SOLUTION
        }
        ```

        ```swift hidden-test exercise=quadrupled
        func testQuadruples() { XCTAssertEqual(quadrupled([1, 0.5]), [4, 2]) }
        func testKeepsTheLength() { XCTAssertEqual(quadrupled([1, 2, 3]).count, 3) }
        ```

        ```swift benchmark exercise=quadrupled threshold=50 repetitions=3
        var random = BenchmarkRandom(seed: benchmarkSeed)
        let x = (0..<4096).map { _ in Double.random(in: -1...1, using: &random) }
        // TIMED
        blackHole(quadrupled(x))
        ```

        ```swift exercise id=shifted points=1
        public func shifted(_ x: [Double]) -> [Double] {
            // BEGIN SOLUTION
            return x.map { $0 + 1 }
            // END SOLUTION
        }
        ```

        ```swift hidden-test exercise=shifted
        func testShifts() { XCTAssertEqual(shifted([1]), [2]) }
        ```

        """

    /// Tripling instead of doubling: wrong for `doubled`, and so for a right `quadrupled`.
    static let wrongDoubled = "public func doubled(_ x: [Double]) -> [Double] { x.map { 3 * $0 } }\n"
    static let rightQuadrupled = "public func quadrupled(_ x: [Double]) -> [Double] { doubled(doubled(x)) }\n"
    static let wrongShifted = "public func shifted(_ x: [Double]) -> [Double] { x }\n"

    private func grade(
        _ files: [String: String], benchmarks: Bool = false, secondBuildsSeconds: TimeInterval? = nil, frontMatter: String = ""
    ) throws -> GradeReport {
        let root = try TestSupport.course(["01-chained.md": Self.lesson.replacingOccurrences(of: "order: 1\n", with: "order: 1\n" + frontMatter)], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        let submission = try TestSupport.submission(module: "Chained", files, test: self)
        var action = GradeAction(workspace: Workspace(root: root), submission: submission, output: { _ in })
        action.runBenchmarks = benchmarks
        action.secondBuildsSeconds = secondBuildsSeconds
        return try action.perform()
    }

    private func exercise(_ id: String, _ report: GradeReport) throws -> GradeReport.ExerciseGrade {
        try XCTUnwrap(report.lessons.first?.exercises.first { $0.id == id }, report.text())
    }

    func testAnExerciseThatCallsAWrongOneIsGradedWithTheReferencesAndItsBenchmarkTimedThere() throws {
        let report = try grade(
            ["Doubled.swift": Self.wrongDoubled, "Quadrupled.swift": Self.rightQuadrupled, "Shifted.swift": Self.wrongShifted], benchmarks: true)
        XCTAssertEqual(try exercise("doubled", report).score, 0, report.text())
        XCTAssertEqual(try exercise("shifted", report).score, 0, "a slip of its own is not forgiven:\n\(report.text())")
        let quadrupled = try exercise("quadrupled", report)
        XCTAssertEqual(quadrupled.score, quadrupled.maxScore, report.text())
        let rescued = try XCTUnwrap(quadrupled.items.first { $0.name.hasSuffix("testQuadruples") })
        XCTAssertEqual(rescued.messages, [Grader.passedWithReference(["doubled", "shifted"])], report.text())
        XCTAssertTrue(report.text().contains(Grader.passedWithReference(["doubled", "shifted"])), "the text report says it too:\n\(report.text())")
        // Timed in the same build: with the student's `doubled` the results would not match.
        let benchmark = try XCTUnwrap(quadrupled.items.first { $0.kind == .benchmark })
        XCTAssertEqual(benchmark.status, .passed, "\(benchmark.messages)")
        XCTAssertEqual(benchmark.messages, [Grader.timedWithReference(["doubled", "shifted"], within: true)], report.text())
        XCTAssertNil(benchmark.benchmark, "no figures from the second build")
    }

    /// The second builds of a lesson share one time budget (red team, round 33: code made slow to
    /// compile in every exercise file multiplied the compiles); past it, nothing is built again,
    /// and the report says why.
    func testNoSecondBuildStartsPastTheLessonsBudget() throws {
        let report = try grade(
            ["Doubled.swift": Self.wrongDoubled, "Quadrupled.swift": Self.rightQuadrupled, "Shifted.swift": Self.wrongShifted],
            secondBuildsSeconds: 0)
        XCTAssertLessThan(try exercise("quadrupled", report).score, try exercise("quadrupled", report).maxScore, report.text())
        XCTAssertFalse(report.text().contains(Grader.slipsChargedOnce), report.text())
        XCTAssertTrue(
            report.lessons.first?.fileNotes.contains { $0.contains("not graded again") && $0.contains("second builds used their 0 s") } ?? false,
            report.text())
        XCTAssertTrue(try report.gradescope(executionSeconds: 1).contains("second builds used their 0 s"))
        // Such a note says which exercises fail hidden tests: on Gradescope's always-shown output,
        // not while the lesson's results are held back (red team, round 34).
        let held = try grade(
            ["Doubled.swift": Self.wrongDoubled, "Quadrupled.swift": Self.rightQuadrupled, "Shifted.swift": Self.wrongShifted],
            secondBuildsSeconds: 0, frontMatter: "visibility: after_due_date\n")
        XCTAssertTrue(held.lessons.first?.fileNotes.contains { $0.contains(Grader.notGradedAgain) } ?? false, held.text())
        XCTAssertFalse(try held.gradescope(executionSeconds: 1).contains(Grader.notGradedAgain))
    }

    func testAWrongCallerStillFailsAndNothingOfTheSecondBuildIsShown() throws {
        // Wrong on its own: one doubling. Its message in the second build would quote the
        // reference's doubling ([2.0, 1.0]); only the first build's ([3.0, 1.5]) is shown.
        let report = try grade(["Doubled.swift": Self.wrongDoubled, "Quadrupled.swift": "public func quadrupled(_ x: [Double]) -> [Double] { doubled(x) }\n"])
        let quadrupled = try exercise("quadrupled", report)
        XCTAssertEqual(quadrupled.items.first { $0.name.hasSuffix("testQuadruples") }?.status, .failed, report.text())
        XCTAssertEqual(quadrupled.items.first { $0.name.hasSuffix("testKeepsTheLength") }?.status, .passed, report.text())
        XCTAssertTrue(report.text().contains("[3.0, 1.5]"), report.text())
        XCTAssertFalse(report.text().contains("[2.0, 1.0]"), report.text())
        XCTAssertFalse(report.text().contains("a slip is charged once"), "the length test passed in the first build:\n\(report.text())")

        // A crash in the second build, with the reference's value in its message, is not shown either.
        let leaking = "public func quadrupled(_ x: [Double]) -> [Double] { let d = doubled([21]); if d != [63] { fatalError(\"leak \\(d)\") }; return d }\n"
        let crashed = try grade(["Doubled.swift": Self.wrongDoubled, "Quadrupled.swift": leaking])
        XCTAssertFalse(crashed.text().contains("leak"), crashed.text())
        XCTAssertEqual(try exercise("quadrupled", crashed).score, 0, crashed.text())
    }

    func testStubsAndFilesLeftOutAreNotGradedAgain() throws {
        let report = try grade(["Doubled.swift": Self.wrongDoubled, "Shifted.swift": Self.wrongShifted])
        XCTAssertEqual(try exercise("quadrupled", report).score, 0, "the stub of quadrupled:\n\(report.text())")
        XCTAssertEqual(try exercise("shifted", report).score, 0, report.text())
        XCTAssertFalse(report.text().contains("a slip is charged once"), report.text())
    }

    /// A file that does not compile costs its exercise: the lesson is graded with it as its stub,
    /// and an exercise that calls it is graded with the reference's in its place.
    func testAFileThatDoesNotCompileIsGradedAsItsStub() throws {
        let broken = "public func doubled(_ x: [Double]) -> [Double] {\n    x.map { 2 * $0 } +\n}\n"
        let report = try grade([
            "Doubled.swift": broken, "Quadrupled.swift": Self.rightQuadrupled, "Shifted.swift": "public func shifted(_ x: [Double]) -> [Double] { x.map { $0 + 1 } }\n"
        ])
        let lesson = try XCTUnwrap(report.lessons.first)
        XCTAssertTrue(lesson.compileErrors?.contains("exercises/Sources/Chained/Doubled.swift:") ?? false, "the compiler's errors are shown:\n\(report.text())")
        XCTAssertTrue(lesson.missingFiles.isEmpty, "the file was handed in:\n\(report.text())")
        let doubled = try exercise("doubled", report)
        XCTAssertEqual(doubled.score, 0)
        XCTAssertEqual(doubled.items.first?.status, .notCompiled)
        XCTAssertEqual(doubled.items.first?.messages, [Grader.gradedAsStub("Sources/Chained/Doubled.swift")])
        XCTAssertEqual(try exercise("shifted", report).score, 1, report.text())
        let quadrupled = try exercise("quadrupled", report)
        XCTAssertGreaterThan(quadrupled.maxScore, 0)
        XCTAssertEqual(quadrupled.score, quadrupled.maxScore, "graded with the reference's doubled:\n\(report.text())")

        // Every file handed in is broken: nothing compiles without them, and the lesson earns nothing.
        let allBroken = try grade(["Doubled.swift": broken])
        XCTAssertEqual(allBroken.score, 0, allBroken.text())
        XCTAssertFalse(allBroken.text().contains("graded as its stub"), allBroken.text())
    }

    func testTopLevelDeclarationsByNameAndPlace() {
        let source = "import Foundation\n/// Doc.\nfunc a() {}\nlet (b, c) = (1, 2)\nstruct D {}\nextension D { func e() {} }\n#if DEBUG\nfunc f() {}\n#endif\n"
        let read = TopLevelDeclaration.read(source)
        XCTAssertEqual(read.map(\.names), [["a"], ["b", "c"], ["D"], ["D"]])
        XCTAssertEqual(read.map(\.isExtension), [false, false, false, true])
        let bytes = Array(source.utf8)
        XCTAssertEqual(String(decoding: bytes[read[0].start..<read[0].end], as: UTF8.self), "\n/// Doc.\nfunc a() {}", "its doc comment goes with it")
    }

    func testWhereTheCompilersErrorsAre() {
        let editable: Set = ["Sources/M/A.swift", "Sources/M/B.swift"]
        let inA = "exercises/Sources/M/A.swift:3:5: error: expected expression\n    x +\n      ^\nexercises/Sources/M/A.swift:9:1: warning: unused"
        XCTAssertEqual(Grader.filesWithErrors(inA, editable: editable), ["Sources/M/A.swift"])
        XCTAssertEqual(Grader.filesWithErrors(inA + "\nexercises/Sources/M/B.swift:1:1: error: x", editable: editable), ["Sources/M/A.swift", "Sources/M/B.swift"])
        XCTAssertNil(Grader.filesWithErrors(inA + "\nsupport/Support.swift:1:1: error: x", editable: editable), "an error outside the student's files")
        XCTAssertNil(Grader.filesWithErrors("error: link command failed", editable: editable), "an error that names no file")
        XCTAssertNil(Grader.filesWithErrors("exercises/Sources/M/C.swift:1:1: error: x", editable: editable), "a file that is no exercise file")
        // The source line quoted under a diagnostic is the student's text, whatever it says.
        let quoting = "exercises/Sources/M/A.swift:2:5: error: cannot find 'nxt' in scope\nexercises/Sources/M/B.swift:1:1: error: \\(x)\n    ^~~"
        XCTAssertEqual(Grader.filesWithErrors(quoting, editable: editable), ["Sources/M/A.swift"])
        let comment = "exercises/Sources/M/A.swift:2:5: error: x\n    return nxt // log: \"step: error: none\"\n    ^"
        XCTAssertEqual(Grader.filesWithErrors(comment, editable: editable), ["Sources/M/A.swift"], "a comment saying ': error: '")
        XCTAssertEqual(Grader.filesWithErrors(inA + "\nexercises/Sources/M/B.swift:4:2: note: previously declared here", editable: editable), ["Sources/M/A.swift"])
    }

    /// The benchmark of a rescued exercise runs beside the reference's code for others: it says
    /// within the threshold or not, never what the code printed (red team, round 31: a crash's
    /// text carried the reference's answers for inputs the student chose).
    func testARescuedBenchmarkShowsNothingOfTheSecondBuild() throws {
        let leaking = """
            public func quadrupled(_ x: [Double]) -> [Double] {
                if x.count == 4096 { fatalError("leak \\(doubled([21]))") }
                return doubled(doubled(x))
            }

            """
        let report = try grade(["Doubled.swift": Self.wrongDoubled, "Quadrupled.swift": leaking], benchmarks: true)
        let quadrupled = try exercise("quadrupled", report)
        XCTAssertTrue(quadrupled.items.filter { $0.kind == .test }.allSatisfy { $0.status == .passed }, report.text())
        let benchmark = try XCTUnwrap(quadrupled.items.first { $0.kind == .benchmark })
        XCTAssertEqual(benchmark.status, .failed, report.text())
        XCTAssertEqual(benchmark.messages, [Grader.timedWithReference(["doubled", "shifted"], within: false)])
        XCTAssertFalse(report.text().contains("leak"), report.text())
        XCTAssertFalse(try String(decoding: JSONEncoder().encode(report), as: UTF8.self).contains("leak"))
    }

    /// A helper kept in another exercise's file stays in the second build, beside the reference's
    /// code for that exercise; an overload of the exercise's own function goes with it, and then
    /// the second build does not compile, nothing changes, and the report says why.
    func testHelpersStayAndASecondBuildThatDoesNotCompileIsNamed() throws {
        let doubledWithHelper = "/// Mine.\nfunc scaled(_ x: [Double], by s: Double) -> [Double] { x.map { s * $0 } }\n" + Self.wrongDoubled
        let helped = try grade([
            "Doubled.swift": doubledWithHelper, "Quadrupled.swift": "public func quadrupled(_ x: [Double]) -> [Double] { scaled(doubled(x), by: 2) }\n"
        ])
        let quadrupled = try exercise("quadrupled", helped)
        XCTAssertEqual(quadrupled.score, quadrupled.maxScore, "the helper stays:\n\(helped.text())")
        XCTAssertTrue(try XCTUnwrap(helped.lessons.first).fileNotes.isEmpty, helped.text())

        let doubledWithOverload = Self.wrongDoubled + "public func doubled(_ x: Double) -> Double { 3 * x }\n"
        let report = try grade([
            "Doubled.swift": doubledWithOverload, "Quadrupled.swift": "public func quadrupled(_ x: [Double]) -> [Double] { doubled(x).map { doubled($0) } }\n"
        ])
        XCTAssertEqual(try exercise("quadrupled", report).items.first { $0.name.hasSuffix("testQuadruples") }?.status, .failed, report.text())
        let notes = try XCTUnwrap(report.lessons.first).fileNotes
        XCTAssertTrue(notes.contains { $0.hasPrefix("`quadrupled` was not graded again with the reference's code for `doubled`") }, "\(notes)")
        XCTAssertTrue(report.text().contains("such as an overload, goes with it"), report.text())
    }

    /// An attack on the splice: the student's own (wrong) `doubled` inside `#if true`, which the
    /// splice does not see as a top-level declaration, so it stays beside the reference's. The
    /// second build then declares `doubled` twice and does not compile: the student's `doubled`
    /// never runs in place of the reference's, and nothing is gained.
    func testAnExerciseHiddenInAnIfBlockDoesNotStayInPlaceOfTheReferences() throws {
        let wrapped = "#if true\n" + Self.wrongDoubled + "#endif\n"
        let report = try grade(["Doubled.swift": wrapped, "Quadrupled.swift": Self.rightQuadrupled])
        XCTAssertEqual(try exercise("quadrupled", report).items.first { $0.name.hasSuffix("testQuadruples") }?.status, .failed, report.text())
        XCTAssertTrue(
            try XCTUnwrap(report.lessons.first).fileNotes.contains { $0.hasPrefix("`quadrupled` was not graded again") }, report.text())
    }

    /// `top` calls `mid`, which calls `base`; `mid` is wrong on `top`'s inputs only.
    static let chain = """
        ---
        id: chain
        title: Chain
        order: 1
        objectives:
          - Build on earlier work.
        ---

        # Chain

        ```swift exercise id=base points=1
        public func base(_ x: Int) -> Int {
            // BEGIN SOLUTION
            return 2 * x
            // END SOLUTION
        }
        ```

        ```swift hidden-test exercise=base
        func testBase() { XCTAssertEqual(base(3), 6); XCTAssertEqual(base(4), 8) }
        ```

        ```swift exercise id=mid points=2
        public func mid(_ x: Int) -> Int {
            // BEGIN SOLUTION
            return base(x) + 1
            // END SOLUTION
        }
        ```

        ```swift hidden-test exercise=mid
        func testMid() { XCTAssertEqual(mid(1), 3); XCTAssertEqual(mid(2), 5) }
        ```

        ```swift exercise id=top points=5
        public func top(_ x: Int) -> Int {
            // BEGIN SOLUTION
            return 10 * mid(x)
            // END SOLUTION
        }
        ```

        ```swift hidden-test exercise=top
        func testTop() { XCTAssertEqual(top(100), 2010) }
        ```

        ```swift exercise id=alone points=2
        public func alone(_ x: Int) -> Int {
            // BEGIN SOLUTION
            return x - 1
            // END SOLUTION
        }
        ```

        ```swift hidden-test exercise=alone
        func testAlone() { XCTAssertEqual(alone(5), 4) }
        ```

        """

    /// A second, deliberate slip cannot earn points: the victim it makes of `mid` is graded with
    /// its own code, so `mid`'s bug still costs `top` (red team, round 31: 7 of 8 against 3).
    /// A grader of the chain lesson: each call grades `base` as given with `mid`, a right `top`
    /// and `alone` (which nothing calls) as given, right by default.
    private func chainGrader(mid: String) throws -> (_ base: String, _ alone: String) throws -> GradeReport {
        let root = try TestSupport.course(["01-chain.md": Self.chain], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        return { base, alone in
            let submission = try TestSupport.submission(
                module: "Chain",
                ["Base.swift": base, "Mid.swift": mid, "Top.swift": "public func top(_ x: Int) -> Int { 10 * mid(x) }\n", "Alone.swift": alone],
                test: self)
            return try TestSupport.gradeTests(submission, root: root, lessons: ["chain"])
        }
    }
    static let rightAlone = "public func alone(_ x: Int) -> Int { x - 1 }\n"

    /// An exercise's loss pays only for the exercises that call it: a failing exercise nothing calls
    /// (`alone`) does not pay for `base`'s slip in `mid` and `top` (red team, round 34: an unrelated
    /// slip cost nothing, and deliberate slips in the callers paid for each other's rescue).
    func testOnlyTheLossOfAnExerciseACallerCallsPaysForItsRescue() throws {
        let grade = try chainGrader(mid: "public func mid(_ x: Int) -> Int { base(x) + 1 }\n")
        let base = "public func base(_ x: Int) -> Int { 3 * x }\n"
        let slip = try grade(base, Self.rightAlone)
        let both = try grade(base, "public func alone(_ x: Int) -> Int { x }\n")
        XCTAssertEqual(slip.lessons.first?.exercises.map(\.score), [0, 1, 0, 2], slip.text())
        XCTAssertEqual(both.score, slip.score - 2, accuracy: 1e-9, "alone's slip costs alone's 2 points, no less:\n\(both.text())")

        // A victim of base's slip that refuses its own rescue (it fails on purpose where the
        // reference's base is in place) does not pass its loss on to top (red team, round 35).
        let refusing = try chainGrader(mid: "public func mid(_ x: Int) -> Int { if base(1) == 2 { fatalError() }; return base(x) + 1 }\n")
        let refused = try refusing(base, Self.rightAlone)
        XCTAssertLessThanOrEqual(refused.score, slip.score, "honest:\n\(slip.text())\nrefusing:\n\(refused.text())")

        // The pool itself: an exercise's own rescue is not its loss to pass on, and draws stop at
        // what is left.
        var pool = SlipPool(losses: ["base": 1, "mid": 0.5])
        XCTAssertEqual(pool.draw(2, from: ["base"]), 1)
        XCTAssertEqual(pool.draw(2, from: ["base", "mid"]), 0.5)
        XCTAssertEqual(pool.draw(2, from: ["base", "mid", "top"]), 0)
        let mid = GradeReport.ExerciseGrade(
            id: "mid",
            items: [
                .init(name: "A/testOwn", kind: .test, status: .failed, score: 0, maxScore: 1, messages: []),
                .init(name: "A/testCalls", kind: .test, status: .failed, score: 0, maxScore: 3, messages: []),
                .init(name: "mid", kind: .benchmark, status: .failed, score: 0, maxScore: 2, messages: [])
            ])
        // Nor is its benchmark: one lost anyway (slow code) would pay for a rescue once a cheap
        // test failed on purpose.
        XCTAssertEqual(SlipPool.loss(of: mid, rescuedTests: ["A/testCalls"]), 1)
    }

    func testADeliberateSlipDoesNotHideAnotherExercisesBug() throws {
        let grade = try chainGrader(mid: "public func mid(_ x: Int) -> Int { x < 50 ? base(x) + 1 : base(x) }\n")
        let honest = try grade("public func base(_ x: Int) -> Int { 2 * x }\n", Self.rightAlone)
        let slipping = try grade("public func base(_ x: Int) -> Int { x < 50 ? 3 * x : 2 * x }\n", Self.rightAlone)
        XCTAssertEqual(honest.score, 5, honest.text())
        XCTAssertLessThanOrEqual(slipping.score, honest.score, "honest:\n\(honest.text())\nslipping:\n\(slipping.text())")
        XCTAssertEqual(slipping.lessons.first?.exercises.first { $0.id == "top" }?.score, 0, slipping.text())
        // mid is right given a right base, and gets back what base lost (1 of its 2 points): a
        // slip costs the larger of its own loss and what it costs its callers.
        XCTAssertEqual(slipping.lessons.first?.exercises.first { $0.id == "mid" }?.score, 1, slipping.text())
    }

    /// A bug that only another exercise's tests catch cannot be moved onto a cheap test of its own
    /// exercise failed on purpose: the rescue gives back at most what that exercise lost (red
    /// team, round 33: 9.88 became 10.78 of 11). `base` is wrong at 100, which only `top` tries.
    func testABugOnlyAnotherExercisesTestsCatchCannotBeMovedOntoACheapTest() throws {
        let grade = try chainGrader(mid: "public func mid(_ x: Int) -> Int { base(x) + 1 }\n")
        let control = try grade("public func base(_ x: Int) -> Int { x == 100 ? 0 : 2 * x }\n", Self.rightAlone)
        let attack = try grade("public func base(_ x: Int) -> Int { x == 100 ? 0 : (x == 4 ? 9 : 2 * x) }\n", Self.rightAlone)
        XCTAssertEqual(control.score, 5, "only top's test finds base's bug:\n\(control.text())")
        XCTAssertEqual(try XCTUnwrap(attack.lessons.first?.exercises.first { $0.id == "base" }).score, 0, attack.text())
        XCTAssertLessThanOrEqual(attack.score, control.score, "control:\n\(control.text())\nattack:\n\(attack.text())")
        let top = try XCTUnwrap(attack.lessons.first?.exercises.first { $0.id == "top" })
        XCTAssertEqual(top.score, 1, accuracy: 1e-9, "top gets back what base lost, no more:\n\(attack.text())")
        XCTAssertEqual(top.items.first?.status, .failed)
        XCTAssertEqual(top.items.first?.messages.last, Grader.rescueBounded(["base"], paidBy: ["base"], given: 1, of: 5), attack.text())

        // Caught by its own tests too, a slip is charged at the larger of its costs: base's 1 point
        // goes back to mid, and top's 5, which need a right base, stay lost.
        let honest = try grade("public func base(_ x: Int) -> Int { 3 * x }\n", Self.rightAlone)
        XCTAssertEqual(honest.lessons.first?.exercises.map(\.score), [0, 1, 0, 2], honest.text())
        // Where the slip's own loss covers its callers', nothing else is lost (the chained lesson's
        // first test: doubled and shifted lose 3, quadrupled gets back all of its 3).
    }

    /// `twice` is a victim of `base` through its tests, not its code; `quad` calls `twice`.
    static let throughTests = """
        ---
        id: through-tests
        title: Through tests
        order: 1
        objectives:
          - Build on earlier work.
        ---

        # Through tests

        FENCEswift exercise id=base points=1
        public func base(_ x: Int) -> Int {
            // BEGIN SOLUTION
            return 2 * x
            // END SOLUTION
        }
        FENCE

        FENCEswift hidden-test exercise=base
        func testBase() { XCTAssertEqual(base(3), 6) }
        FENCE

        FENCEswift exercise id=twice points=3
        public func twice(_ x: Int) -> Int {
            // BEGIN SOLUTION
            return x + x
            // END SOLUTION
        }
        FENCE

        FENCEswift hidden-test exercise=twice
        func testTwiceOfABase() { XCTAssertEqual(twice(base(1)), 4) }
        FENCE

        FENCEswift exercise id=quad points=3
        public func quad(_ x: Int) -> Int {
            // BEGIN SOLUTION
            return twice(twice(x))
            // END SOLUTION
        }
        FENCE

        FENCEswift hidden-test exercise=quad
        func testQuadOfABase() { XCTAssertEqual(quad(base(1)), 8) }
        FENCE

        """.replacingOccurrences(of: "FENCE", with: "\u{60}\u{60}\u{60}")

    /// A victim whose tests (not its code) call the slipping exercise, and which refuses its own
    /// rescue, does not pass its loss on to its caller (red team, round 35: coupling, then
    /// reversible-backward, then memory).
    func testAVictimThroughItsTestsThatRefusesItsRescuePassesNothingOn() throws {
        let root = try TestSupport.course(["01-through-tests.md": Self.throughTests], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        func grade(twice: String, base: String = "public func base(_ x: Int) -> Int { 3 * x }\n") throws -> GradeReport {
            let submission = try TestSupport.submission(
                module: "ThroughTests",
                ["Base.swift": base, "Twice.swift": twice, "Quad.swift": "public func quad(_ x: Int) -> Int { twice(twice(x)) }\n"],
                test: self)
            return try TestSupport.gradeTests(submission, root: root, lessons: ["through-tests"])
        }
        let honest = try grade(twice: "public func twice(_ x: Int) -> Int { x + x }\n")
        let refusing = try grade(twice: "public func twice(_ x: Int) -> Int { if base(1) == 2 { fatalError() }; return x + x }\n")
        // Honest: twice's tests call base, so twice gets back what base lost (1 of its 3 points).
        XCTAssertEqual(honest.lessons.first?.exercises.map(\.score), [0, 1, 0], honest.text())
        XCTAssertLessThanOrEqual(refusing.score, honest.score, "honest:\n\(honest.text())\nrefusing:\n\(refusing.text())")
        // Refusing by not building: twice calls an overload kept in base's file, which leaves with
        // base's code in twice's second build (red team, round 35, without a probe).
        let unbuilt = try grade(
            twice: "public func twice(_ x: Int) -> Int { x + x + base(x, times: 0) }\n",
            base: "public func base(_ x: Int) -> Int { 3 * x }\npublic func base(_ x: Int, times: Int) -> Int { x * times }\n")
        XCTAssertTrue(unbuilt.lessons.first?.fileNotes.contains { $0.contains("`twice` was \(Grader.notGradedAgain)") } ?? false, unbuilt.text())
        XCTAssertLessThanOrEqual(unbuilt.score, honest.score, "honest:\n\(honest.text())\nunbuilt:\n\(unbuilt.text())")
    }
}
