import CourseToolchain

/// Writes the Swift files a lesson compiles to: the module (reference or stub), the test classes,
/// the benchmark workloads and the test runner's `main.swift`.
///
/// Code meant for the grader carries `#sourceLocation` lines, so compiler errors and assertion
/// failures point at the lesson's Markdown; code for students does not (they edit those files).
public struct SwiftSourceBuilder {
    public let lesson: Lesson

    public init(lesson: Lesson) { self.lesson = lesson }

    // MARK: - The lesson module

    /// One reference file per exercise, mapped to the lesson, and `Support.swift` re-exporting the
    /// support module when there is support code (`LessonSupportModule`); `code` may give an
    /// exercise's code in place of its block (mutation analysis does).
    public func referenceModule(code: (Exercise) -> String = \.solutionCode) -> [String: String] {
        var files: [String: String] = [:]
        if let shim = supportImportFile { files[LessonSupportModule.fileName] = shim }
        for exercise in lesson.exercises {
            files[exercise.fileName] = Self.foundationImport(for: exercise.snippet) + mapped(exercise.snippet, code(exercise))
        }
        return files
    }

    /// One stub file per exercise, as students get them, and `Support.swift` re-exporting the
    /// support module when there is support code.
    public func stubModule() -> [String: String] {
        var files: [String: String] = [:]
        if let shim = supportImportFile { files[LessonSupportModule.fileName] = shim }
        for exercise in lesson.exercises {
            let points = Self.format(points: exercise.points)
            let title = exercise.title.map { " — \($0)" } ?? ""
            files[exercise.fileName] = """
                // Lesson \(lesson.meta.order): \(lesson.meta.title)
                // Exercise \(exercise.id)\(title) (\(points))
                // Replace each TODO with your code; keep the names and signatures the tests use.

                \(Self.foundationImport(for: exercise.snippet))\(exercise.stubCode)
                """
        }
        return files
    }

    /// The support module's source (`LessonSupportModule`): the lesson's support blocks, mapped
    /// to the lesson for the grader and `course check`, with a header for students. `nil` without support code.
    public func supportModule(mapped: Bool) -> String? {
        guard !lesson.support.isEmpty else { return nil }
        let header =
            "// Support code for lesson \(lesson.meta.order): \(lesson.meta.title), the module \(lesson.supportModuleName).\n"
            + "// You do not need to edit it; your module sees its declarations (all but private ones).\n\n"
        let body = lesson.support.map { Self.foundationImport(for: $0) + (mapped ? self.mapped($0, $0.code) : $0.code) }
            .joined(separator: "\n")
        return mapped ? body : header + body
    }

    /// The lesson module's file that re-exports the support module; `nil` without support code.
    private var supportImportFile: String? {
        lesson.support.isEmpty ? nil : LessonSupportModule.importFile(forLesson: lesson.moduleName)
    }

    // MARK: - Tests

    /// The visible tests as students see them: one XCTestCase class per exercise.
    public func studentVisibleTests() -> String {
        var out = """
            // Visible tests for lesson \(lesson.meta.order): \(lesson.meta.title).
            // Run them with `swift test --parallel` (or `--filter \(lesson.testModuleName)`).

            import Foundation
            import XCTest
            \(engineImport)@testable import \(lesson.moduleName)

            """
        for (className, blocks) in testClasses(hidden: false) {
            out += "\nfinal class \(className): XCTestCase {\n"
            // A crash (an unfinished stub's fatalError) then ends the test in one line, not a backtrace.
            out += "    override class func setUp() { super.setUp(); CrashReport.installed }\n\n"
            out += blocks.map { $0.snippet.code.indented(by: 4) }.joined(separator: "\n")
            out += "}\n"
        }
        return out
    }

