import CourseToolchain
import Foundation
import SwiftCSV

/// Grades a folder of submissions (one folder or archive per student) with several workers,
/// recording each in the gradebook as soon as it is graded.
public struct BatchGrader: @unchecked Sendable {  // workers only read it; the gradebook serializes writes
    public var workspace: Workspace
    public var gradebook: Gradebook
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Regrade submissions whose content was graded before.
    public var regrade = false
    /// Submission name → student id (from a roster); unnamed submissions use their name.
    public var roster: [String: String] = [:]
    public var runBenchmarks = true
    /// Grade exactly these lessons of every submission (a weekly hand-in); empty: the lessons each holds a file of.
    public var lessonIDs: [String] = []
    /// This machine's part of a batch split across machines: shard `index` (1-based) of `count`.
    public var shard: (index: Int, count: Int) = (1, 1)
    /// Where to write each student's feedback page (`STUDENT.html`), if anywhere.
    public var feedbackFolder: URL?
    public var progress: @Sendable (BatchProgress) -> Void = { _ in }

    public init(workspace: Workspace, gradebook: Gradebook) {
        self.workspace = workspace
        self.gradebook = gradebook
    }

    /// What a batch did.
    public struct Summary: Sendable, Equatable {
        public var graded = 0
        public var skipped = 0
        /// Students whose submission could not be graded, in the order they finished.
        public var failed: [String] = []
        /// Why each of `failed` could not be graded.
        public var faults: [String: String] = [:]
        /// Roster rows (submission → student) that name no submission in the folder: a student
        /// who handed nothing in, or a name written another way.
        public var rosterWithoutSubmission: [(submission: String, student: String)] = []

        public static func == (a: Summary, b: Summary) -> Bool {
            (a.graded, a.skipped, a.failed, a.faults) == (b.graded, b.skipped, b.failed, b.faults)
                && a.rosterWithoutSubmission.map { [$0.submission, $0.student] } == b.rosterWithoutSubmission.map { [$0.submission, $0.student] }
        }
    }

