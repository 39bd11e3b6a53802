@testable import CourseAuthoring
@testable import CourseToolchain
import Foundation
import XCTest

/// Every diagnostic id the sources can report has a fixture under `Fixtures/diagnostics` that
/// produces it. A fixture states what it must report in `expect:` lines (an HTML comment in a
/// lesson, a `//` comment in Swift):
///
///     <!-- expect: course.math.unclosed at 9:10: opens inline math -->
///     <!-- expect: warning course.test.notRun at 26:6: rename it -->
///     // expect: course.check.leak in exercises/Sources/Shared/Step.swift at 4:5: hidden test of step
///
/// that is severity (error unless named), id, the file when it is not the fixture itself, line,
/// column and a part of the message. A fixture must report exactly its expectations, no more.
final class DiagnosticFixtureTests: XCTestCase {
    static let folder = TestSupport.fixtures.appendingPathComponent("diagnostics")
    static let course = folder.appendingPathComponent("course")

    /// One `expect:` line.
    struct Expectation: CustomStringConvertible {
        var severity: Diagnostic.Severity
        var id: String
        var file: String
        var line: Int
        var column: Int
        var messagePart: String

        var key: String { "\(file):\(line):\(column): \(severity.rawValue) [\(id)]" }
        var description: String { "\(key) containing '\(messagePart)'" }
    }

