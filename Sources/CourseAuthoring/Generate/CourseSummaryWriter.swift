import CourseGrading
import CourseToolchain
import Foundation

/// The course's numbers (lessons, exercises, hidden tests, benchmarks, points) as a Markdown table
/// between two marker lines of the course's README.md. `course generate` writes it and
/// `generate --check` fails when it is stale, so counts appear in generated text and nowhere else
/// in prose, where they would drift from the lessons. A README without the markers is left alone.
public struct CourseSummaryWriter {
    /// The marker lines; the begin line says who writes what follows (a line that starts with
    /// `beginPrefix` is a begin marker, whatever the rest says).
    static let beginPrefix = "<!-- course-summary:begin"
    public static let beginMarker = beginPrefix + " (written by `course generate` from lessons/; edits are overwritten) -->"
    public static let endMarker = "<!-- course-summary:end -->"

    public let course: Course

    public init(course: Course) { self.course = course }

    /// The table, one row per lesson and one for the whole course.
    public func table() -> String {
        var rows = ["| # | lesson | exercises | hidden tests | benchmarks | points |", "|---|---|---|---|---|---|"]
        var total = (exercises: 0, hiddenTests: 0, benchmarks: 0, points: 0.0)
        for lesson in course.lessons {
            let hiddenTests = lesson.tests.filter(\.hidden).reduce(0) { $0 + $1.testNames.count }
            rows.append(
                "| \(lesson.meta.order) | \(lesson.meta.title) | \(lesson.exercises.count) | \(hiddenTests) | "
                    + "\(lesson.benchmarks.count) | \(GradeReport.points(lesson.points)) |")
            total.exercises += lesson.exercises.count
            total.hiddenTests += hiddenTests
            total.benchmarks += lesson.benchmarks.count
            total.points += lesson.points
        }
        let lessons = "\(course.lessons.count) lesson\(course.lessons.count == 1 ? "" : "s")"
        rows.append(
            "| | **the course: \(lessons)** | **\(total.exercises)** | **\(total.hiddenTests)** | **\(total.benchmarks)** | "
                + "**\(GradeReport.points(total.points))** |")
        return rows.joined(separator: "\n") + "\n"
    }

    /// `text` (the README, named `file` in errors) with the section between the markers replaced
    /// by the current table, or `nil` when it has no markers.
    public func updating(_ text: String, file: String = "README.md") throws -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let begin = lines.firstIndex { $0.hasPrefix(Self.beginPrefix) }
        let end = lines.firstIndex { $0.hasPrefix(Self.endMarker) }
        switch (begin, end) {
        case (nil, nil): return nil
        case (let begin?, let end?) where begin < end:
            let table = table().split(separator: "\n").map(String.init)
            let updated = lines[..<begin].map(String.init) + [Self.beginMarker] + table + [Self.endMarker] + lines[(end + 1)...].map(String.init)
            return updated.joined(separator: "\n")
        default:
            // The first marker that has no partner after or before it.
            let line = [begin, end].compactMap { $0 }.min()! + 1
            throw CourseError.toolFailed(
                "\(file):\(line): a course summary marker without its partner: "
                    + "the section runs from a line starting \(Self.beginPrefix) to a line \(Self.endMarker)")
        }
    }
}