    /// Visible or hidden tests for the grader, with each XCTest assertion rewritten to record what
    /// it sees (`AssertionRewriter`): the witness form (run with the reference) has every line
    /// mapped to the lesson; the blind form (run with a student's code) holds no constant operand,
    /// no message and no lesson path. Sites are numbered from `firstSite`, hidden tests first.
    public func judgedTests(hidden: Bool, form: AssertionRewriter.Form) -> (code: String, sites: [AssertionSite]) {
        var out = "import Foundation\nimport XCTest\n\(engineImport)@testable import \(lesson.moduleName)\n"
        var sites: [AssertionSite] = []
        let valueTypes = LessonValueTypes.of(lesson)
        for (className, blocks) in testClasses(hidden: hidden) {
            out += "\nfinal class \(className): XCTestCase {\n"
            let constants = NamedConstants.names(in: blocks.map(\.snippet.code))
            let flow = ExpectedValueFlow.of(blocks: blocks.map(\.snippet.code), constants: constants, valueTypes: valueTypes)
            let start = (sites.last?.id).map { $0 + 1 } ?? (hidden ? 0 : Self.visibleSiteBase)
            func rewriteAll(removing: Set<String>) -> [AssertionRewriter.Result] {
                var first = start
                return blocks.enumerated().map { index, block in
                    let rewritten = AssertionRewriter.rewrite(
                        block.snippet.code, form: form, firstSite: first, firstLine: block.snippet.firstLine, constants: constants,
                        removing: removing, hiddenSlots: flow.hiddenSlots[index], scrubbed: flow.scrubbed[index])
                    first += rewritten.sites.count
                    return rewritten
                }
            }
            var rewritten = rewriteAll(removing: [])
            if form == .blind && !constants.isEmpty {
                // A named expected value that only hidden slots used is declared for nothing: it goes.
                let code = rewritten.map(\.code).joined(separator: "\n")
                let unused = constants.filter { NamedConstants.occurrences(of: $0, in: code) == 1 }
                if !unused.isEmpty { rewritten = rewriteAll(removing: unused) }
            }
            for (block, result) in zip(blocks, rewritten) {
                sites += result.sites
                out += form == .witness ? mapped(block.snippet, result.code) : result.code + (result.code.hasSuffix("\n") ? "" : "\n")
            }
            out += "}\n"
        }
        return (out, sites)
    }

    /// Visible tests' sites are numbered from here, so one runner can hold both kinds.
    static let visibleSiteBase = 1_000_000

    /// Test blocks grouped into their classes, in lesson order.
    func testClasses(hidden: Bool) -> [(String, [TestBlock])] {
        var order: [String] = []
        var groups: [String: [TestBlock]] = [:]
        for block in lesson.tests where block.hidden == hidden {
            if groups[block.className] == nil { order.append(block.className) }
            groups[block.className, default: []].append(block)
        }
        return order.map { ($0, groups[$0]!) }
    }

    // MARK: - Benchmarks

    /// Each benchmark as `static func name(_ timer: inout BenchmarkTimer, _ benchmarkSeed: UInt64)`:
    /// set-up, then the timed part; the grader draws a fresh seed for every repetition.
    public func benchmarks() -> String {
        var out = "import Foundation\n\(engineImport)@testable import \(lesson.moduleName)\n\nenum LessonBenchmarks {\n"
        for benchmark in lesson.benchmarks {
            out += "    static func \(Self.benchmarkFunction(benchmark.id))(_ timer: inout BenchmarkTimer, _ benchmarkSeed: UInt64) {\n"
            out += "#sourceLocation(file: \"\(lesson.file)\", line: \(benchmark.snippet.firstLine))\n"
            out += benchmark.setupLines.map { $0 + "\n" }.joined()
            // `timer.start()` takes the place of the `// TIMED` line, so later lines keep their numbers.
            out += "timer.start()\n"
            out += benchmark.timedLines.map { $0 + "\n" }.joined()
            out += "#sourceLocation()\n        timer.stop()\n    }\n"
        }
        out += "\n    static let all: [(String, (inout BenchmarkTimer, UInt64) -> Void)] = [\n"
        out += lesson.benchmarks.map { "        (\"\($0.id)\", \(Self.benchmarkFunction($0.id))),\n" }.joined()
        out += "    ]\n}\n"
        return out
    }

