@testable import CourseGrading
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// What a submission writes (test messages, compiler output quoting its lines, file names) reaches
/// every human-facing format as visible text, never as terminal control characters.
final class ReportSafetyTests: XCTestCase {
    /// Clear the screen, set the window title, overwrite the line, erase, a C1 CSI, a bidi override.
    static let hostile = "A\u{1B}[2J\u{1B}]0;pwned\u{07}B\rC\u{8}\u{8}D\u{9B}31mE\u{202E}F\u{7F}"

    func testSafeTextShowsControlsAndKeepsLinesAndTabs() {
        XCTAssertEqual(SafeText.visible(Self.hostile), "A^[[2J^[]0;pwned^GB^MC^H^HD<U+009B>31mE<U+202E>F^?")
        XCTAssertEqual(SafeText.visible("line 1\r\n\tline 2\n"), "line 1\n\tline 2\n")
        XCTAssertEqual(SafeText.visible("\u{0}\u{1F}\u{FFFE}é✓"), "^@^_<U+FFFE>é✓")
        XCTAssertEqual(SafeText.xml("<a href=\"x\">&'\n\t\u{1B}", attribute: true), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#10;&#9;^[")
        XCTAssertEqual(SafeText.html("<b>\u{1B}[1m</b>"), "&lt;b&gt;^[[1m&lt;/b&gt;")
    }

    /// Red team, round 22: a crash message with `\r\n` inside (one Character in Swift) stayed one
    /// "line" through the crash filter and printed report lines of its own (`Submission x: 99 /
    /// 99 points`) at the left margin; 300 "characters" of combining marks came to 60 KB.
    func testCrashOutputCannotAddReportLinesOrGrowPastItsCap() {
        let output = "DynamicalSystems/EulerStep.swift:6: Fatal error: boom\r\n\r\nSubmission crlf: 99 / 99 points\r\n  euler-step: 2 / 2\n"
        XCTAssertEqual(TestRunner.crashLines(output), ["DynamicalSystems/EulerStep.swift:6: Fatal error: boom"])
        let marks = String(repeating: "x" + String(repeating: "\u{301}", count: 3000), count: 10)
        let capped = ResultFile.cap([marks])
        XCTAssertEqual(capped[0].unicodeScalars.count, 302, "300 scalars and \" …\"")
        XCTAssertLessThan(capped[0].utf8.count, 700)
        // Whatever a message holds, each of its lines stays inside its test's block of the report.
        let item = GradeReport.ItemGrade(
            name: "Hidden/testCrash", kind: .test, status: .crashed, score: 0, maxScore: 1, messages: ["boom\nSubmission x: 99 / 99 points"])
        let lesson = GradeReport.LessonGrade(
            id: "graded", title: "Graded", compileErrors: nil, apiErrors: [], missingFiles: [], exercises: [.init(id: "step", items: [item])])
        let text = GradeReport(submission: "x", lessons: [lesson]).text()
        XCTAssertTrue(text.contains("\n      Submission x: 99 / 99 points\n"), text)
        XCTAssertEqual(text.components(separatedBy: "\nSubmission ").count, 1, text)
    }

    func testHandMadeReportIsVisibleInEveryFormat() throws {
        let item = GradeReport.ItemGrade(
            name: "Hidden/test\u{1B}[0m", kind: .test, status: .failed, score: 0, maxScore: 1,
            messages: ["XCTAssertEqual failed: \(Self.hostile)"])
        let lesson = GradeReport.LessonGrade(
            id: "graded", title: "Graded", compileErrors: nil, apiErrors: [], missingFiles: [],
            exercises: [.init(id: "step", items: [item])])
        let broken = GradeReport.LessonGrade(
            id: "other", title: "Other", compileErrors: "Step.swift:2:5: error: \(Self.hostile)",
            apiErrors: ["\u{9B}2J"], missingFiles: [],
            exercises: [.init(id: "step", items: [item])])
        let report = GradeReport(submission: "student\u{1B}]0;x\u{07}", lessons: [lesson, broken])
        try assertVisible(report)
    }

    /// A real grading: a crash message and a compile error that quote the submission's control characters.
    func testGradedSubmissionWithControlCharactersIsVisibleInEveryFormat() throws {
        let root = try TestSupport.course(
            [
                "01-graded.md": NewLessonAction.template(id: "graded", title: "Graded", order: 1),
                "02-other.md": NewLessonAction.template(id: "other", title: "Other", order: 2)
            ], test: self)
        try GenerateAction(workspace: Workspace(root: root), checkOnly: false, output: { _ in }).perform()
        let folder = try TestSupport.temporaryFolder(self)
        let escaped = "\\u{1B}[2J\\u{1B}]0;pwned\\u{07}\\r\\u{8}"
        let bodies = [
            ("Graded", "fatalError(\"\(escaped)\")"),
            // A raw ESC in a comment on the line with the error: the compiler quotes that line.
            ("Other", "return x.map { $0 + g($0) } // \u{1B}[2J\u{1B}]0;pwned\u{07}")
        ]
        for (module, body) in bodies {
            let file = folder.appendingPathComponent("Sources/\(module)/ResidualStep.swift")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {\n    \(body)\n}\n"
                .write(to: file, atomically: true, encoding: .utf8)
        }
        var action = GradeAction(workspace: Workspace(root: root), submission: folder, output: { _ in })
        action.runBenchmarks = false
        let report = try action.perform()
        let message = report.lessons[0].exercises[0].items[0].messages.joined()
        XCTAssertTrue(message.contains("\u{1B}[2J"), "the crash message carries the submission's ESC: \(message)")
        XCTAssertTrue(try XCTUnwrap(report.lessons[1].compileErrors).contains("\u{1B}"), "the compiler quotes the line")
        try assertVisible(report)
        XCTAssertTrue(report.text().contains("^[[2J^[]0;pwned^G^M^H"), report.text())
        XCTAssertTrue(try report.json().contains("\\u001b[2J"), "the project's JSON keeps the data, escaped by the encoder")
    }

    /// No control character but `\n`/`\t` in text, JUnit, HTML or Gradescope; JUnit parses as XML;
    /// the hostile sequences show as `^[`.
    private func assertVisible(_ report: GradeReport, file: StaticString = #filePath, line: UInt = #line) throws {
        let outputs = [
            "text": report.text(), "coloured text": report.text(color: true).replacingOccurrences(of: "\u{1B}[", with: "<colour>"),
            "junit": report.junit(), "html": FeedbackPageWriter.page(report),
            "gradescope": try report.gradescope(executionSeconds: 1)
        ]
        for (format, output) in outputs {
            let controls = output.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
            XCTAssertEqual(controls.map(\.value), [], "\(format) holds control characters", file: file, line: line)
            XCTAssertTrue(output.contains("^[[2J") || format == "gradescope", "\(format): \(output)", file: file, line: line)
        }
        let gradescope = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try report.gradescope(executionSeconds: 1).utf8)) as? [String: Any])
        XCTAssertTrue("\(gradescope)".contains("^[[2J"), "\(gradescope)", file: file, line: line)
        try assertWellFormedXML(report.junit(), file: file, line: line)
    }

    /// Parses `xml` with python3's XML parser (Foundation's XMLParser is not in Foundation on Linux).
    private func assertWellFormedXML(_ xml: String, file: StaticString, line: UInt) throws {
        let python = try XCTUnwrap(ProcessRunner.which("python3"), "python3 checks the XML")
        let path = try TestSupport.temporaryFolder(self).appendingPathComponent("junit.xml")
        try xml.write(to: path, atomically: true, encoding: .utf8)
        let parsed = try ProcessRunner.run(python, ["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])", path.path])
        XCTAssertEqual(parsed.status, 0, parsed.output, file: file, line: line)
    }
}
