import Foundation

/// The result of grading one submission: one model behind every output format.
public struct GradeReport: Codable, Sendable, Equatable {
    public var submission: String
    public var lessons: [LessonGrade]
    public var score: Double { lessons.reduce(0) { $0 + $1.score } }
    public var maxScore: Double { lessons.reduce(0) { $0 + $1.maxScore } }

    public struct LessonGrade: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        /// Compiler errors in the student's own files, shown as the compiler wrote them.
        public var compileErrors: String?
        /// What did not fit the hidden tests (a renamed function, a changed signature).
        public var apiErrors: [String]
        /// Exercise files the submission did not contain (their stubs were used).
        public var missingFiles: [String]
        public var exercises: [ExerciseGrade]
        /// Gradescope visibility of this lesson's tests (`nil`: visible).
        public var visibility: String?
        /// How the submission's files were matched to exercise files, where the student should
        /// know: a second copy left out, a name in another case (`SubmissionMatcher.match`).
        public var fileNotes: [String] = []
        public var score: Double { exercises.reduce(0) { $0 + $1.score } }
        public var maxScore: Double { exercises.reduce(0) { $0 + $1.maxScore } }

        /// Why the tests did not run, said on each of them when the grader's admission rules
        /// refused the code (it may well compile).
        static let refusedDeclaration = "the submission makes a declaration that is not allowed"
        static let refusedUse = "your code uses something graded code may not use"

        /// `path:line:column` of the first line of `compileErrors` that names a place in the
        /// student's files (`exercises/…`), if any.
        public var firstPlace: String? {
            for line in (compileErrors ?? "").split(separator: "\n") where line.hasPrefix("exercises/") {
                let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count >= 3, Int(parts[1]) != nil else { continue }
                return parts.prefix(Int(parts[2]) != nil ? 3 : 2).joined(separator: ":")
            }
            return nil
        }

        /// How `compileErrors` is introduced: a compile error, or code the admission rules refused.
        public var compileErrorsHeading: String {
            let refused = exercises.contains { exercise in
                exercise.items.contains { $0.messages.contains(Self.refusedDeclaration) || $0.messages.contains(Self.refusedUse) }
            }
            return refused ? "the grader does not accept your code:" : "your code does not compile:"
        }
    }

    public struct ExerciseGrade: Codable, Sendable, Equatable {
        public var id: String
        public var items: [ItemGrade]
        public var score: Double { items.reduce(0) { $0 + $1.score } }
        public var maxScore: Double { items.filter { $0.status != .notRun }.reduce(0) { $0 + $1.maxScore } }
    }

    public struct ItemGrade: Codable, Sendable, Equatable {
        public enum Status: String, Codable, Sendable, CaseIterable { case passed, failed, crashed, timedOut = "timed out", notCompiled = "not compiled", notRun = "not run" }
        /// `Class/testName` or the benchmark id.
        public var name: String
        public var kind: GradedItem.Kind
        public var status: Status
        public var score: Double
        public var maxScore: Double
        /// Assertion messages (never the hidden test's code).
        public var messages: [String]
        /// What a timed benchmark measured (`nil` for tests and benchmarks that were not timed).
        public var benchmark: BenchmarkFigures?
        /// Wall-clock seconds the item took to run (a test's process, or a benchmark's timing);
        /// `nil` when it did not run.
        public var seconds: Double?

        public init(
            name: String, kind: GradedItem.Kind, status: Status, score: Double, maxScore: Double, messages: [String],
            benchmark: BenchmarkFigures? = nil, seconds: Double? = nil
        ) {
            (self.name, self.kind, self.status, self.score, self.maxScore) = (name, kind, status, score, maxScore)
            (self.messages, self.benchmark, self.seconds) = (messages, benchmark, seconds)
        }
    }

    /// A benchmark's time ratio (student over reference, median of interleaved pairs), its 95 %
    /// interval, and the threshold it was held to.
    public struct BenchmarkFigures: Codable, Sendable, Equatable {
        public var ratio: Double
        public var low: Double
        public var high: Double
        public var threshold: Double
        public var pairs: Int
    }
}

extension GradeReport {
    /// This report with every text made visible by `SafeText.visible`: what the text, JUnit, HTML
    /// and Gradescope views render, so no control character a submission wrote reaches a reader.
    public var displaySafe: GradeReport {
        var copy = self
        copy.submission = SafeText.visible(submission)
        for l in copy.lessons.indices {
            copy.lessons[l].title = SafeText.visible(copy.lessons[l].title)
            copy.lessons[l].compileErrors = copy.lessons[l].compileErrors.map(SafeText.visible)
            copy.lessons[l].apiErrors = copy.lessons[l].apiErrors.map(SafeText.visible)
            copy.lessons[l].missingFiles = copy.lessons[l].missingFiles.map(SafeText.visible)
            copy.lessons[l].fileNotes = copy.lessons[l].fileNotes.map(SafeText.visible)
            for e in copy.lessons[l].exercises.indices {
                for i in copy.lessons[l].exercises[e].items.indices {
                    copy.lessons[l].exercises[e].items[i].name = SafeText.visible(copy.lessons[l].exercises[e].items[i].name)
                    copy.lessons[l].exercises[e].items[i].messages = copy.lessons[l].exercises[e].items[i].messages.map(SafeText.visible)
                }
            }
        }
        return copy
    }

    /// The readable summary `course grade` prints; `color` adds ANSI colours (for a terminal).
    /// Only those colours are control characters in it: the report's own texts are made visible.
    public func text(color: Bool = false) -> String { displaySafe.renderText(color: color) }

    private func renderText(color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func score(_ got: Double, _ max: Double) -> String {
            let text = "\(Self.points(got)) / \(Self.points(max))"
            return paint(text, got >= max ? "32" : got > 0 ? "33" : "31")
        }
        var out = paint("Submission \(submission)", "1") + ": \(score(self.score, maxScore)) points\n"
        for lesson in lessons {
            out += "\n" + paint("\(lesson.title) (\(lesson.id))", "1") + ": \(score(lesson.score, lesson.maxScore))\n"
            if !lesson.missingFiles.isEmpty { out += "  not handed in (stubs used): \(lesson.missingFiles.joined(separator: ", "))\n" }
            out += lesson.fileNotes.map { "  note: \($0)\n" }.joined()
            if let errors = lesson.compileErrors { out += "  " + paint(lesson.compileErrorsHeading, "31") + "\n" + errors.indented(by: 4) + "\n" }
            for error in lesson.apiErrors { out += "  " + paint("does not fit the tests:", "31") + " \(error)\n" }
            for exercise in lesson.exercises {
                out += "  \(exercise.id): \(score(exercise.score, exercise.maxScore))\n"
                for item in exercise.items where item.status != .passed || item.benchmark != nil || !item.messages.isEmpty {
                    let status = item.status == .passed ? paint("passed", "32") : paint(item.status.rawValue, "31")
                    out += "    \(status): \(item.name)\n"
                    // Every line of a message indented: none can pass for one of the report's own.
                    out += item.messages.prefix(5).map { $0.indented(by: 6) + "\n" }.joined()
                }
            }
        }
        return out
    }

    package static func points(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return String(describing: value) }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