    static func benchmarkFunction(_ id: String) -> String {
        let name = SwiftName.typeName(fromSlug: id)
        return "run" + name
    }

    // MARK: - Runner

    /// `main.swift` for the test executable: registers the result observer and every test.
    public func runnerMain(hidden: Bool, visible: Bool, benchmarkSmokeTests: Bool) -> String {
        var entries: [String] = []
        var classes = (visible ? testClasses(hidden: false) : []) + (hidden ? testClasses(hidden: true) : [])
        if benchmarkSmokeTests && !lesson.benchmarks.isEmpty {
            classes.append(("BenchmarkSmokeTests", []))
            entries.append("testCase([(\"testEveryBenchmarkRunsOnce\", BenchmarkSmokeTests.testEveryBenchmarkRunsOnce)])")
        }
        for (className, blocks) in classes where !blocks.isEmpty {
            let functions = blocks.flatMap(\.testNames)
            let sync = functions.filter { !$0.isAsync }.map { "(\"\($0.name)\", \(className).\($0.name))" }
            let async = functions.filter(\.isAsync).map { "(\"\($0.name)\", asyncTest(\(className).\($0.name)))" }
            if !sync.isEmpty { entries.append("testCase([\n        " + sync.joined(separator: ",\n        ") + "])") }
            if !async.isEmpty { entries.append("testCase([\n        " + async.joined(separator: ",\n        ") + "])") }
        }
        var out = "import XCTest\n\n"
        if benchmarkSmokeTests && !lesson.benchmarks.isEmpty {
            out += """
                final class BenchmarkSmokeTests: XCTestCase {
                    /// Runs every benchmark with two seeds: the grader compares each timed result
                    /// with the reference's, and fresh inputs are what make memoising useless.
                    func testEveryBenchmarkRunsOnce() {
                        for (id, run) in LessonBenchmarks.all {
                            var timer = BenchmarkTimer()
                            run(&timer, 1)
                            let first = BenchmarkOutput.encoded()
                            if BenchmarkOutput.kept.isEmpty {
                                fatalError("benchmark \\(id): its timed part passes nothing to blackHole, so the grader has no result to compare")
                            }
                            run(&timer, 2)
                            if BenchmarkOutput.encoded() == first {
                                let result = String(String(describing: BenchmarkOutput.kept.count == 1 ? BenchmarkOutput.kept[0] : BenchmarkOutput.kept).prefix(120))
                                fatalError("benchmark \\(id): its result is the same for two seeds (\\(result) both times); draw its inputs from BenchmarkRandom(seed: benchmarkSeed), and check the result is not a constant such as zeros")
                            }
                        }
                    }
                }


                """
        }
        out += "TestServer.main([\n    " + entries.joined(separator: ",\n    ") + "\n])\n"
        return out
    }

    // MARK: - Helpers

    /// Tests and benchmarks of a lesson that uses the support library see it too (its types
    /// appear in their code), without the lesson re-exporting it.
    var engineImport: String { lesson.usesEngine ? "import \(EngineModule.name)\n" : "" }

    /// Lesson code may use Foundation's math (`exp`, `log`) without importing it in every block.
    static func foundationImport(for snippet: CodeSnippet) -> String {
        snippet.lines.contains { $0.trimmingCharacters() == "import Foundation" } ? "" : "import Foundation\n\n"
    }

    private func mapped(_ snippet: CodeSnippet, _ code: String) -> String {
        "#sourceLocation(file: \"\(lesson.file)\", line: \(snippet.firstLine))\n" + code
            + (code.hasSuffix("\n") ? "" : "\n") + "#sourceLocation()\n"
    }

    /// "10 points", "1 point", "2.5 points".
    public static func format(points: Double) -> String {
        let number = points == points.rounded() ? String(Int(points)) : String(format2(points))
        return "\(number) point\(points == 1 ? "" : "s")"
    }

    static func format2(_ x: Double) -> String {
        let scaled = (x * 100).rounded() / 100
        return "\(scaled)"
    }
}
