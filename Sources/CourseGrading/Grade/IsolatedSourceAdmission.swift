import CourseToolchain
import Foundation
import HandinRules

/// Runs `SourceAdmission` on a student's files in a child `course admit-sources` process, with a
/// time limit. swift-syntax's parser can take exponential time on some hostile inputs (about
/// twenty unclosed `[` stall it) and overflow its stack on very deep nesting; in a child process
/// that costs the submission a refusal, not the grading worker its life.
public enum IsolatedSourceAdmission {
    /// What the child reads: the files (path → text) and whether the lesson uses the support library.
    public struct Request: Codable, Sendable {
        public var files: [String: String]
        public var usesEngine: Bool
        /// What the lesson's front matter allows (`threads`: `import Dispatch` too; `unsafe-pointers`).
        public var allows: [String] = []
        /// Names not to be declared at file level (`SourceAdmission.libraryNames`).
        public var libraryNames: [String]?
        /// The lesson's support module, which the files may import.
        public var supportModule: String?
        /// Set to ask for each file's top-level declarations instead (`TopLevelDeclaration`).
        public var declarationsOnly: Bool?
    }

    /// The `course` executable: this process when it is `course`, else the one built beside it
    /// (the test bundle's case).
    static let executable: URL? = {
        // This process when it is `course` or `course-grader` (both serve `admit-sources`), else
        // (a test bundle) the `course` beside it.
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let names = ["course", "course-grader"]
        let candidates = [me, me.deletingLastPathComponent().appendingPathComponent("course")]
        return candidates.first { names.contains($0.lastPathComponent) && FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The violations, or one that says the files could not be checked in time (or at all).
    public static func violations(
        in files: [String: String], usesEngine: Bool, allows: [String] = [], libraryNames: [String] = [],
        supportModule: String? = nil, timeout: TimeInterval = 10
    ) throws -> [AdmissionViolation] {
        let request = Request(files: files, usesEngine: usesEngine, allows: allows, libraryNames: libraryNames, supportModule: supportModule)
        let first = files.keys.sorted().first ?? "submission"
        switch try child(request, timeout: timeout) {
        case .timedOut:
            return [
                AdmissionViolation(
                    path: first, line: 1, column: 1,
                    message: "the parser could not read this code within \(Int(timeout)) s (brackets nested very deep?); simplify it")
            ]
        case .answered(let data):
            if let violations = try? JSONDecoder().decode([AdmissionViolation].self, from: data) { return violations }
            fallthrough
        case .failed:
            return [
                AdmissionViolation(
                    path: first, line: 1, column: 1,
                    message: "the parser gave up on this code (nesting too deep for it); simplify it")
            ]
        }
    }

    /// The top-level declarations of a student's file, read in the child as admission reads
    /// files (the parser may stall on hostile input); `nil` when it could not read them in time.
    public static func declarations(in text: String, timeout: TimeInterval = 10) throws -> [TopLevelDeclaration]? {
        let request = Request(files: ["file.swift": text], usesEngine: false, declarationsOnly: true)
        guard case .answered(let data) = try child(request, timeout: timeout) else { return nil }
        return try? JSONDecoder().decode([String: [TopLevelDeclaration]].self, from: data)["file.swift"]
    }

    private enum ChildOutcome { case answered(Data), timedOut, failed }

    /// Runs `course admit-sources` on `request` with a time limit: what it wrote, or why nothing.
    private static func child(_ request: Request, timeout: TimeInterval) throws -> ChildOutcome {
        guard let executable else { throw GradingFault(reason: "cannot find the course executable to check the submission's sources") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("course-admit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("request.json"), output = folder.appendingPathComponent("answer.json")
        try JSONEncoder().encode(request).write(to: input)
        let outcome = try ProcessRunner.run(executable.path, ["admit-sources", input.path, output.path], timeout: timeout, outputLimit: 16 << 10)
        if outcome.timedOut { return .timedOut }
        guard outcome.status == 0, outcome.signal == nil, let data = try? Data(contentsOf: output) else { return .failed }
        return .answered(data)
    }

    /// The child's side: reads a request, writes the violations (or the declarations) as JSON.
    public static func serve(request: URL, output: URL) throws {
        let parsed = try JSONDecoder().decode(Request.self, from: Data(contentsOf: request))
        if parsed.declarationsOnly == true {
            try JSONEncoder().encode(parsed.files.mapValues(TopLevelDeclaration.read)).write(to: output)
            return
        }
        let admission = SourceAdmission.standard(
            usesEngine: parsed.usesEngine, allows: Set(parsed.allows), libraryNames: Set(parsed.libraryNames ?? []),
            supportModule: parsed.supportModule)
        let violations = admission.violations(in: parsed.files)
        try JSONEncoder().encode(violations).write(to: output)
    }
}
