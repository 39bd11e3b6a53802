@testable import CourseAuthoring
@testable import CourseKit
@testable import CourseToolchain
import Foundation
@testable import HandinRules
import XCTest

/// The search index holds text as a reader sees it, once per section.
final class SearchIndexTests: XCTestCase {
    func testTeXReadsAsItsSymbolsAndKeepsTheirNames() {
        let read = TeXText.read(#"|1 + h\lambda| \le 1,\quad \frac{\partial L}{\partial x_l} = \mathrm{d}\alpha^{\varphi}"#)
        XCTAssertEqual(read.text, "|1 + hλ| ≤ 1, ∂L/∂xl = dαφ")
        XCTAssertEqual(read.symbolNames, ["lambda", "le", "partial", "alpha", "varphi"])
        XCTAssertFalse(read.text.contains("frac") || read.text.contains("mathrm") || read.text.contains("quad"))
        XCTAssertEqual(TeXText.read(#"\sin x \cdot \{a\}"#).text, "sin x · {a}")
        // A space after a command word parts it from a sign or a number (a new author's heading
        // "Why $\gamma = 0$ …" read "γ= 0" in the contents and the search index).
        XCTAssertEqual(TeXText.read(#"\gamma = 0, \beta 2"#).text, "γ = 0, β 2")
    }

    func testWhitespaceCollapsesAsSplittingByCharacterWould() {
        let samples = [
            "", "   ", "one", "  two  words ", "tabs\tand\nnew\r\nlines\u{0B}\u{0C}end", "no\u{00A0}break\u{2003}em\u{3000}wide",
            "λ = 1 ,  ∂L", "e\u{301} \u{301}accent", "\u{0600} prepended", "joined\u{200D} by zwj", "\n\nleading and trailing\n\n"
        ]
        for sample in samples {
            XCTAssertEqual(
                SearchIndexWriter.collapsingWhitespace(sample), sample.split(whereSeparator: \.isWhitespace).joined(separator: " "),
                sample.debugDescription)
        }
    }

    func testFigureKeysIgnoreOnlySourceLocationLines() {
        let source = "let a = 1\n#sourceLocation(file: \"x.md\", line: 3)\n  \t#sourceLocation()\nlet b = 2\n\n// #sourceLocation stays\n"
        XCTAssertEqual(source.withoutSourceLocationDirectives, "let a = 1\nlet b = 2\n\n// #sourceLocation stays\n")
    }

    func testSectionsAreUniqueAndTheTitleIsNotASection() throws {
        let lesson = NewLessonAction.template(id: "euler", title: "Euler steps", order: 1)
            .replacingOccurrences(
                of: "# Euler steps\n", with: "# Euler steps\n\nStable when $|1 + h\\lambda| \\le 1$.\n\n## Stability\n\nFirst part.\n\n## Stability\n\nSecond part.\n")
        let root = try TestSupport.course(["01-euler.md": lesson], test: self)
        let course = try CourseLoader(root: root).load().course
        let entries = SearchIndexWriter.entries(for: try XCTUnwrap(course.lessons.first))
        XCTAssertEqual(entries.first?.section, "", "the lesson's opening")
        XCTAssertFalse(entries.contains { $0.section == "Euler steps" }, "no \"Euler steps › Euler steps\"")
        // Two headings of one name have anchors of their own (`HeadingAnchors`): a result each.
        XCTAssertEqual(entries.filter { $0.anchor == "stability" }.count, 1, "one result per anchor")
        let stability = try XCTUnwrap(entries.first { $0.anchor == "stability" })
        XCTAssertTrue(stability.text.contains("First part.") && !stability.text.contains("Second part."), stability.text)
        let again = try XCTUnwrap(entries.first { $0.anchor == "stability-2" })
        XCTAssertTrue(again.text.contains("Second part."), again.text)
        let opening = try XCTUnwrap(entries.first)
        XCTAssertTrue(opening.text.contains("|1 + hλ| ≤ 1"), opening.text)
        XCTAssertTrue(opening.terms.contains("lambda"), "\(opening.terms)")
        XCTAssertFalse(opening.text.contains("\\lambda"), "TeX source is not shown in snippets")

        // Each exercise box is found by its id, its file and its stub's code, never its solution.
        let box = try XCTUnwrap(entries.first { $0.anchor == "exercise-residual-step" }, "\(entries.map(\.anchor))")
        XCTAssertEqual(box.section, "Exercise residual-step: One residual step")
        XCTAssertTrue(box.text.hasPrefix("exercises/Sources/Euler/ResidualStep.swift "), box.text)
        XCTAssertTrue(box.text.contains("func residualStep("), box.text)
        let exercise = try XCTUnwrap(course.lessons.first?.exercises.first)
        XCTAssertFalse(box.text.contains(exercise.solutionCode.trimmingCharacters(in: .whitespacesAndNewlines)), box.text)

        let script = try SearchIndexWriter.script(for: course)
        XCTAssertTrue(script.hasPrefix("window.COURSE_SEARCH_INDEX = ["), script)
        XCTAssertTrue(script.contains("\"terms\":\"lambda le\""), script)
    }

    func testObjectivesAreInlineMarkdownWithMathOnPagesAndInSearch() throws {
        let objective = #"Apply $d = \alpha^\phi$ with *explicit* rounding and `round()`"#
        XCTAssertEqual(
            StudentSiteBuilder.inlineHTML(objective),
            #"Apply <span class="math inline">d = \alpha^\phi</span> with <em>explicit</em> rounding and <code>round()</code>"#)
        XCTAssertEqual(StudentSiteBuilder.inlineHTML("# not a heading <b>"), "# not a heading &lt;b&gt;", "not one paragraph: plain text")
        let lesson = NewLessonAction.template(id: "scale", title: "Scaling", order: 1)
            .replacingOccurrences(of: "objectives:\n", with: "objectives:\n  - \"\(objective.replacingOccurrences(of: "\\", with: "\\\\"))\"\n")
        let root = try TestSupport.course(["01-scale.md": lesson], test: self)
        let course = try CourseLoader(root: root).load().course
        let opening = try XCTUnwrap(SearchIndexWriter.entries(for: try XCTUnwrap(course.lessons.first)).first)
        XCTAssertTrue(opening.text.contains("d = αϕ"), opening.text)
        XCTAssertTrue(opening.terms.contains("alpha") && opening.terms.contains("phi"), "\(opening.terms)")
        XCTAssertFalse(opening.text.contains("$"), opening.text)
    }
}

/// The student package the site offers: a zip any unzip reads, the same bytes for the same files.
final class ZipArchiveWriterTests: XCTestCase {
    func testArchiveUnzipsToTheSameFiles() throws {
        let files = ["Package.swift": "// swift-tools-version: 5.9\n", "Sources/Mod/Ünïcode.swift": "let λ = 1\n", "README.md": ""]
        let data = ZipArchiveWriter.archive(files, folder: "exercises")
        XCTAssertEqual(data, ZipArchiveWriter.archive(files, folder: "exercises"), "deterministic")
        XCTAssertEqual(ZipArchiveWriter.crc32(Data("123456789".utf8)), 0xCBF4_3926, "the standard check value")
        let folder = try TestSupport.temporaryFolder(self)
        let zip = folder.appendingPathComponent("exercises.zip")
        try data.write(to: zip)
        guard let unzip = ProcessRunner.which("unzip") else { return XCTFail("unzip is not installed; run scripts/bootstrap") }
        let outcome = try ProcessRunner.run(unzip, ["-q", zip.path, "-d", folder.path], timeout: 60)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        for (path, text) in files {
            XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("exercises/" + path), encoding: .utf8), text, path)
        }
    }
}
