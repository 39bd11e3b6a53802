import Foundation

/// What `course check --mutants` found: every mutant's fate, scores per exercise and lesson.
public struct MutationReport: Sendable, Encodable {
    /// The score every exercise should reach (percent of its non-equivalent mutants killed).
    public static let goal = 95.0

    /// One mutant and what became of it.
    public struct Outcome: Sendable, Codable {
        public enum Status: String, Sendable, Codable {
            case killed, survived, equivalent
            /// The mutant does not compile (a type has no `-`, say): it is no test's business.
            case notCompiled = "not-compiled"
        }
        public var mutant: Mutant
        /// `'a + b' → 'a - b'`, as reports print it and equivalent-mutant marks name it.
        public var change: String
        /// `lessons/F.md`, line and column of the mutated code.
        public var file: String
        public var line: Int
        public var column: Int
        public var status: Status
        /// The test that killed it (`Class/test`) and how (failed, crashed, timed out).
        public var killedBy: String?
        /// Whether any test runs its code (a survivor no test reaches needs a test, not a value).
        public var reached: Bool
        /// The author's reason, for an equivalent mutant.
        public var reason: String?

        /// `lessons/F.md:L:C: warning: mutant survived: 'a + b' → 'a - b' (exercise x)`.
        public var warning: String {
            "\(file):\(line):\(column): warning: mutant survived: \(change) (exercise \(mutant.exercise))"
                + (reached ? "" : "; no test runs this code")
        }

        /// Killed, but by another exercise's test: the exercise's own hidden tests ran first and
        /// passed it (or never reach it). A student's slip of this kind costs the other exercise,
        /// and when no other exercise fails the grader's slips rule cannot charge it back.
        public var killedElsewhere: Bool {
            guard status == .killed, let killedBy else { return false }
            return !killedBy.hasPrefix(TestBlock.className(exercise: mutant.exercise, hidden: true) + "/")
        }

        /// `lessons/F.md:L:C: note: mutant killed only by another exercise's test …`, or for a
        /// refused-input probe, `…: warning: exercise x's hidden tests never pass h zero, but Y's test does …`.
        public var killedElsewhereNote: String {
            if mutant.kind == .refusedInput {
                let refused = mutant.replacement.range(of: "\"refuses ").map { mutant.replacement[$0.upperBound...].prefix { $0 != "\"" } } ?? "it"
                return "\(file):\(line):\(column): warning: exercise \(mutant.exercise)'s hidden tests never pass "
                    + "\(refused) as \(mutant.original), but another exercise's test does (\(killedBy ?? "")): a student whose "
                    + "\(mutant.exercise) refuses it scores full marks there and loses that test's points; add a hidden test of "
                    + "\(mutant.exercise) that passes such an input"
            }
            return "\(file):\(line):\(column): note: mutant killed only by another exercise's test, \(killedBy ?? ""): its own hidden "
                + "tests pass it, so a student's slip here costs that exercise (exercise \(mutant.exercise): \(change))"
        }

        /// `lessons/F.md:L:C: note: mutant not compiled: 'a + b' → 'a - b' (exercise x)`: the score
        /// leaves it out, so an author can see what the tests were never tried on.
        public var notCompiledNote: String {
            "\(file):\(line):\(column): note: mutant not compiled, so not counted: \(change) (exercise \(mutant.exercise))"
        }
    }

    /// Counts for one exercise.
    public struct Score: Sendable, Encodable {
        public var exercise: String
        public var killed = 0
        public var survived = 0
        public var equivalent = 0
        public var notCompiled = 0
        /// Percent of the non-equivalent, compiled mutants that a test kills (100 when there are none).
        public var percent: Double { killed + survived == 0 ? 100 : 100 * Double(killed) / Double(killed + survived) }
        /// Mutants made, equivalent ones aside.
        public var total: Int { killed + survived + notCompiled }
        /// More of its mutants did not compile than ran: the percent covers the smaller part.
        public var mostlyNotCompiled: Bool { notCompiled > killed + survived }

        init(exercise: String, outcomes: [Outcome]) {
            self.exercise = exercise
            for outcome in outcomes where outcome.mutant.kind.isScored {
                switch outcome.status {
                case .killed: killed += 1
                case .survived: survived += 1
                case .equivalent: equivalent += 1
                case .notCompiled: notCompiled += 1
                }
            }
        }

