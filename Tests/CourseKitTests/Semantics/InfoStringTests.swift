@testable import CourseAuthoring
@testable import CourseKit
import XCTest

final class InfoStringTests: XCTestCase {
    func testLanguageRoleAndQuotedAttributes() {
        let info = InfoString(#"swift exercise id=euler-step points=10 title="One Euler step""#)
        XCTAssertEqual(info.language, "swift")
        XCTAssertEqual(info.role, "exercise")
        XCTAssertEqual(info.attributes.map(\.key), ["id", "points", "title"])
        XCTAssertEqual(info.value("title")?.value, "One Euler step")
        XCTAssertEqual(info.value("points")?.offset, 29)
        XCTAssertNil(info.unterminatedQuoteOffset)
    }

    func testStrayWordsAndUnterminatedQuotes() {
        let info = InfoString(#"swift test exercise=a extra title="open"#)
        XCTAssertEqual(info.strayWords.map(\.0), ["extra"])
        XCTAssertEqual(info.unterminatedQuoteOffset, 28, "reported where the word starts")
    }

    func testTestFunctionScanner() {
        let snippet = CodeSnippet(
            code: """
                func testA() { }
                @MainActor func testB() async throws {
                private func helper() {}
                func testWithArgument(_ x: Int) {}
                    override func testC() throws {
                func testing() {}
                """, firstLine: 10, indent: 0, fenceLocation: SourceLocation(line: 9, column: 1))
        let found = TestFunctionScanner.scan(snippet)
        XCTAssertEqual(found.map(\.name), ["testA", "testB", "testC", "testing"])
        XCTAssertEqual(found.map(\.isAsync), [false, true, false, false])
        XCTAssertEqual(found.map(\.line), [0, 1, 4, 5])
    }

    func testSlugsAndTypeNames() {
        XCTAssertEqual(SwiftName.typeName(fromSlug: "euler-step"), "EulerStep")
        XCTAssertEqual(SwiftName.typeName(fromSlug: "rk4"), "Rk4")
        XCTAssertEqual(SwiftName.typeName(fromSlug: "2d-grid"), "Lesson2dGrid")
        XCTAssertTrue(SwiftName.isSlug("a-b-3"))
        XCTAssertFalse(SwiftName.isSlug("A-b"))
        XCTAssertFalse(SwiftName.isSlug("a--b"))
        XCTAssertFalse(SwiftName.isSlug("-a"))
        XCTAssertEqual(NewLessonAction.slug("ResNets as ODEs!"), "resnets-as-odes")
        XCTAssertEqual(NewLessonAction.slug("3 ways"), "lesson-3-ways")
    }
}

extension InfoStringTests {
    func testBlockCommentMarkersAreNearMisses() {
        if case .misspelt = SolutionRegionParser.marker(in: "    /* BEGIN SOLUTION */") {} else { XCTFail("not flagged") }
        if case .misspelt = SolutionRegionParser.marker(in: "/*END SOLUTION*/") {} else { XCTFail("not flagged") }
        XCTAssertNil(SolutionRegionParser.marker(in: "/* a comment about solutions */"))
    }

    /// One typo in a marker is one error, naming the marker it resembles: the region it would
    /// leave open (or the end it would leave unmatched) is not reported again.
    func testAMisspeltMarkerIsOneErrorThatNamesTheMarkerMeant() {
        let fence = "```"
        for (begin, end, meant) in [
            ("// BEGIN SOLUTION", "// END SOLUTOIN", "// END SOLUTION"), ("// BEGIN SOLUTOIN", "// END SOLUTION", "// BEGIN SOLUTION"),
            ("/* BEGIN SOLUTION */", "// END SOLUTION", "// BEGIN SOLUTION")
        ] {
            let text = """
                ---
                id: x
                title: X
                order: 1
                objectives:
                  - Add.
                ---

                \(fence)swift exercise id=add points=1
                func add(_ a: Int, _ b: Int) -> Int {
                    \(begin)
                    return a + b
                    \(end)
                }
                \(fence)

                \(fence)swift hidden-test exercise=add
                func testAdds() { XCTAssertEqual(add(1, 2), 3) }
                \(fence)

                """
            let errors = TestSupport.parse(text).1.filter { $0.severity == .error }
            XCTAssertEqual(errors.map(\.id), ["course.exercise.misspeltMarker"], "\(begin) … \(end): \(errors)")
            XCTAssertTrue(errors.first?.message.contains("looks like '\(meant)'") ?? false, "\(errors)")
        }
    }
}
