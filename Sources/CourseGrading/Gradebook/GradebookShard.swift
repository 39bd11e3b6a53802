import CourseToolchain
import Foundation
import GRDB

extension Gradebook {
    /// One shard's rows, read from a copy of its file and checked against the course (`Shard.read`).
    public struct Shard {
        let path: String
        let submissions: [SubmissionRow]
        let results: [ResultRow]
        let faults: [GradingFaultRow]

        /// How far a shard's dates may run ahead of this machine's clock (another machine's clock).
        static let clockSkew: TimeInterval = 600

        /// Reads the gradebook at `path` through a copy (bringing the copy to the current schema
        /// leaves the shard itself as it was), and refuses it when a row could not have come from
        /// grading this course (`manifest`): a score that is not finite, below 0 or above its
        /// maximum, points for an item that did not run, an unknown status, a date ahead of the
        /// clock, an item the course does not have or worth other points, a lesson without all of
        /// its items, a total that is not the sum of its items. Anyone who can edit a shard could
        /// otherwise set any grade in the merged gradebook (red teams, rounds 29 and 30: 110 of
        /// 110 points on a lesson worth 11, and a forged regrade dated a day ahead).
        public static func read(_ path: String, gradedBy manifest: GraderBundleManifest, now: Date = Date()) throws -> Shard {
            guard FileManager.default.fileExists(atPath: path) else { throw CourseError.toolFailed("\(path): no such gradebook") }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("course-shard-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let copy = folder.appendingPathComponent("shard.sqlite")
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: path, toPath: copy.path)
            } catch {
                throw CourseError.toolFailed("\(path): cannot be read (\(error.localizedDescription))")
            }
            let book = try Gradebook(existing: copy.path, shownAs: path)
            let shard: Shard
            do {
                shard = try book.queue.read { db in
                    Shard(
                        path: path, submissions: try SubmissionRow.order(Column("id")).fetchAll(db), results: try ResultRow.fetchAll(db),
                        faults: try GradingFaultRow.order(Column("id")).fetchAll(db))
                }
            } catch {
                throw CourseError.toolFailed("\(path): its rows are not a gradebook's (\(ErrorDescription.line(error))); grade that shard again")
            }
            if let problem = shard.problem(now: now) ?? shard.problem(against: manifest) {
                throw CourseError.toolFailed("\(path): \(problem); nothing was merged: grade that shard again")
            }
            return shard
        }

        /// The first row no grading writes, said for a person.
        func problem(now: Date) -> String? {
            let statuses = Set(GradeReport.ItemGrade.Status.allCases.map(\.rawValue))
            let latest = ISO8601DateFormatter().string(from: now.addingTimeInterval(Self.clockSkew))
            for row in submissions {
                if Self.bad(row.score, row.maxScore) { return "submission of '\(row.student)' scores \(row.score) of \(row.maxScore)" }
                if row.gradedAt > latest { return "submission of '\(row.student)' is dated \(row.gradedAt), in the future" }
            }
            var seen: Set<String> = []
            let students = self.students
            for row in results {
                let who = students[row.submission].map { "'\($0)'" } ?? "a missing submission"
                if students[row.submission] == nil { return "a result of \(who)" }
                if !statuses.contains(row.status) { return "a result of \(who) has the status '\(row.status)'" }
                if Self.bad(row.score, row.maxScore) || (row.status == GradeReport.ItemGrade.Status.notRun.rawValue && row.score != 0) {
                    return "a result of \(who) scores \(row.score) of \(row.maxScore) (\(row.status))"
                }
                if !seen.insert("\(row.submission)\u{0}\(row.lesson)\u{0}\(row.exercise)\u{0}\(row.item)").inserted { return "\(who) has one item twice" }
            }
            for fault in faults where fault.failedAt > latest { return "a fault of '\(fault.student)' is dated \(fault.failedAt), in the future" }
            return nil
        }

        /// The first submission that does not fit the course: each of its lessons graded on
        /// exactly that lesson's items, each worth what the course says, its totals their sums.
        func problem(against manifest: GraderBundleManifest) -> String? {
            let resultsBySubmission = Dictionary(grouping: results, by: \.submission)
            let lessons = Dictionary(manifest.lessons.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for submission in submissions {
                let who = "'\(submission.student)'"
                let rows = resultsBySubmission[submission.id ?? -1] ?? []
                let graded = submission.lessons.split(separator: ",").map(String.init)
                if Set(rows.map(\.lesson)) != Set(graded) { return "the results of \(who) are not those of lessons \(submission.lessons)" }
                for id in graded {
                    guard let lesson = lessons[id] else { return "\(who) was graded on '\(id)', which is not a lesson of this course" }
                    let expected = Dictionary(
                        lesson.exercises.flatMap { exercise in exercise.items.map { ("\(exercise.id)\u{0}\($0.name)", $0.points) } },
                        uniquingKeysWith: { a, _ in a })
                    let found = rows.filter { $0.lesson == id }
                    for row in found {
                        guard let points = expected["\(row.exercise)\u{0}\(row.item)"] else {
                            return "\(who) has a result for '\(row.item)' in '\(id)', which this course's lesson does not grade (graded with other hidden tests?)"
                        }
                        if !Self.same(row.maxScore, points) { return "the result of \(who) for '\(row.item)' is worth \(row.maxScore), not \(points)" }
                    }
                    if found.count != expected.count {
                        return "\(who) has \(found.count) of the \(expected.count) results of '\(id)' (graded with other hidden tests?)"
                    }
                }
                let counted = rows.filter { $0.status != GradeReport.ItemGrade.Status.notRun.rawValue }
                let (score, maximum) = (rows.reduce(0) { $0 + $1.score }, counted.reduce(0) { $0 + $1.maxScore })
                if !Self.same(submission.score, score) || !Self.same(submission.maxScore, maximum) {
                    return "\(who) scores \(submission.score) of \(submission.maxScore), but its results add up to \(score) of \(maximum)"
                }
            }
            return nil
        }

        private var students: [Int64: String] {
            Dictionary(submissions.compactMap { row in row.id.map { ($0, row.student) } }, uniquingKeysWith: { a, _ in a })
        }

        private static func bad(_ score: Double, _ maximum: Double) -> Bool {
            !score.isFinite || !maximum.isFinite || score < 0 || maximum < 0 || score > maximum * (1 + 1e-9) + 1e-9
        }

        private static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }
    }
}
