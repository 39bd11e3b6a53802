@testable import CourseAuthoring
import Foundation
@testable import HandinRules
import XCTest

/// What the student package's tools are generated from: the grader's own rule files, verbatim,
/// and the grader's own lists. (`StudentLoopTests` runs the tools.)
final class StudentToolsWriterTests: XCTestCase {
    func testTheHandInToolCarriesTheGradersRuleFilesVerbatim() throws {
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        XCTAssertTrue(course.handinSources.keys.contains("SourceAdmission.swift"), "\(course.handinSources.keys.sorted())")
        let tree = ExercisePackageWriter(course: course).tree()
        for (name, text) in course.handinSources {
            let onDisk = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("\(Course.handinFolder)/\(name)"), encoding: .utf8)
            XCTAssertEqual(text, onDisk, name)
            XCTAssertEqual(tree["HandinTool/\(name)"], text, name)
        }
        // Nothing the student package embeds may reach past the toolchain's swift-syntax and Foundation.
        for (name, text) in course.handinSources {
            for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                XCTAssertTrue(["import Foundation", "import SwiftSyntax", "import SwiftParser"].contains(String(line)), "\(name): \(line)")
            }
        }
    }

    func testTheHandInListsAreTheGradersAndTheProgressTableKnowsEachStub() throws {
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        let writer = StudentToolsWriter(course: course)
        let handin = writer.handinCourse()
        for name in SourceAdmission.standard(usesEngine: true).reservedNames {
            XCTAssertTrue(handin.contains(StudentToolsWriter.literal(name)), name)
        }
        let engineLesson = try XCTUnwrap(course.lessons.first(where: \.usesEngine))
        let plainLesson = try XCTUnwrap(course.lessons.first(where: { !$0.usesEngine }))
        // The lesson's own support module may be imported too (its module re-exports it anyway).
        func imports(_ names: [String], _ lesson: Lesson) -> String {
            (names + (lesson.support.isEmpty ? [] : [lesson.supportModuleName])).sorted().map { "\"\($0)\"" }.joined(separator: ", ")
        }
        XCTAssertTrue(
            handin.contains(
                "module: \"\(engineLesson.moduleName)\", usesEngine: true, allows: [], refuses: [], allowedImports: ["
                    + imports(["Darwin", "Foundation", "Glibc", "Musl", "ResidualEngine", "Swift"], engineLesson) + "]"
            ), handin)
        XCTAssertTrue(
            handin.contains(
                "module: \"\(plainLesson.moduleName)\", usesEngine: false, allows: [], refuses: [], allowedImports: ["
                    + imports(["Darwin", "Foundation", "Glibc", "Musl", "Swift"], plainLesson) + "]"),
            handin)

        // A lesson's refused support-library declarations reach the hand-in tool's object check.
        let refusing = try XCTUnwrap(course.lessons.first { !$0.meta.refuses.isEmpty })
        XCTAssertTrue(
            handin.contains(
                "module: \"\(refusing.moduleName)\", usesEngine: true, allows: [], refuses: [\(refusing.meta.refuses.map(StudentToolsWriter.literal).joined(separator: ", "))]"),
            handin)
        XCTAssertTrue(refusing.meta.refuses.contains("DenseLayer.backward"), "\(refusing.meta.refuses)")

        let progress = writer.progressCourse()
        let lesson = try XCTUnwrap(course.lessons.first)
        let exercise = try XCTUnwrap(lesson.exercises.first)
        let stub = try XCTUnwrap(SwiftSourceBuilder(lesson: lesson).stubModule()[exercise.fileName])
        XCTAssertTrue(progress.contains("stub: \"\(StudentToolsWriter.fingerprint(stub))\""), progress)
        XCTAssertNotEqual(StudentToolsWriter.fingerprint(stub), StudentToolsWriter.fingerprint(stub + " "))
        let visible = lesson.tests(for: exercise.id, hidden: false).flatMap(\.testNames)
        XCTAssertFalse(visible.isEmpty)
        for test in visible { XCTAssertTrue(progress.contains("/\(test.name)\""), test.name) }
        for test in lesson.tests(for: exercise.id, hidden: true).flatMap(\.testNames) {
            XCTAssertFalse(progress.contains("/\(test.name)\""), "hidden test \(test.name) named in the student package")
        }
    }

    func testACourseWithoutTheRulesGetsProgressButNoHandIn() throws {
        var course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        course.handinSources = [:]
        let tree = ExercisePackageWriter(course: course).tree()
        XCTAssertNotNil(tree["Plugins/Progress/Progress.swift"])
        XCTAssertNil(tree["Plugins/Handin/Handin.swift"])
        XCTAssertFalse(tree["Package.swift"]?.contains("handin") ?? true)
        XCTAssertTrue(tree["README.md"]?.contains("swift package progress") ?? false)
        XCTAssertFalse(try StudentSiteBuilder(course: course).startSection().contains("handin"))
    }

    func testTheStartPageGivesTheCommandsStudentsType() throws {
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        let start = try StudentSiteBuilder(course: course).startSection()
        XCTAssertTrue(start.contains("<pre><code>swift package progress</code></pre>"), start)
        XCTAssertTrue(start.contains("<pre><code>swift package --allow-writing-to-package-directory handin</code></pre>"), start)
        let readme = try XCTUnwrap(ExercisePackageWriter(course: course).tree()["README.md"])
        XCTAssertTrue(readme.contains("swift package --allow-writing-to-package-directory handin"), readme)
    }
}
