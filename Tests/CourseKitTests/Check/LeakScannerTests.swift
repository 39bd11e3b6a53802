@testable import CourseAuthoring
@testable import CourseToolchain
import Foundation
import XCTest

/// `LeakScanner`: what counts as a secret, what students are meant to see, and how pages, JSON
/// and Swift files are read for it. (`CourseCheckTests` plants leaks in a checked course.)
final class LeakScannerTests: XCTestCase {
    static let template = CourseCheckTests.template

    /// A page's attribute values are read too: stripping tags dropped a `title` or a `data-` value
    /// a copy button hands to the clipboard. Text split by highlighting tags is still found.
    func testSecretsInAttributesOfAPageAreFound() {
        let finder = SubstringIndex(["return x < limit && y", "let secret = 42"])
        let page = """
            <p>Prose</p>
            <button data-copy="return x &lt; limit &amp;&amp; y">Copy</button>
            <pre><code><span class="k">let</span> secret = 42</code></pre>
            <img alt="let secret = 42" src="a.svg">
            """
        let (leaks, lines) = LeakScanner.leakingLines(page, kind: "html", finder: finder)
        XCTAssertEqual(lines, 4)
        XCTAssertEqual(leaks.map(\.line), [2, 3, 4])
        XCTAssertEqual(leaks.map(\.secret), [0, 1, 1])
        XCTAssertEqual(LeakScanner.leakingLines(page, kind: "txt", finder: finder).leaks.map(\.line), [4], "other files are read as they are")
        XCTAssertEqual(LeakScanner.leakingLines("<p title=\"let x\">secret = 42</p>", kind: "html", finder: finder).leaks.count, 0)
    }

    /// What the scanner takes as shown is generated from the course with its secrets blanked: on
    /// the real course that package is the very package students get (the generator writes
    /// nothing it derives from a secret), and the blanked course holds no secret line.
    func testTheStudentPackageIsTheSameWithoutTheSecrets() throws {
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        let blanked = LeakScanner.withoutSecrets(course)
        let real = ExercisePackageWriter(course: course).tree().files
        let fromBlanked = ExercisePackageWriter(course: blanked).tree().files
        XCTAssertEqual(real.keys.sorted(), fromBlanked.keys.sorted())
        for (path, text) in real.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(text, fromBlanked[path], "\(path) depends on a hidden test, benchmark or solution line")
        }
        let secrets = LeakScanner(course: course).secretLines()
        XCTAssertGreaterThan(secrets.count, 100)
        let blankedCode = blanked.lessons.flatMap { $0.exercises.map(\.snippet.code) + $0.tests.map(\.snippet.code) }.joined(separator: "\n")
        XCTAssertFalse(secrets.keys.contains { blankedCode.contains($0) }, "the blanked course still holds a secret")
        XCTAssertEqual(
            blanked.lessons.map { $0.exercises.map(\.snippet.lines.count) }, course.lessons.map { $0.exercises.map(\.snippet.lines.count) })
        // A generator that copied a solution line into the package would now be caught: the line
        // is a secret, and the package generated without secrets does not hold it.
        let lesson = try XCTUnwrap(course.lessons.first)
        let secret = try XCTUnwrap(secrets.first { $0.value.contains("solution of \(lesson.exercises[0].id)") }?.key)
        var files = real.mapValues { $0 }
        let stub = try XCTUnwrap(ExercisePackageWriter.editableFiles(of: lesson).first)
        files[stub] = try XCTUnwrap(files[stub]) + "\n/// \(secret)\n"
        XCTAssertEqual(LeakScanner(course: course).scan(files: files).map(\.file), [stub])
    }

    func testPagesAreReadAsAReaderSeesThem() {
        // Tags go (one may span lines; a `<` with no `>` after it stays), then entities are decoded
        // once, after the tags: `&amp;lt;` reads `&lt;`, and an entity a tag split still decodes.
        XCTAssertEqual(LeakScanner.readable("<p class=\"x\">a &lt; b &amp;&amp; c</p>", kind: "html"), "a < b && c")
        XCTAssertEqual(LeakScanner.readable("<span\nclass=k>let</span> x &amp;lt; y", kind: "html"), "let x &lt; y")
        XCTAssertEqual(LeakScanner.readable("&l<b>t;&quot;&#39;&gt; 1 < 2", kind: "html"), "<\"'> 1 < 2")
        XCTAssertEqual(LeakScanner.readable("λ <em>ü</em>&amp", kind: "html"), "λ ü&amp")
        XCTAssertEqual(LeakScanner.readable("a > b <", kind: "html"), "a > b <")
        // JSON strings are read in one pass: an escaped backslash before `n` is a backslash and
        // an `n`, as in Swift source; `\u` escapes decode; an unknown escape stays.
        XCTAssertEqual(LeakScanner.readable(#"{"t":"print(\"a\\nb\")\nnext \u03bb \/ \q"}"#, kind: "json"), "{\"t\":\"print(\"a\\nb\")\nnext λ / \\q\"}")
        XCTAssertEqual(LeakScanner.readable(#"tab\tend\u12"#, kind: "js"), "tab\tend\\u12")
    }

    func testLeakingLinesAreFoundInOnePassWithTheirLineColumnAndFirstSecret() {
        let finder = SubstringIndex(["let secret = 42", "another hidden line"])
        let text = "first line\n    let secret = 42 // and another hidden line\n\n\tanother hidden line\nlast"
        let (leaks, lines) = LeakScanner.leakingLines(Array(text.utf8), finder: finder)
        XCTAssertEqual(lines, 5)
        XCTAssertEqual(leaks.map(\.line), [2, 4])
        XCTAssertEqual(leaks.map(\.column), [5, 2])
        XCTAssertEqual(leaks.map(\.secret), [0, 1], "the first secret in the finder's order, once per line")
        XCTAssertEqual(LeakScanner.leakingLines(Array("let secret = 4\n2".utf8), finder: finder).leaks.count, 0, "no secret spans lines")
        XCTAssertEqual(LeakScanner.leakingLines([], finder: finder).lines, 1)
    }

    func testLeakedSolutionLineIsFoundButVisibleCodeIsNot() throws {
        let lesson = try XCTUnwrap(TestSupport.parse(Self.template).0)
        let secrets = LeakScanner(course: Course(root: URL(fileURLWithPath: "/"), lessons: [lesson])).secretLines()
        XCTAssertNotNil(secrets["return x.map { $0 + f($0) }"])
        XCTAssertNil(secrets["func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {"])
        XCTAssertNil(secrets["XCTAssertEqual(residualStep([1, 2, 3], { _ in 0 }), [1, 2, 3])"], "visible tests are not secret")
    }
}
