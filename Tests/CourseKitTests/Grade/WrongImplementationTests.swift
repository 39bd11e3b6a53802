@testable import CourseAuthoring
@testable import CourseGrading
import Foundation
import XCTest

/// The wrong implementations that once scored full marks on the real course (issue #16 and later
/// red teams), kept in `Fixtures/wrong/<Module>/<File>.swift`, must now lose points on the
/// exercises they get wrong, while the reference solutions score full on the same exercises. One
/// course, two gradings (the reference, then the reference with the wrong files swapped in),
/// benchmarks off: the hidden tests are what is on trial.
final class WrongImplementationTests: XCTestCase {
    static let fixtures = TestSupport.fixtures.appendingPathComponent("wrong")

    /// Each wrong file and the exercises it must lose points on (lesson id, exercise id).
    static let expectations: [String: [(lesson: String, exercise: String)]] = [
        "DynamicalSystems/Stability.swift": [("resnets-as-dynamical-systems", "stability")],
        "DynamicalSystems/Rk4.swift": [("resnets-as-dynamical-systems", "rk4")],
        "DynamicalSystems/ResidualStack.swift": [("resnets-as-dynamical-systems", "residual-stack")],
        "QuantumPropagation/Hamiltonian.swift": [("quantum-time-propagation", "hamiltonian")],
        "QuantumPropagation/CrankNicolson.swift": [("quantum-time-propagation", "crank-nicolson")],
        "ReversibleNetworks/ReversibleBackward.swift": [("reversible-networks", "reversible-backward")],
        // Sets aside the pool ReversibleBackward.swift hides its O(L) memory in; its own output is right.
        "ReversibleNetworks/Stack.swift": [],
        "ReversibleNetworks/Memory.swift": [("reversible-networks", "memory")],
        "LotteryTickets/Transfer.swift": [("lottery-tickets", "transfer")],
        // Right numbers through DenseLayer.backward, which lesson 3's front matter refuses.
        "LongRangeLinks/Backprop.swift": [("long-range-links", "backprop")],
        // Right numbers through Matrix.spectralNorm, which lesson 4's front matter refuses.
        "Robustness/LipschitzBound.swift": [("robustness", "lipschitz-bound")],
        // Plausible slips that scored full marks until a hidden test was added (a review, round 13).
        "Scaling/Budget.swift": [("scaling", "budget")],
        // Plausible slips that scored full marks on inputs with one sign, norm or padding (a review, round 30).
        "DynamicalSystems/ObservedOrder.swift": [("resnets-as-dynamical-systems", "observed-order")],
        "QuantumPropagation/ExactPropagator.swift": [("quantum-time-propagation", "exact-propagator")],
        "Scaling/CompoundScaling.swift": [("scaling", "compound-scaling")],
        "Scaling/Separable.swift": [("scaling", "separable")]
    ]