    static func expectations(in text: String, file: String) throws -> [Expectation] {
        let pattern = try NSRegularExpression(
            pattern:
                #"expect: (?:(warning|note) )?(course\.[A-Za-z]+\.[A-Za-z0-9]+)(?: in (\S+))? at (\d+):(\d+): (.+?)(?: -->)?\s*$"#)
        return text.split(separator: "\n").compactMap { line in
            let line = String(line)
            guard let match = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { return nil }
            func group(_ index: Int) -> String? { Range(match.range(at: index), in: line).map { String(line[$0]) } }
            return Expectation(
                severity: group(1).flatMap(Diagnostic.Severity.init(rawValue:)) ?? .error, id: group(2)!,
                file: group(3) ?? file, line: Int(group(4)!)!, column: Int(group(5)!)!, messagePart: group(6)!)
        }
    }

    /// A fixture's text; the course's Latin-1 lesson (its mistake) is read as Latin-1.
    static func text(of url: URL) throws -> String {
        let data = try Data(contentsOf: url)
        return String(data: data, encoding: .utf8) ?? String(decoding: data.map { $0 < 0x80 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    /// The lesson fixtures (one per parse-level id) and their expectations.
    static func lessonFixtures() throws -> [(name: String, text: String, expected: [Expectation])] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted().map { name in
            let text = try text(of: folder.appendingPathComponent(name))
            return (name, text, try expectations(in: text, file: "lessons/\(name)"))
        }
    }

    /// Every expectation of the fixture course, from all its files.
    static func courseExpectations() throws -> [Expectation] {
        try FileTree.listFiles(in: course).sorted().flatMap { path in
            try expectations(in: text(of: course.appendingPathComponent(path)), file: path)
        }
    }

    /// Asserts that the diagnostics are exactly the expected ones, each with its message part.
    func assertReports(
        _ diagnostics: [Diagnostic], expected: [Expectation], _ context: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let found = diagnostics.map { "\($0.file):\($0.location.line):\($0.location.column): \($0.severity.rawValue) [\($0.id)]" }
        XCTAssertEqual(
            found.sorted(), expected.map(\.key).sorted(),
            "\(context) reports\n\(diagnostics.map(\.description).joined(separator: "\n"))", file: file, line: line)
        for expectation in expected {
            guard let diagnostic = diagnostics.first(where: { "\($0.file):\($0.location.line):\($0.location.column): \($0.severity.rawValue) [\($0.id)]" == expectation.key })
            else { continue }
            XCTAssertTrue(
                diagnostic.message.contains(expectation.messagePart),
                "\(context): '\(diagnostic.message)' does not contain '\(expectation.messagePart)'", file: file, line: line)
        }
    }

    func testEachLessonFixtureReportsExactlyItsExpectations() throws {
        let fixtures = try Self.lessonFixtures()
        XCTAssertGreaterThan(fixtures.count, 40)
        for fixture in fixtures {
            XCTAssertFalse(fixture.expected.isEmpty, "\(fixture.name) states no expectation")
            // As `course check` parses each lesson file before anything compiles.
            let (lesson, parsed) = TestSupport.parse(fixture.text, file: "lessons/\(fixture.name)")
            // `course check --mutants` reads the equivalent-mutant marks of a lesson that parsed.
            // and, before it compiles, where a hidden test keeps an expected value in the runner
            // which enum cases share a base name and which support state a submission could set.
            let marks =
                lesson.map {
                    EquivalentMutantMark.diagnostics(for: $0) + ExposedExpectedValueCheck.diagnostics(for: [$0])
                        + OverloadedEnumCaseCheck.diagnostics(for: [$0]) + SupportSettableStateCheck.diagnostics(for: [$0])
                } ?? []
            assertReports(parsed + marks, expected: fixture.expected, fixture.name)
        }
    }

    /// The ids that need more than one lesson file: a course's lessons side by side, its
    /// `exercises/`, its site. One load, and each later stage as `course check` or `course build`
    /// runs it, without compiling anything.
    func testTheFixtureCourseReportsItsExpectations() throws {
        let loaded = try CourseLoader(root: Self.course).load()
        var diagnostics = loaded.diagnostics
        // Both commands stop when loading reports an error; the later stages see the lessons that
        // loaded cleanly, as they would once the author has fixed the others.
        let failed = Set(loaded.diagnostics.filter { $0.severity == .error }.map(\.file))
        var course = loaded.course
        course.lessons.removeAll { failed.contains($0.file) }
        XCTAssertEqual(course.lessons.map(\.file), ["lessons/01-first.md", "lessons/06-reused.md", "lessons/07-support-holder.md"])
        // `course check`, before it compiles, then after the lessons: the leak scan of exercises/.
        diagnostics += ScaffoldPlaceholderCheck.diagnostics(for: course.lessons)
        XCTAssertNil(MathTypesetCheck.unavailableReason, "course.math.katex needs Node.js and KaTeX (libjs-katex)")
        diagnostics += try MathTypesetCheck.diagnostics(for: course.lessons)
        diagnostics += LeakScanner(course: course).scan(Self.course.appendingPathComponent("exercises")).leaks
        // `course build`: links first; then the site, whose figure's drawing `figures/plot.svg` stands
        // in for (drawing compiles the engine in release mode, which takes minutes), scanned with the
        // student package as the build scans them before writing.
        diagnostics += SiteLinks(course: course).brokenLinks()
        let first = try XCTUnwrap(course.lesson("shared"))
        var builder = try StudentSiteBuilder(course: course)
        builder.figures = [FigureRenderer.key(first, "plot"): try String(contentsOf: Self.course.appendingPathComponent("figures/plot.svg"), encoding: .utf8)]
        var files = try builder.tree().files
        for (path, text) in ExercisePackageWriter(course: course).tree().files { files["exercises/" + path] = text }
        diagnostics += LeakScanner(course: course).scan(files: files)
        assertReports(diagnostics, expected: try Self.courseExpectations(), "the fixture course")
    }

    func testEveryIdInTheSourcesHasAFixture() throws {
        let sources = try DiagnosticCatalogueTests.idsInSources()
        // Found only by compiling and running a lesson's tests: CourseCheckTests shows each
        // (testAHiddenTestThatAssertsNothingIsCaughtAtItsLine, testStubThatPassesEveryTestIsCaught,
        // testAStubThatIsASolutionOnceTheOtherExercisesAreSolvedIsCaught).
        let byRunningTests = [
            CourseChecker.Report.checksNothingID, CourseChecker.Report.passesOnStubID, CourseChecker.Report.stubPassesEveryTestID,
            CourseChecker.Report.stubIsASolutionID
        ]
        let covered = Set(try Self.lessonFixtures().flatMap(\.expected).map(\.id) + Self.courseExpectations().map(\.id) + byRunningTests)
        XCTAssertEqual(sources.subtracting(covered).sorted(), [], "ids without a fixture under Fixtures/diagnostics")
        XCTAssertEqual(covered.subtracting(sources).sorted(), [], "fixtures expect ids the sources no longer report")
    }
}
