import CourseToolchain
import Foundation
import HandinRules

/// A slip is charged once. Exercises of a lesson build on each other (lesson 7's pruning rounds
/// call its masked training), so one wrong exercise used to fail the tests of every exercise that
/// calls it: a slip in masked training cost 4.5 more points in two other exercises. When tests of
/// two or more exercises fail, each failing exercise the student wrote is graded once more with
/// the reference's code for the other exercises that *still fail* (those that pass their own
/// tests in such a build were only victims, and their code stays: replacing them would hide
/// their own bugs, and a second, deliberate slip would earn points); a test that passes there
/// passes, and says so. The other exercises' tests count as they failed. A file that does not
/// compile is a slip of its exercise too: the lesson is graded with it as its stub.
///
/// The second build runs the same pipeline as the first (admission of source and object, the
/// sandbox) on the exercise's failing tests only, and only their status is kept: its compiler
/// output and messages, which may quote the reference, are never shown. Its benchmark says only
/// within the threshold or not: a crash's text, a mismatch's values or a ratio the code can stretch
/// would show the reference's answers on inputs the student chose (red team, round 31). The
/// reference's code is inside that test process, as the hidden tests themselves are; what leaves
/// it is one passed-or-not per test and benchmark.
extension Grader {
    /// An exercise graded again with the reference's code for `replaced`.
    struct RegradedExercise {
        var replaced: [String]
        /// Those of `replaced` whose losses pay for it: the ones it calls (`SlipPool`).
        var paidBy: [String]
        /// The benchmark runner of that build: the exercise's benchmark is timed with it.
        var benchmarkRunner: URL?
        /// What its benchmark may earn there (`SlipPool`).
        var benchmarkPoints: Double
    }

    /// What a second build runs: the failing tests of one exercise.
    struct SecondBuild {
        var exercise: String
        var tests: Set<String>
    }