    /// Further wrong versions of files above, in `Fixtures/wrong-variants/<name>/<Module>/<File>.swift`:
    /// each replaces a file another fixture replaces too, so each is graded as a submission of its
    /// own, on its lesson only: a red team's ways around lesson 6's memory check, and slips.
    static let variantFixtures = TestSupport.fixtures.appendingPathComponent("wrong-variants")
    /// Correct implementations written another way than the reference, in `Fixtures/honest/<Module>/<File>.swift`.
    static let honestFixtures = TestSupport.fixtures.appendingPathComponent("honest")
    static let variants: [String: (lesson: String, exercise: String)] = [
        "reversible-backward-on-a-private-tape": ("reversible-networks", "reversible-backward"),
        "reversible-backward-with-checkpoints": ("reversible-networks", "reversible-backward"),
        "reversible-backward-padding-the-shallow-run": ("reversible-networks", "reversible-backward"),
        "peak-memory-written-down": ("reversible-networks", "memory"),
        "ordinary-peak-written-down": ("reversible-networks", "memory"),
        "reversible-backward-shadowing-support-members": ("reversible-networks", "reversible-backward"),
        "reversible-backward-keeping-inputs-in-plain-arrays": ("reversible-networks", "reversible-backward"),
        "reversible-backward-with-room-set-aside-in-the-forward-pass": ("reversible-networks", "reversible-backward"),
        // Plausible slips, each of which scored full marks until a hidden test was added.
        "residual-stack-looping-over-time": ("resnets-as-dynamical-systems", "residual-stack"),
        "budget-scanning-small-limits": ("scaling", "budget"),
        "peak-memory-on-shared-tapes": ("reversible-networks", "memory"),
        "path-count-in-integers": ("lottery-tickets", "transfer"),
        "imp-without-the-previous-mask": ("lottery-tickets", "imp"),
        "path-shares-pinned-to-the-mean-on-deep-stacks": ("long-range-links", "paths"),
        "stability-from-the-sign-of-lambda": ("resnets-as-dynamical-systems", "stability"),
        "largest-amplification-from-one": ("robustness", "lipschitz-bound"),
        "reconstruction-errors-of-the-first-half": ("reversible-networks", "stack"),
        "masked-training-freezing-dead-units-biases": ("lottery-tickets", "masked-training"),
        // A red team's masked training, once full marks; it cost imp and transfer 4.5 points too until
        // slips were charged once, which the check of the other exercises below now holds.
        "masked-training-of-the-dense-network": ("lottery-tickets", "masked-training"),
        // Plausible slips that scored full marks until a hidden test was added (a review, round 31).
        "bottleneck-projected-only-when-the-channels-change": ("scaling", "conv-cost"),
        "shortcut-projected-only-when-the-channels-change": ("scaling", "conv-cost"),
        "power-iteration-ignoring-the-seed": ("robustness", "power-iteration"),
        "power-iteration-from-a-uniform-start": ("robustness", "power-iteration"),
        "diameter-by-a-double-sweep": ("long-range-links", "chain-distances"),
        // Caught only by residual-stack's tests until euler-step's own tried a negative step (a review, round 33).
        "euler-step-refusing-negative-steps": ("resnets-as-dynamical-systems", "euler-step"),
        // Plausible slips that scored full marks until a hidden test was added (a review, round 34):
        // growth below Float's precision taken as stable, and a state of dimension 0 trapping.
        "stability-in-single-precision": ("resnets-as-dynamical-systems", "stability"),
        "stability-with-a-round-off-tolerance": ("resnets-as-dynamical-systems", "stability"),
        "euler-step-over-a-closed-range": ("resnets-as-dynamical-systems", "euler-step"),
        // Slips a review of the slips rule's cost found its own exercise's tests charging little
        // (review 35): each is now caught there too.
        "euler-step-reading-the-field-at-the-updated-state": ("resnets-as-dynamical-systems", "euler-step"),
        "coupling-g-reading-the-old-first-half": ("reversible-networks", "coupling"),
        "masked-training-reseeding-every-epoch": ("lottery-tickets", "masked-training")
    ]

