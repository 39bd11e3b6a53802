import CourseToolchain

/// Expected values of hidden tests that the blind runner must keep, found before `course check`
/// compiles anything.
///
/// The blind form drops a literal that only hidden checks read (`ExpectedValueFlow`). One that
/// the test also computes with, indexes by, branches on or iterates out of a dictionary stays in
/// the process the submission runs in, where a student who reads our source can find it in
/// memory. Grading still works; the warning is so the author can keep the secret secret.
package enum ExposedExpectedValueCheck {
    /// One `course.test.exposedExpectedValue` warning per line of a hidden test that holds such values.
    package static func diagnostics(for lessons: [Lesson]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for lesson in lessons {
            let builder = SwiftSourceBuilder(lesson: lesson)
            let valueTypes = LessonValueTypes.of(lesson)
            for (_, blocks) in builder.testClasses(hidden: true) {
                let codes = blocks.map(\.snippet.code)
                let flow = ExpectedValueFlow.of(blocks: codes, constants: NamedConstants.names(in: codes), valueTypes: valueTypes)
                for block in blocks {
                    for location in firstOnEachLine(HandWrittenAccuracyChecks.offsets(in: block.snippet.code), in: block.snippet) {
                        diagnostics.append(
                            Diagnostic(
                                "course.test.exposedExpectedValue", .warning, file: lesson.file, at: location,
                                "this expected value stays in the process a submission runs in: an XCTAssertTrue or XCTAssertFalse "
                                    + "condition is compiled whole, literals and all (only a comparing assertion's operands are left out)",
                                notes: [.init(message: "compare with XCTAssertEqual(actual, expected, accuracy: tolerance) instead")]))
                    }
                    for location in firstOnEachLine(LabeledRowReads.offsets(in: block.snippet.code), in: block.snippet) {
                        diagnostics.append(
                            Diagnostic(
                                "course.test.exposedExpectedValue", .warning, file: lesson.file, at: location,
                                "this table's row is read by its labels: the whole table, expected values too, stays in the process a submission runs in",
                                notes: [.init(message: "take the row apart in the loop (`for (x, expected) in table`), so each expected value leaves the runner")]))
                    }
                }
                for (block, offsets) in zip(blocks, flow.exposed) where !offsets.isEmpty {
                    for location in firstOnEachLine(offsets.sorted(), in: block.snippet) {
                        diagnostics.append(
                            Diagnostic(
                                "course.test.exposedExpectedValue", .warning, file: lesson.file, at: location,
                                "this expected value stays in the process a submission runs in: the test's own code uses it too (in a call, a condition, an index, a `var`, a dictionary's order, a position the results decide such as `0..<actual.count`, or a table walked by a loop whose turns may check more or less)",
                                notes: [
                                    .init(
                                        message:
                                            "use it only in XCTAssert… calls (directly or through a helper that compares it), loop over the expected value's own `indices`, check a result's shape before a loop rather than inside it, and keep inputs apart from expected values"
                                    )
                                ]))
                    }
                }
            }
        }
        return diagnostics
    }

    /// The lesson location of the first offset on each line of `snippet`'s code.
    private static func firstOnEachLine(_ offsets: [Int], in snippet: CodeSnippet) -> [SourceLocation] {
        var locations: [SourceLocation] = []
        var lastLine = -1
        let bytes = Array(snippet.code.utf8)
        var line = 0
        var lineStart = 0
        var position = 0
        for offset in offsets {
            while position < offset && position < bytes.count {
                if bytes[position] == 0x0A {
                    line += 1
                    lineStart = position + 1
                }
                position += 1
            }
            guard line != lastLine else { continue }
            lastLine = line
            let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
            locations.append(SourceLocation(line: snippet.firstLine + line, column: snippet.indent + column))
        }
        return locations
    }
}
