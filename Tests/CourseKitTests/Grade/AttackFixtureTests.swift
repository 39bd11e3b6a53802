@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// Every hostile submission in `Fixtures/attacks` (one file per attack, named for it) is handed in
/// as the graded lesson's exercise file, next to a correct file for the other lesson. The attacked
/// exercise must score nothing, the other lesson exactly its clean score, the report must show no
/// hidden value or lesson path, and the host's shared memory must be as it was.
final class AttackFixtureTests: XCTestCase {
    static let attacks = TestSupport.fixtures.appendingPathComponent("attacks")
    private var root: URL!

    override func setUpWithError() throws {
        root = try TestSupport.course(
            [
                "01-graded.md": NewLessonAction.template(id: "graded", title: "Graded", order: 1),
                "02-other.md": NewLessonAction.template(id: "other", title: "Other", order: 2)
            ], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
    }

    func testEveryAttackScoresNothingAndTheRestGradesAsClean() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.attacks.path).filter { $0.hasSuffix(".swift") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 10)
        let sharedMemoryBefore = Self.sharedMemoryFiles()
        for name in names {
            let report = try grade(attack: name)
            let graded = try XCTUnwrap(report.lessons.first { $0.id == "graded" }, name)
            let other = try XCTUnwrap(report.lessons.first { $0.id == "other" }, name)
            XCTAssertEqual(graded.score, 0, "\(name) earned points:\n\(report.text())")
            XCTAssertEqual(other.score, other.maxScore, "\(name) changed the other lesson's score:\n\(report.text())")
            let text = report.text()
            for secret in ["lessons/01-graded.md", "[3.0, -6.0]", "[3, -6]", "HiddenTests.swift", "testAddsTheBranch()"] {
                XCTAssertFalse(text.contains(secret), "\(name): '\(secret)' reached the report:\n\(text)")
            }
        }
        XCTAssertEqual(Self.sharedMemoryFiles(), sharedMemoryBefore, "an attack left files in the host's /dev/shm")
    }

    /// Behind admission (which refuses its file APIs), the sandbox: a test that walks the file
    /// system for the grader's caches finds none of them and writes into none.
    func testTheGradersCachesAreOutOfReachEvenWithoutAdmission() throws {
        let report = try grade(attack: "grader-caches-read-and-poisoned.swift", admitting: false)
        let graded = try XCTUnwrap(report.lessons.first { $0.id == "graded" })
        XCTAssertEqual(graded.score, 0)
        let messages = graded.exercises.flatMap(\.items).flatMap(\.messages).joined(separator: "\n")
        XCTAssertTrue(messages.contains("caches: "), "the attack ran in the sandbox:\n\(report.text())")
        XCTAssertFalse(messages.contains("grade-cache") || messages.contains("engine-") || messages.contains("admitted-") || messages.contains("student-"), messages)
        for cache in [Workspace(root: root).gradeCache, Workspace(root: root).engineCache] {
            let forged = FileManager.default.enumerator(atPath: cache.path)?.contains { path in
                (path as? String).map { $0.hasSuffix("/key") && (try? String(contentsOf: cache.appendingPathComponent($0), encoding: .utf8)) == "forged" } ?? false
            }
            XCTAssertEqual(forged, false, "an entry of \(cache.lastPathComponent) was written from inside the sandbox")
        }
    }

    /// The runner kept for a resubmission is linked before any student code runs and copied into
    /// the grading's folder: a test that overwrites every runner it can reach changes only its own
    /// copy, and grading the same files again runs the real hidden tests from the kept runner.
    func testAKeptRunnerCannotBePoisonedForTheNextGrading() throws {
        let kept = Workspace(root: root).gradeCache.appendingPathComponent("students")
        func keptRunners() -> [String: Data] {
            var runners: [String: Data] = [:]
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: kept.path)) ?? [] where entry.contains("-runner-") {
                runners[entry] = FileManager.default.contents(atPath: kept.appendingPathComponent("\(entry)/runner").path)
            }
            return runners
        }
        var before: [String: Data] = [:]
        for round in ["first grading", "the same files again"] {
            let report = try grade(attack: "runner-cache-poisoned.swift", admitting: false)
            let graded = try XCTUnwrap(report.lessons.first { $0.id == "graded" })
            XCTAssertEqual(graded.score, 0, round)
            let messages = graded.exercises.flatMap(\.items).flatMap(\.messages).joined(separator: "\n")
            XCTAssertTrue(messages.contains("runner: "), "\(round): the hidden tests ran the attack, not a forgery:\n\(report.text())")
            XCTAssertFalse(messages.contains("forged-runner"), messages)
            let runners = keptRunners()
            XCTAssertFalse(runners.isEmpty, "\(round): runners are kept, so the attack had something to aim at")
            // (The runner holds the forgery's text as a literal of the student's code: only its
            // start tells a linked executable from the script.)
            for (entry, bytes) in runners {
                XCTAssertEqual(bytes.prefix(4), Data([0x7F, 0x45, 0x4C, 0x46]), "\(entry) is no longer the linked executable")
                if let earlier = before[entry] { XCTAssertEqual(bytes, earlier, "\(entry) changed between gradings") }
            }
            before = runners
        }
    }

    /// Grades `name` as the graded lesson's file and the reference as the other lesson's.
    private func grade(attack name: String, admitting: Bool = true) throws -> GradeReport {
        let folder = try TestSupport.temporaryFolder(self).appendingPathComponent("student")
        let attacked = folder.appendingPathComponent("exercises/Sources/Graded/ResidualStep.swift")
        let clean = folder.appendingPathComponent("exercises/Sources/Other/ResidualStep.swift")
        for file in [attacked, clean] { try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true) }
        try FileManager.default.copyItem(at: Self.attacks.appendingPathComponent(name), to: attacked)
        try """
        func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
            x.map { $0 + f($0) }
        }

        """.write(to: clean, atomically: true, encoding: .utf8)
        var action = GradeAction(workspace: Workspace(root: root), submission: folder, output: { _ in })
        action.admitsSubmissions = admitting
        return try action.perform()
    }

    private static func sharedMemoryFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? []).sorted()
    }
}