    /// The submissions in `folder`: its sub-folders and archives, sorted by name.
    public static func submissions(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.isDirectoryKey])
            .filter { url in
                let name = url.lastPathComponent.lowercased()
                if name.hasPrefix(".") { return false }
                let isFolder = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
                return isFolder || name.hasSuffix(".zip") || name.hasSuffix(".tar.gz") || name.hasSuffix(".tgz")
            }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Reads a roster CSV with a header naming `submission` and `student` columns (any case, any
    /// order, other columns ignored; quoted fields as spreadsheets write them). A submission named
    /// twice with different students, or a row without a student, is an error naming its line.
    public static func readRoster(_ url: URL) throws -> [String: String] {
        let csv: CSV<Enumerated>
        do {
            csv = try CSV<Enumerated>(url: url, delimiter: .comma, loadColumns: false)
        } catch {
            throw CourseError.toolFailed("\(url.lastPathComponent): not a readable CSV roster (\(error))")
        }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let submission = header.firstIndex(of: "submission"), let student = header.firstIndex(of: "student") else {
            throw CourseError.toolFailed("\(url.lastPathComponent):1: the roster needs a header with 'submission' and 'student' columns")
        }
        var roster: [String: String] = [:]
        for (index, row) in csv.rows.enumerated() {
            let line = index + 2
            let field = { (column: Int) in column < row.count ? row[column].trimmingCharacters(in: .whitespaces) : "" }
            let (written, id) = (field(submission), field(student))
            if written.isEmpty && id.isEmpty { continue }
            guard !written.isEmpty, !id.isEmpty else {
                throw CourseError.toolFailed("\(url.lastPathComponent):\(line): a roster row needs both a submission and a student")
            }
            // `alice.zip` names the archive `alice.zip` as the folder shows it; the batch knows it as `alice`.
            let name = SubmissionReader.name(of: URL(fileURLWithPath: written))
            if let earlier = roster[name], earlier != id {
                throw CourseError.toolFailed("\(url.lastPathComponent):\(line): submission '\(name)' is listed for both '\(earlier)' and '\(id)'")
            }
            roster[name] = id
        }
        return roster
    }

    /// Grades every submission in `folder`. One that cannot be graded is recorded in the gradebook
    /// as "could not grade" with its reason (not as a score), and the batch goes on.
    public func run(_ folder: URL) throws -> Summary {
        let entries = try Self.submissions(in: folder)
        try checkOneEntryPerStudent(entries)
        // Shards take every count-th submission of the sorted list: deterministic, and balanced.
        let all = entries.enumerated()
            .filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
        // A lesson id that does not exist stops the batch before anything is graded.
        let manifest = try GraderBundleManifest.read(bundle: workspace.graderBundle)
        try manifest.checkLessonIDs(lessonIDs)
        let conditions = try GradingConditions(bundle: workspace.graderBundle, manifest: manifest, benchmarks: runBenchmarks)
        let state = BatchState(total: all.count)
        let cpus = CPUPool(AllowedCPUs.list)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, jobs)
        // A worker is one core: it grades its submission's lessons and tests one at a time, so
        // `--jobs` says how many cores the batch takes and throughput grows with it. (A single
        // `course grade` spreads one submission over every core instead.)
        for url in all {
            queue.addOperation {
                let cpu = cpus.acquire()
                defer { cpus.release(cpu) }
                let outcome = gradeOne(url, manifest: manifest, conditions: conditions, testConcurrency: 1, cpu: cpu)
                progress(state.finish(outcome))
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        var summary = state.summary
        let names = Set(entries.map(SubmissionReader.name(of:)))
        summary.rosterWithoutSubmission = roster.filter { !names.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return summary
    }

    private func gradeOne(
        _ url: URL, manifest: GraderBundleManifest, conditions: GradingConditions, testConcurrency: Int, cpu: Int
    ) -> BatchProgress.Outcome {
        let name = SubmissionReader.name(of: url)
        let student = roster[name] ?? name
        var hash: String?
        do {
            let submission = try SubmissionReader().read(url)
            let contentHash = Self.contentHash(submission)
            hash = contentHash
            // Graded before means the same content on the same lessons under the same conditions:
            // next week's lessons of an unchanged folder are still to grade, and so is a lesson
            // whose hidden tests changed since.
            let lessons = try SubmissionMatcher(manifest: manifest, submission: submission, lessons: lessonIDs).lessonsToGrade(asked: lessonIDs).map(\.id)
            let gradedWith = conditions.fingerprint(lessons: lessons)
            let before = try gradebook.gradedBefore(student: student, contentHash: contentHash, lessons: lessons, gradedWith: gradedWith)
            if !regrade && before == .yes { return .skipped(student) }
            var compiler = try SwiftCompiler()
            compiler.limits = (seconds: 120, memoryBytes: 6 << 30)
            var sandbox = try Sandbox()
            // Everything this worker runs in a sandbox shares its CPU: a submission that starts
            // threads slows only itself, and its timings are compared only with its own reference.
            sandbox.cpu = cpu
            try sandbox.probe()
            var grader = try Grader(
                bundle: workspace.graderBundle, compiler: compiler,
                workDirectory: workspace.buildFolder.appendingPathComponent("grade/\(UUID().uuidString)"),
                sandbox: sandbox)
            grader.cacheDirectory = workspace.gradeCache
            grader.engineCacheDirectory = workspace.engineCache
            grader.runBenchmarks = runBenchmarks
            grader.testConcurrency = testConcurrency
            let report = try grader.grade(Submission(name: student, files: submission.files), lessonIDs: lessonIDs)
            try gradebook.record(student: student, contentHash: contentHash, report: report, gradedWith: gradedWith)
            if let feedbackFolder {
                try FileManager.default.createDirectory(at: feedbackFolder, withIntermediateDirectories: true)
                try FeedbackPageWriter.page(report).write(
                    to: feedbackFolder.appendingPathComponent("\(Self.safeFileName(student)).html"),
                    atomically: true, encoding: .utf8)
            }
            return .graded(student, report.score, report.maxScore, again: !regrade && before == .underOtherConditions)
        } catch {
            let fault = GradingFault(error)
            do {
                try gradebook.recordFault(student: student, contentHash: hash, reason: fault.reason)
                return .failed(student, fault.reason)
            } catch {
                return .failed(student, fault.reason + " (and the gradebook could not record it: \(error.localizedDescription))")
            }
        }
    }

    /// Refuses a batch in which two entries are one student (`alice/` and `alice.zip`, or two names
    /// the roster gives one id) or two students share a feedback page's file name (`carol x` and
    /// `carol_x`): they would grade in any order and the last to finish would replace the other's
    /// record or page (a red team's stub `alice.zip` took alice's full marks).
    func checkOneEntryPerStudent(_ entries: [URL]) throws {
        var problems: [String] = []
        let students = Dictionary(grouping: entries) { roster[SubmissionReader.name(of: $0)] ?? SubmissionReader.name(of: $0) }
        for (student, urls) in students.sorted(by: { $0.key < $1.key }) where urls.count > 1 {
            problems.append("\(urls.map(\.lastPathComponent).sorted().joined(separator: " and ")) are both student '\(student)'")
        }
        for (page, ids) in Dictionary(grouping: students.keys, by: Self.safeFileName).sorted(by: { $0.key < $1.key }) where ids.count > 1 {
            problems.append("students \(ids.sorted().map { "'\($0)'" }.joined(separator: " and ")) would share the feedback page \(page).html")
        }
        guard problems.isEmpty else {
            throw CourseError.toolFailed("the batch was not graded: " + problems.joined(separator: "; ") + " (rename or remove one, or name students in a --roster)")
        }
    }

    /// A student id as a file name: letters, digits, `-`, `_` and `.` kept, the rest `_`.
    static func safeFileName(_ id: String) -> String {
        let safe = String(id.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        return safe.hasPrefix(".") || safe.isEmpty ? "_" + safe : safe
    }

    /// A hash of the submission's Swift files (path and text), to skip unchanged hand-ins.
    static func contentHash(_ submission: Submission) -> String {
        // Parts after their lengths (`ExactKeyStore.key`): joined with a separator, a file holding
        // the separator could read as two files, and a changed hand-in as the one graded before.
        let parts = submission.files.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
        return BuildCache.hash(String(decoding: ExactKeyStore.key(parts), as: UTF8.self))
    }
}

/// One step of a batch, for progress reports.
public struct BatchProgress: Sendable {
    public enum Outcome: Sendable {
        /// `again`: the same files were graded before under other conditions (tests, benchmarks).
        case graded(String, Double, Double, again: Bool)
        case skipped(String)
        case failed(String, String)
    }
    public var done: Int
    public var total: Int
    public var elapsed: TimeInterval
    public var outcome: Outcome

    /// Seconds left at the pace so far.
    public var eta: TimeInterval { done == 0 ? 0 : elapsed / Double(done) * Double(total - done) }

    /// "[#####.....] 12/40 ETA 1m20s" for a terminal.
    public var bar: String {
        let width = 30, filled = total == 0 ? width : width * done / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(done)/\(total) ETA \(Self.duration(eta))"
    }

    /// "graded 12/40: alice 9.5 / 11" for a log (student ids come from file names: made visible).
    public var line: String {
        switch outcome {
        case .graded(let student, let score, let max, let again):
            let why = again ? " (graded again: its lessons' tests or the benchmark option changed since)" : ""
            return SafeText.visible("graded \(done)/\(total): \(student) \(GradeReport.points(score)) / \(GradeReport.points(max))\(why)")
        case .skipped(let student): return SafeText.visible("skipped \(done)/\(total): \(student) (already graded; --regrade to grade again)")
        case .failed(let student, let why): return SafeText.visible("could not grade \(done)/\(total): \(student): \(why)")
        }
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}

/// Counts shared by the batch's workers.
final class BatchState: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private let total: Int
    private(set) var summary = BatchGrader.Summary()

    init(total: Int) { self.total = total }

    func finish(_ outcome: BatchProgress.Outcome) -> BatchProgress {
        lock.lock(); defer { lock.unlock() }
        switch outcome {
        case .graded: summary.graded += 1
        case .skipped: summary.skipped += 1
        case .failed(let student, let why):
            summary.failed.append(student)
            summary.faults[student] = why
        }
        let done = summary.graded + summary.skipped + summary.failed.count
        return BatchProgress(done: done, total: total, elapsed: Date().timeIntervalSince(started), outcome: outcome)
    }
}