    /// `tested` with the failing tests of each failing exercise graded again, the other still
    /// failing exercises' files replaced by the reference's; nothing changes when fewer than two
    /// exercises fail.
    func chargingSlipsOnce(
        _ tested: TestedLesson, _ lesson: GraderBundleManifest.LessonEntry, files: [String: String],
        engine: (name: String, folder: URL)?, harness: (name: String, folder: URL), artifacts: LessonArtifacts
    ) throws -> TestedLesson {
        guard tested.testsRan else { return tested }
        var failingTests: [String: Set<String>] = [:]
        for exercise in tested.grade.exercises {
            let failed = Set(exercise.items.filter { $0.kind == .test && $0.status != .passed }.map(\.name))
            if !failed.isEmpty { failingTests[exercise.id] = failed }
        }
        let failing = tested.grade.exercises.map(\.id).filter { failingTests[$0] != nil }
        guard failing.count >= 2 else { return tested }
        let candidates = failing.filter { wroteOwnCode(for: $0, of: lesson, files: files) }

        // Second builds by exercise and replaced set: the rounds below ask for many twice. Each
        // replaced file is made once (its splice reads the student's file in a child process).
        var builds: [[String]: (passed: Set<String>, runner: URL?)?] = [:]
        var inPlace: [String: String] = [:]
        // Each second build compiles the lesson again under the compiler's own limit; code made
        // slow to compile, in every exercise, multiplied that (red team, round 33: 166 s of CPU
        // for one lesson against 38 s). Past the budget no further second build starts.
        let started = Date()
        var outOfTime: Set<String> = []
        func secondBuild(_ id: String, replacing replaced: [String]) throws -> (passed: Set<String>, runner: URL?)? {
            if let known = builds[[id] + replaced] { return known }
            guard Date().timeIntervalSince(started) < secondBuildsSeconds else {
                outOfTime.insert(id)
                return nil
            }
            var regradeFiles = files
            for other in replaced {
                guard let file = lesson.exercises.first(where: { $0.id == other })?.file else { continue }
                if inPlace[file] == nil { inPlace[file] = try referenceInPlace(of: file, in: lesson, student: files[file]) }
                regradeFiles[file] = inPlace[file]
            }
            // A build that fails (a helper the student kept in a replaced file) changes nothing.
            let again = try? gradeTests(
                lesson, files: regradeFiles, engine: engine, harness: harness, artifacts: artifacts,
                workFolder: "\(lesson.id)-regrade-\(builds.count)", only: SecondBuild(exercise: id, tests: failingTests[id] ?? []))
            var result: (passed: Set<String>, runner: URL?)?
            if let again, again.testsRan, let exercise = again.grade.exercises.first(where: { $0.id == id }) {
                result = (Set(exercise.items.filter { $0.kind == .test && $0.status == .passed }.map(\.name)), again.benchmarkRunner)
            }
            builds[[id] + replaced] = result
            return result
        }

        // Rounds until the exercises that still fail are those the rounds replaced: one that
        // passed with a victim replaced is graded again with the victim's own code.
        var stillFailing = Set(failing)
        var rescued: [String: (tests: Set<String>, runner: URL?, replaced: [String])] = [:]
        var unbuilt: [String: [String]] = [:]
        var settled = false
        // Code can tell which exercises are the reference's and make the rounds cycle (red team,
        // round 32): a set met before ends them, and so does a budget of two builds per exercise.
        var seen: Set<Set<String>> = [stillFailing]
        for _ in 0..<4 where builds.count < 2 * candidates.count {
            rescued = [:]
            unbuilt = [:]
            for id in candidates {
                let replaced = failing.filter { $0 != id && stillFailing.contains($0) }
                guard !replaced.isEmpty else { continue }
                guard let again = try secondBuild(id, replacing: replaced) else {
                    unbuilt[id] = replaced
                    continue
                }
                let passed = again.passed.intersection(failingTests[id] ?? [])
                if !passed.isEmpty { rescued[id] = (passed, again.runner, replaced) }
            }
            let next = Set(failing.filter { id in !(failingTests[id] ?? []).isSubset(of: rescued[id]?.tests ?? []) })
            if next == stillFailing {
                settled = true
                break
            }
            guard seen.insert(next).inserted else { break }
            stillFailing = next
        }
        // Without a fixed point (exercises that each pass only with the other replaced), only
        // rescues that replaced nothing but exercises that still fail stand.
        if !settled { rescued = rescued.filter { Set($0.value.replaced).isSubset(of: stillFailing) } }
        // A test that passes when run again on the student's own code was not failed by another
        // exercise: it is flaky (or was slow under load), and its first verdict stands. Without
        // this, a second build was a free second try (red team, round 32: a coin flip in the
        // code passed 92 % of the time instead of 59 %).
        let toConfirm = rescued.values.flatMap(\.tests).sorted()
        if !toConfirm.isEmpty, let runner = tested.testRunner {
            let again = try runTests(toConfirm, runner: runner, lesson: lesson, artifacts: artifacts).verdicts
            for (id, rescue) in rescued {
                let confirmed = rescue.tests.filter { again[$0]?.status != .passed }
                rescued[id] = confirmed.isEmpty ? nil : (confirmed, rescue.runner, rescue.replaced)
            }
        }

        var result = tested
        // Said, so that a student whose helper sat in a replaced file learns why nothing changed.
        for (id, replaced) in unbuilt.sorted(by: { $0.key < $1.key }) where !outOfTime.contains(id) {
            result.grade.fileNotes.append(
                "`\(id)` was \(Self.notGradedAgain) for \(Self.names(replaced)): the lesson's files do not build "
                    + "with it in place of the code graded for \(replaced.count == 1 ? "it" : "them") (a declaration of yours named like the exercise's, such as an overload, goes with it)"
            )
        }
        if !outOfTime.isEmpty {
            result.grade.fileNotes.append(
                "\(Self.names(outOfTime.sorted())) \(outOfTime.count == 1 ? "was" : "were") \(Self.notGradedAgain) "
                    + "for the other exercises that fail: the lesson's second builds used their \(Int(secondBuildsSeconds)) s")
        }
        // What the rescues give back is at most what the exercises they replaced and call lost
        // in their own tests (`SlipPool`): a slip costs the larger of its own loss and the losses
        // it causes. Without this bound, a bug that only another exercise's tests catch could be
        // moved onto one cheap test failed on purpose (red team, round 33: 9.88 became 10.78 of 11,
        // and a slow step's benchmark was timed on the reference's step).
        // Only an exercise whose loss is surely its own pays: it calls no other failing exercise,
        // no failing exercise comes before it in the lesson (its tests may call that one), and its
        // own second build ran. Otherwise its loss may be another's slip, and its code can refuse
        // its own rescue (fail on purpose where the reference's code is in place, or not build
        // there) to pass that loss on to its callers (red team, round 35: 7.88 became 9.17, and
        // 6.76 became 7.76).
        let callees = try calledExercises(in: lesson)
        let order = tested.grade.exercises.map(\.id)
        let payers = Set(rescued.values.flatMap(\.replaced)).filter { id in
            guard (callees[id] ?? []).isDisjoint(with: failing), unbuilt[id] == nil, !outOfTime.contains(id),
                let position = order.firstIndex(of: id)
            else { return false }
            return order[..<position].allSatisfy { !failing.contains($0) }
        }
        var pool = SlipPool(
            losses: Dictionary(
                uniqueKeysWithValues: payers.compactMap { id in
                    tested.grade.exercises.first { $0.id == id }.map { (id, SlipPool.loss(of: $0, rescuedTests: rescued[id]?.tests ?? [])) }
                }))
        for e in result.grade.exercises.indices {
            let id = result.grade.exercises[e].id
            guard let again = rescued[id] else { continue }
            let sources = again.replaced.filter { callees[id]?.contains($0) ?? false }
            var whole = true
            for i in result.grade.exercises[e].items.indices {
                var item = result.grade.exercises[e].items[i]
                guard item.kind == .test, item.status != .passed, again.tests.contains(item.name) else { continue }
                let given = pool.draw(item.maxScore, from: sources)
                if given >= item.maxScore - 1e-12 {
                    item.status = .passed
                    item.score = item.maxScore
                    item.messages = [Self.passedWithReference(again.replaced)]
                } else {
                    whole = false
                    item.score = given
                    item.messages.append(Self.rescueBounded(again.replaced, paidBy: sources, given: given, of: item.maxScore))
                }
                result.grade.exercises[e].items[i] = item
            }
            guard whole else { continue }
            // Its benchmark, timed in the second build, is paid from what is left, set aside now
            // (before timing, a benchmark item is not run yet; with benchmarks off it never is).
            let benchmark = runBenchmarks ? result.grade.exercises[e].items.filter { $0.kind == .benchmark }.reduce(0) { $0 + $1.maxScore } : 0
            result.regraded[id] = RegradedExercise(
                replaced: again.replaced, paidBy: sources, benchmarkRunner: again.runner, benchmarkPoints: pool.draw(benchmark, from: sources))
        }
        return result
    }

