import Foundation
import GRDB

/// How the class did, item by item, over each student's record (the latest submission graded on
/// each lesson): the exercises and hidden tests students fail most, how many tests passed only
/// because a slip is charged once (`Grader.chargingSlipsOnce`), and how benchmark ratios spread.
/// For instructors: a test most students fail may test something the lesson never says.
public struct ClassStatistics: Equatable, Sendable {
    public struct Exercise: Equatable, Sendable {
        public var lesson: String
        public var exercise: String
        /// Students whose record holds the lesson.
        public var graded: Int
        public var meanScore: Double
        /// The exercise's points (benchmarks not run count toward none, as in reports).
        public var maxScore: Double
        public var fullMarks: Int
    }

    public struct Item: Equatable, Sendable {
        public var lesson: String
        public var exercise: String
        public var item: String
        public var kind: String
        public var graded: Int
        public var passed: Int
        /// Passed only with the reference's code for another exercise that failed.
        public var passedBySlipsRule: Int
        /// Benchmarks not timed (graded with benchmarks off).
        public var notRun: Int
        /// The timed ratios, sorted.
        public var ratios: [Double]
    }

    public var students: Int
    public var exercises: [Exercise]
    public var items: [Item]

    /// A report to read: exercises in lesson order, then the tests some student failed, lowest
    /// pass rate first, then the benchmarks.
    public func text() -> String {
        func n(_ v: Double) -> String { Gradebook.number(v) }
        var out = "\(students) student\(students == 1 ? "" : "s") (each student's latest grade of each lesson)\n\nExercises: mean score, and students with full marks\n"
        for e in exercises {
            out += "  \(e.lesson) › \(e.exercise): \(n(e.meanScore)) / \(n(e.maxScore)), \(e.fullMarks) of \(e.graded) full\n"
        }
        // By the share that passed on the student's own code: a test often passed only by the
        // slips rule shows an exercise that others build on and students get wrong.
        func ownShare(_ t: Item) -> Double { Double(t.passed - t.passedBySlipsRule) / Double(t.graded) }
        let failedTests = items.filter { $0.kind == "test" && ($0.passed < $0.graded || $0.passedBySlipsRule > 0) }
            .sorted { (ownShare($0), $0.item) < (ownShare($1), $1.item) }
        out += "\nHidden tests some student failed or passed only by the slips rule, lowest pass rate first\n"
        if failedTests.isEmpty { out += "  none\n" }
        for t in failedTests {
            let rescued = t.passedBySlipsRule > 0 ? " (\(t.passedBySlipsRule) only with the reference's code for another exercise)" : ""
            out += "  \(t.lesson) › \(t.exercise) › \(t.item): \(t.passed) of \(t.graded) passed\(rescued)\n"
        }
        let benchmarks = items.filter { $0.kind == "benchmark" }
        if !benchmarks.isEmpty { out += "\nBenchmarks: within the threshold, and the ratios of those timed (student / reference)\n" }
        for b in benchmarks {
            let timed = b.graded - b.notRun
            var line = "  \(b.lesson) › \(b.exercise) › \(b.item): \(b.passed) of \(timed) within the threshold"
            if let median = Self.median(b.ratios), let largest = b.ratios.last { line += "; ratio median \(n(median))×, largest \(n(largest))×" }
            if b.notRun > 0 { line += "; \(b.notRun) not timed" }
            out += line + "\n"
        }
        return out
    }

    /// One row per graded item, for a spreadsheet.
    public func csv() -> String {
        let header = ["lesson", "exercise", "item", "kind", "graded", "passed", "passed by the slips rule", "not run", "ratio median", "ratio largest"]
        var lines = [header.map(Gradebook.csvField).joined(separator: ",")]
        for i in items {
            let fields = [
                i.lesson, i.exercise, i.item, i.kind, "\(i.graded)", "\(i.passed)", "\(i.passedBySlipsRule)", "\(i.notRun)",
                Self.median(i.ratios).map { String(format: "%.3f", $0) } ?? "", i.ratios.last.map { String(format: "%.3f", $0) } ?? ""
            ]
            lines.append(fields.map(Gradebook.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension Gradebook {
    /// The class's statistics over every student's record.
    public func statistics() throws -> ClassStatistics {
        try queue.read { db in
            let records = try records(db)
            var exercises: [String: ClassStatistics.Exercise] = [:]
            var items: [String: ClassStatistics.Item] = [:]
            for record in records.values {
                for (lesson, entry) in record.lessons {
                    for row in try ResultRow.fetchAll(db, sql: "SELECT * FROM result WHERE submission = ? AND lesson = ?", arguments: [entry.submission, lesson]) {
                        let key = [row.lesson, row.exercise, row.item].joined(separator: "\u{0}")
                        var item =
                            items[key]
                            ?? .init(
                                lesson: row.lesson, exercise: row.exercise, item: row.item, kind: row.kind,
                                graded: 0, passed: 0, passedBySlipsRule: 0, notRun: 0, ratios: [])
                        item.graded += 1
                        if row.status == "passed" { item.passed += 1 }
                        if row.status == "passed" && row.message.hasSuffix(Grader.slipsChargedOnce) { item.passedBySlipsRule += 1 }
                        if row.status == "not run" { item.notRun += 1 }
                        if let ratio = row.ratio, row.status != "not run" { item.ratios.append(ratio) }
                        items[key] = item
                    }
                    for (id, score) in entry.exercises {
                        let max = entry.exerciseMaxScores[id] ?? 0
                        let key = lesson + "\u{0}" + id
                        var exercise = exercises[key] ?? .init(lesson: lesson, exercise: id, graded: 0, meanScore: 0, maxScore: 0, fullMarks: 0)
                        // A running mean of score and points (points can differ when benchmarks were off).
                        exercise.graded += 1
                        exercise.meanScore += (score - exercise.meanScore) / Double(exercise.graded)
                        exercise.maxScore += (max - exercise.maxScore) / Double(exercise.graded)
                        if max > 0 && score >= max - 1e-9 { exercise.fullMarks += 1 }
                        exercises[key] = exercise
                    }
                }
            }
            // Lessons and exercises in the order the gradebook first met them is no order at all:
            // by lesson id, then as the results were written (the course's order within a lesson).
            let exerciseOrder = try Row.fetchAll(db, sql: "SELECT lesson, exercise, MIN(rowid) AS first FROM result GROUP BY lesson, exercise")
                .reduce(into: [String: Int64]()) { $0[($1["lesson"] as String) + "\u{0}" + ($1["exercise"] as String)] = $1["first"] }
            func order(_ lesson: String, _ exercise: String) -> (String, Int64) { (lesson, exerciseOrder[lesson + "\u{0}" + exercise] ?? 0) }
            return ClassStatistics(
                students: records.count,
                exercises: exercises.values.sorted { order($0.lesson, $0.exercise) < order($1.lesson, $1.exercise) },
                items: items.values.map {
                    var i = $0; i.ratios.sort(); return i
                }
                .sorted { a, b in
                    let (x, y) = (order(a.lesson, a.exercise), order(b.lesson, b.exercise))
                    return x != y ? x < y : a.item < b.item
                })
        }
    }
}