        enum CodingKeys: String, CodingKey { case exercise, killed, survived, equivalent, notCompiled, percent }
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(exercise, forKey: .exercise)
            try container.encode(killed, forKey: .killed)
            try container.encode(survived, forKey: .survived)
            try container.encode(equivalent, forKey: .equivalent)
            try container.encode(notCompiled, forKey: .notCompiled)
            try container.encode((percent * 10).rounded() / 10, forKey: .percent)
        }
    }

    /// One lesson's mutants.
    public struct LessonResult: Sendable, Encodable {
        public var file: String
        public var id: String
        /// Why the lesson could not be analysed (its reference fails a test, the schemata do not compile).
        public var error: String?
        public var outcomes: [Outcome] = []
        public var exercises: [Score] = []
        public var lesson: Score
        public var seconds: Double
        /// Compiles of the schemata (one, plus one per round of leaving out mutants that do not
        /// compile) and the time until the last succeeded.
        public var compiles: Int
        public var compileSeconds: Double
        /// Tests the reference ran, and test runs against mutants.
        public var testRuns: Int

        public init(
            file: String, id: String, error: String? = nil, outcomes: [Outcome] = [], exerciseIDs: [String] = [],
            seconds: Double, compiles: Int = 0, compileSeconds: Double = 0, testRuns: Int = 0
        ) {
            self.file = file
            self.id = id
            self.error = error
            self.outcomes = outcomes
            exercises = exerciseIDs.map { id in Score(exercise: id, outcomes: outcomes.filter { $0.mutant.exercise == id }) }
            lesson = Score(exercise: "", outcomes: outcomes)
            self.seconds = seconds
            self.compiles = compiles
            self.compileSeconds = compileSeconds
            self.testRuns = testRuns
        }
    }

    public var lessons: [LessonResult]
    /// Problems with equivalent-mutant marks, as `file:line:col: error: …`.
    public var diagnostics: [String]
    public var seconds: Double

    /// Whether every exercise reaches the goal on mutants that mostly ran, every lesson was
    /// analysed and every mark is sound.
    public var passed: Bool {
        lessons.allSatisfy { $0.error == nil && $0.exercises.allSatisfy { $0.percent >= Self.goal && !$0.mostlyNotCompiled } }
            && !diagnostics.contains { $0.contains(": error: ") }
    }

    /// Survivors as warnings, then a score line per exercise, lesson and the course, with times.
    public func text() -> String {
        var out = diagnostics.map { $0 + "\n" }.joined()
        for lesson in lessons {
            if let error = lesson.error { out += "\(lesson.file): error: \(error)\n" }
            let scored = lesson.outcomes.filter(\.mutant.kind.isScored)
            out += scored.filter { $0.status == .survived }.map { $0.warning + "\n" }.joined()
            out += scored.filter { $0.status == .notCompiled }.map { $0.notCompiledNote + "\n" }.joined()
            out += lesson.outcomes.filter(\.killedElsewhere).map { $0.killedElsewhereNote + "\n" }.joined()
        }
        for lesson in lessons {
            guard lesson.error == nil else {
                out += String(format: "  not analysed  %@  %@ (%.1f s)\n", lesson.file, lesson.id, lesson.seconds)
                continue
            }
            out += String(
                format: "%@  %@  %@ (%.1f s: %d compile%@ %.1f s, %d test runs)\n", Self.describe(lesson.lesson) as NSString,
                lesson.file as NSString, lesson.id as NSString, lesson.seconds, lesson.compiles,
                lesson.compiles == 1 ? "" : "s", lesson.compileSeconds, lesson.testRuns)
            for score in lesson.exercises {
                out += "    \(Self.describe(score))  \(score.exercise)"
                if score.total == 0 {
                    out += ": no mutants (its solution has no operator, comparison, literal or statement the analysis changes)"
                } else if score.mostlyNotCompiled {
                    out +=
                        ": most of its mutants did not compile, so the score says little; a long expression or a "
                        + "single-expression closure is type-checked as a whole: split it into statements"
                }
                out += "\n"
            }
        }
        let all = Score(exercise: "", outcomes: lessons.flatMap(\.outcomes))
        out += String(
            format: "mutants: %@ in %d lesson%@, %.1f s; %@\n", Self.describe(all) as NSString, lessons.count,
            lessons.count == 1 ? "" : "s", seconds,
            passed
                ? "every exercise kills ≥ \(Int(Self.goal)) % of mutants that mostly compiled"
                : "goal not met: each exercise should kill ≥ \(Int(Self.goal)) %, of mutants most of which compile")
        return out
    }

    /// ` 93.8 %  30/32 killed, 2 equivalent, 1 not compiled`.
    static func describe(_ score: Score) -> String {
        var text = String(format: "%5.1f %%  %d/%d killed", score.percent, score.killed, score.killed + score.survived)
        if score.equivalent > 0 { text += ", \(score.equivalent) equivalent" }
        if score.notCompiled > 0 { text += ", \(score.notCompiled) not compiled" }
        return text
    }

    /// The whole report as JSON.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