    /// What a test that passed only in the second build says when the points the replaced
    /// exercises lost in their own tests did not cover it.
    static func rescueBounded(_ replaced: [String], paidBy: [String], given: Double, of maxScore: Double) -> String {
        let them = replaced.count == 1 ? "it" : "them"
        let lost = "what \(names(paidBy)) lost in \(paidBy.count == 1 ? "its" : "their") own tests"
        let paid =
            paidBy.isEmpty
            ? "the reference's code of this exercise calls none of \(them), so no loss of \(them) pays for it"
            : given > 0
                ? "that gives back \(GradeReport.points(given)) of this test's \(GradeReport.points(maxScore)) points, \(lost)"
                : "\(lost) went back to other tests already"
        return "passed with the reference's code for \(names(replaced)) in place of the code graded for \(them); \(paid)"
            + ": a slip is charged once, at the larger of what it costs its own exercise and what it costs the exercises that call it"
    }

    /// When the lesson did not compile and every error is in exercise files of the student's, the
    /// lesson graded with those files as their stubs (the stubs are the student's own starting
    /// point, so nothing is revealed), and the files it was graded with; `nil` otherwise. The
    /// compiler's messages stay in the report, and the exercises of those files earn nothing.
    func gradingFilesThatDoNotCompileAsStubs(
        _ tested: TestedLesson, _ lesson: GraderBundleManifest.LessonEntry, files: [String: String],
        engine: (name: String, folder: URL)?, harness: (name: String, folder: URL), artifacts: LessonArtifacts
    ) throws -> (TestedLesson, files: [String: String])? {
        guard tested.compileFailed, let errors = tested.grade.compileErrors,
            let broken = Self.filesWithErrors(errors, editable: Set(lesson.editableFiles)), !broken.isEmpty,
            broken.count < lesson.editableFiles.filter({ files[$0] != nil }).count
        else { return nil }
        let stubbed = files.filter { !broken.contains($0.key) }
        guard
            let again = try? gradeTests(lesson, files: stubbed, engine: engine, harness: harness, artifacts: artifacts, workFolder: "\(lesson.id)-stubbed"),
            again.testsRan
        else { return nil }
        var result = again
        result.grade.compileErrors = errors
        result.grade.missingFiles = tested.grade.missingFiles
        for e in result.grade.exercises.indices {
            guard let file = lesson.exercises.first(where: { $0.id == result.grade.exercises[e].id })?.file, broken.contains(file) else { continue }
            for i in result.grade.exercises[e].items.indices where result.grade.exercises[e].items[i].kind == .test {
                result.grade.exercises[e].items[i].status = .notCompiled
                result.grade.exercises[e].items[i].score = 0
                result.grade.exercises[e].items[i].messages = [Self.gradedAsStub(file)]
            }
        }
        return (result, stubbed)
    }