    func testEveryWrongImplementationLosesPointsAndTheReferenceDoesNot() throws {
        let fixtureFiles = try FileManager.default.subpathsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".swift") }
        XCTAssertEqual(Set(fixtureFiles), Set(Self.expectations.keys), "every fixture needs its expectation, and back")
        let root = try TestSupport.realCourseCopy(self)
        let course = try CourseLoader(root: root).load().course
        let lessons = Set(Self.expectations.values.flatMap { $0.map(\.lesson) }).sorted()

        let reference = try submission(named: "reference", course: course, root: root, replacing: [:])
        let wrongFiles = try Dictionary(
            uniqueKeysWithValues: fixtureFiles.map {
                ($0, try String(contentsOf: Self.fixtures.appendingPathComponent($0), encoding: .utf8))
            })
        let wrong = try submission(named: "wrong", course: course, root: root, replacing: wrongFiles)
        let referenceReport = try TestSupport.gradeTests(reference, root: root, lessons: lessons)
        let wrongReport = try TestSupport.gradeTests(wrong, root: root, lessons: lessons)

        for (file, exercises) in Self.expectations.sorted(by: { $0.key < $1.key }) {
            for (lesson, exercise) in exercises {
                let right = try XCTUnwrap(Self.exercise(exercise, of: lesson, in: referenceReport), "\(lesson)/\(exercise)")
                XCTAssertGreaterThan(right.maxScore, 0, "\(lesson)/\(exercise)")
                XCTAssertEqual(right.score, right.maxScore, "the reference lost points on \(exercise):\n\(referenceReport.text())")
                let wrong = try XCTUnwrap(Self.exercise(exercise, of: lesson, in: wrongReport), "\(lesson)/\(exercise)")
                XCTAssertLessThan(wrong.score, wrong.maxScore, "\(file) scored full marks on \(exercise):\n\(wrongReport.text())")
            }
        }

        // Correct code written another way scores what the reference scores, on every exercise of
        // its lessons: each file stands for a false failure a review found (one submission: the
        // files are of different exercises).
        let honestFiles = try FileManager.default.subpathsOfDirectory(atPath: Self.honestFixtures.path).filter { $0.hasSuffix(".swift") }
        XCTAssertFalse(honestFiles.isEmpty)
        let honest = try submission(
            named: "honest", course: course, root: root,
            replacing: Dictionary(
                uniqueKeysWithValues: honestFiles.map { ($0, try String(contentsOf: Self.honestFixtures.appendingPathComponent($0), encoding: .utf8)) }))
        let honestLessons = Set(honestFiles.compactMap { file in course.lessons.first { file.hasPrefix($0.moduleName + "/") }?.meta.id }).sorted()
        XCTAssertEqual(honestLessons.count, Set(honestFiles.map { $0.split(separator: "/")[0] }).count, "every honest file is in a lesson's module")
        let honestReport = try TestSupport.gradeTests(honest, root: root, lessons: honestLessons)
        for lesson in honestReport.lessons {
            for exercise in lesson.exercises {
                XCTAssertEqual(exercise.score, exercise.maxScore, "correct code lost points on \(exercise.id):\n\(honestReport.text())")
            }
        }

        let variantFolders = try FileManager.default.contentsOfDirectory(atPath: Self.variantFixtures.path).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(Set(variantFolders), Set(Self.variants.keys), "every variant needs its expectation, and back")
        var costsOthers: Set<String> = []
        for (name, target) in Self.variants.sorted(by: { $0.key < $1.key }) {
            let folder = Self.variantFixtures.appendingPathComponent(name)
            let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
            XCTAssertFalse(files.isEmpty, name)
            let replacing = try Dictionary(
                uniqueKeysWithValues: files.map { ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) })
            let variant = try submission(named: name, course: course, root: root, replacing: replacing)
            let report = try TestSupport.gradeTests(variant, root: root, lessons: [target.lesson])
            let graded = try XCTUnwrap(Self.exercise(target.exercise, of: target.lesson, in: report), name)
            XCTAssertLessThan(graded.score, graded.maxScore, "\(name) scored full marks on \(target.exercise):\n\(report.text())")
            // A slip is charged once, at the larger of its costs: what the lesson's other exercises
            // (which call this one) lose is only what the slip's own loss did not cover, so then
            // all of that loss went back to them (code the grader refuses costs the lesson, on purpose).
            let lesson = try XCTUnwrap(report.lessons.first { $0.id == target.lesson })
            guard lesson.compileErrors == nil else { continue }
            let others = lesson.exercises.filter { $0.id != target.exercise }
            let uncovered = others.filter { $0.score < $0.maxScore - 1e-9 }
            for other in uncovered {
                for item in other.items where item.status != .notRun && item.score < item.maxScore - 1e-9 {
                    XCTAssertTrue(
                        item.messages.contains { $0.contains(Grader.slipsChargedOnce) },
                        "\(name) cost \(other.id) points outside the slips rule:\n\(report.text())")
                }
            }
            if !uncovered.isEmpty { costsOthers.insert(name) }
            if let exercise = uncovered.first {
                let given = others.flatMap(\.items).filter { $0.messages.contains { $0.contains(Grader.slipsChargedOnce) } }.map(\.score).reduce(0, +)
                XCTAssertEqual(
                    given, graded.maxScore - graded.score, accuracy: 1e-9, "\(name): \(exercise.id) did not get back all of \(target.exercise)'s loss:\n\(report.text())")
            }
        }
        XCTAssertEqual(costsOthers, Self.chargedMoreOutside, "the variants that cost other exercises points (docs/grading.md)")
    }

    /// The variants whose own exercise's tests charge them less than they cost the exercises
    /// that call it (docs/grading.md, "Charged once, at the larger cost"): the rest cost nothing
    /// outside their exercise.
    static let chargedMoreOutside: Set<String> = [
        "euler-step-refusing-negative-steps", "masked-training-of-the-dense-network", "shortcut-projected-only-when-the-channels-change",
        "euler-step-reading-the-field-at-the-updated-state", "coupling-g-reading-the-old-first-half", "masked-training-reseeding-every-epoch"
    ]

    private static func exercise(_ id: String, of lesson: String, in report: GradeReport) -> GradeReport.ExerciseGrade? {
        report.lessons.first { $0.id == lesson }?.exercises.first { $0.id == id }
    }

    /// Every exercise's reference solution laid out like `exercises/`, with the files in
    /// `replacing` (keyed `Module/File.swift`) swapped in.
    private func submission(named name: String, course: Course, root: URL, replacing: [String: String]) throws -> URL {
        let folder = root.appendingPathComponent("submissions/\(name)")
        for lesson in course.lessons {
            for exercise in lesson.exercises {
                let key = "\(lesson.moduleName)/\(exercise.fileName)"
                let file = folder.appendingPathComponent("exercises/Sources/\(key)")
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                let text = replacing[key] ?? SwiftSourceBuilder.foundationImport(for: exercise.snippet) + exercise.solutionCode
                try text.write(to: file, atomically: true, encoding: .utf8)
            }
        }
        return folder
    }
}