    /// What each test of an exercise whose file did not compile says.
    static func gradedAsStub(_ file: String) -> String {
        "exercises/\(file) does not compile (the errors above), so this exercise was graded as its stub and the lesson's other exercises without it"
    }

    /// The exercise files (`Sources/Module/File.swift`) the compiler's errors are in, or `nil`
    /// when some error is elsewhere (or names no file): then no file alone is to blame. Only
    /// `path:line:col: error:` lines count, and the source line the compiler quotes under each
    /// diagnostic (with its caret line) is skipped: it is the student's text, and a comment in it
    /// once read as an error of another file (red team, round 32). A student can still print a
    /// line of that form (`#error` with a newline), which only marks their own file as broken.
    static func filesWithErrors(_ output: String, editable: Set<String>) -> Set<String>? {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let diagnostic = #/^([^\s:][^:]*):\d+:\d+: (error|warning|note|remark): /#
        var files: Set<String> = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if let match = line.prefixMatch(of: diagnostic) {
                if match.2 == "error" {
                    let path = String(match.1)
                    guard path.hasPrefix("exercises/"), editable.contains(String(path.dropFirst("exercises/".count))) else { return nil }
                    files.insert(String(path.dropFirst("exercises/".count)))
                }
                if i + 2 < lines.count, lines[i + 2].contains(where: { $0 == "^" || $0 == "~" }),
                    lines[i + 2].allSatisfy({ $0 == " " || $0 == "^" || $0 == "~" || $0 == "\t" })
                {
                    i += 3
                    continue
                }
            } else if line.hasPrefix("error: ") {
                return nil
            }
            i += 1
        }
        return files
    }

    /// What a test that passed only in the second build says.
    static func passedWithReference(_ replaced: [String]) -> String {
        "passed with the reference's code for "
            + (replaced.count == 1 ? "`\(replaced[0])`, which fails its own tests," : "\(names(replaced)), which fail their own tests,")
            + " in place of the code graded for it: " + slipsChargedOnce
    }

    /// The words of every note this rule adds to a lesson. Such a note says which exercises fail
    /// hidden tests, so a format that shows notes before the results are released leaves it out
    /// (red team, round 34: overloads that broke every second build made the notes an oracle).
    static let notGradedAgain = "not graded again with the reference's code"

    /// The words that end every message of a test passed by this rule (the gradebook's
    /// statistics count them).
    static let slipsChargedOnce = "a slip is charged once"

    /// "`a`, `b`".
    static func names(_ exercises: [String]) -> String { exercises.map { "`\($0)`" }.joined(separator: ", ") }

    /// Whether the submission holds the student's own code for the exercise: a file left out, or
    /// the stub handed in as it was, cannot pass by the others' references (the course's check
    /// makes sure no stub passes its tests given the other exercises solved).
    private func wroteOwnCode(for id: String, of lesson: GraderBundleManifest.LessonEntry, files: [String: String]) -> Bool {
        guard let file = lesson.exercises.first(where: { $0.id == id })?.file, let text = files[file] else { return false }
        let stub = bundle.appendingPathComponent("lessons/\(lesson.id)/stub/\(URL(fileURLWithPath: file).lastPathComponent)")
        guard let stubText = try? String(contentsOf: stub, encoding: .utf8) else { return true }
        return text.trimmingCharacters(in: .whitespacesAndNewlines) != stubText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The reference's code for an exercise in place of the student's, in the student's file: their
    /// top-level declarations that the reference's file does not declare (a helper another
    /// exercise of theirs calls) stay, and so does everything else of theirs but the exercise's
    /// own declarations (and extensions of its types). The student's file is read in the
    /// admission child (the parser may stall on hostile input); when it cannot be read, the
    /// reference's file alone.
    private func referenceInPlace(of file: String, in lesson: GraderBundleManifest.LessonEntry, student: String?) throws -> String {
        let reference = try referenceText(of: file, in: lesson)
        guard let student, let theirs = try IsolatedSourceAdmission.declarations(in: student) else { return reference }
        let declared = Set(TopLevelDeclaration.read(reference).filter { !$0.isExtension }.flatMap(\.names))
        let replaced = theirs.filter { !declared.isDisjoint(with: $0.names) }
        let bytes = Array(student.utf8)
        var kept: [UInt8] = []
        var cursor = 0
        for declaration in replaced.sorted(by: { $0.start < $1.start }) where declaration.start >= cursor && declaration.end <= bytes.count {
            kept += bytes[cursor..<declaration.start]
            cursor = declaration.end
        }
        kept += bytes[cursor...]
        return String(decoding: kept, as: UTF8.self) + "\n" + reference
    }

    /// The reference's file for an exercise file, from the bundle, without its `#sourceLocation`
    /// lines (which admission refuses in a submission's files, and which point at the lesson).
    /// For each exercise, the other exercises its reference or its hidden tests call, directly or
    /// through others: those whose reference declares a name that appears there (the course's
    /// own code; a test of masked training that builds its mask with magnitudeMask calls it).
    private func calledExercises(in lesson: GraderBundleManifest.LessonEntry) throws -> [String: Set<String>] {
        let tests = (try? String(contentsOf: bundle.appendingPathComponent("lessons/\(lesson.id)/tests/HiddenTests.swift"), encoding: .utf8)) ?? ""
        var declared: [String: Set<String>] = [:]
        var words: [String: Set<Substring>] = [:]
        for exercise in lesson.exercises {
            let text = try referenceText(of: exercise.file, in: lesson)
            declared[exercise.id] = Set(TopLevelDeclaration.read(text).filter { !$0.isExtension }.flatMap(\.names))
            // Its test class, up to the next class of the file.
            var testCode = Substring("")
            if let testClass = exercise.items.first(where: { $0.kind == .test })?.name.split(separator: "/").first,
                let start = tests.range(of: "class \(testClass):")
            {
                let end = tests.range(of: "\nfinal class ", range: start.upperBound..<tests.endIndex)?.lowerBound ?? tests.endIndex
                testCode = tests[start.upperBound..<end]
            }
            words[exercise.id] = Set((text + "\n" + testCode).split { !($0.isLetter || $0.isNumber || $0 == "_") })
        }
        var callees: [String: Set<String>] = declared.keys.reduce(into: [:]) { callees, caller in
            callees[caller] = Set(declared.filter { $0.key != caller && $0.value.contains { words[caller]?.contains(Substring($0)) ?? false } }.keys)
        }
        // `top` calls `mid`, which calls `base`: a slip of `base` fails `top` too.
        var grew = true
        while grew {
            grew = false
            for (caller, called) in callees {
                let reach = called.union(called.flatMap { callees[$0] ?? [] }).subtracting([caller])
                if reach.count > called.count {
                    callees[caller] = reach
                    grew = true
                }
            }
        }
        return callees
    }

    private func referenceText(of file: String, in lesson: GraderBundleManifest.LessonEntry) throws -> String {
        let url = bundle.appendingPathComponent("lessons/\(lesson.id)/reference/\(URL(fileURLWithPath: file).lastPathComponent)")
        return try String(contentsOf: url, encoding: .utf8).withoutSourceLocationDirectives
    }
}
