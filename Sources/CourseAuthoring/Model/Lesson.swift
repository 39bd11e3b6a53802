import CourseGrading
import CourseToolchain

/// A lesson as the tools see it: its front matter, its prose tree and its roled code blocks.
public struct Lesson: Sendable {
    /// The path diagnostics and bundles use, relative to the course root (`lessons/01-x.md`).
    public var file: String
    public var source: String
    public var meta: LessonMeta
    /// Where each front matter key stands in the file (`order` → 4:1).
    public var frontMatterLocations: [String: SourceLocation] = [:]
    public var document: MarkdownNode
    public var exercises: [Exercise]
    public var tests: [TestBlock]
    public var benchmarks: [Benchmark]
    /// Code compiled into a module of its own (`supportModuleName`) that the lesson's module
    /// re-exports, for solution and stub alike; shown to students.
    public var support: [CodeSnippet]
    /// Figures whose data comes from running Swift code at build time.
    public var figures: [Figure] = []

    /// The Swift module students import: from front matter `module`, else the id in UpperCamelCase.
    public var moduleName: String { meta.module ?? SwiftName.typeName(fromSlug: meta.id) }
    public var testModuleName: String { moduleName + "Tests" }
    /// The module of the lesson's support code (`LessonSupportModule`).
    public var supportModuleName: String { LessonSupportModule.name(forLesson: moduleName) }

    public func exercise(_ id: String) -> Exercise? { exercises.first { $0.id == id } }

    /// Whether the lesson has code to compile (exercises or support); prose-only lessons do not.
    public var hasCode: Bool { !exercises.isEmpty || !support.isEmpty }

    /// Whether any of the lesson's code imports the course's support library.
    public var usesEngine: Bool {
        let snippets = exercises.map(\.snippet) + tests.map(\.snippet) + benchmarks.map(\.snippet) + support
        return snippets.contains { $0.lines.contains { $0.trimmingCharacters() == "import \(EngineModule.name)" } }
    }
    public func tests(for exercise: String, hidden: Bool) -> [TestBlock] {
        tests.filter { $0.exercise == exercise && $0.hidden == hidden }
    }
}

/// The YAML front matter of a lesson.
public struct LessonMeta: Sendable, Equatable {
    public var id: String
    public var title: String
    public var order: Int
    public var objectives: [String]
    public var summary: String?
    public var module: String?
    /// What a failing hidden test tells the student.
    public var feedback: HiddenTestFeedback = .messages
    /// Gradescope's visibility for this lesson's tests (`visible`, `after_due_date`, ...).
    public var visibility = "visible"
    /// Calls a submission may make that graded code may not by default (`threads`, `reflection`, …).
    public var allows: [String] = []
    /// Support-library declarations graded code may not use (`DenseLayer.backward`): what the
    /// lesson asks students to write themselves. Refused by the compiled module's symbols.
    public var refuses: [String] = []

    /// The values Gradescope accepts for a test's visibility.
    public static let visibilities = ["visible", "after_due_date", "after_published", "hidden"]
}

/// Swift source cut from a fenced block, with where its first line sits in the lesson.
public struct CodeSnippet: Sendable, Equatable {
    public var code: String { didSet { lines = Self.lines(of: code) } }
    /// Line in the lesson file of the block's first code line (the line after the fence).
    public var firstLine: Int
    /// Columns the fence was indented by; cmark strips them from the code.
    public var indent: Int
    /// The line of the fence itself, where block-level diagnostics point.
    public var fenceLocation: SourceLocation
    /// The code's lines, split once: every pass over a lesson reads them, and a site build used
    /// to spend a seventh of its time splitting the same blocks again.
    public private(set) var lines: [Substring]

    public init(code: String, firstLine: Int, indent: Int, fenceLocation: SourceLocation) {
        self.code = code
        self.firstLine = firstLine
        self.indent = indent
        self.fenceLocation = fenceLocation
        lines = Self.lines(of: code)
    }

    private static func lines(of code: String) -> [Substring] {
        var lines = code.lineSlices
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// An exercise: one code block whose solution regions become stubs for students.
public struct Exercise: Sendable {
    public var id: String
    public var title: String?
    public var points: Double
    public var snippet: CodeSnippet
    public var regions: [SolutionRegion]

    /// The reference solution, markers and all (they are comments).
    public var solutionCode: String { snippet.code }

    /// The code students start from: each solution region replaced by its stub.
    public var stubCode: String { StubMaker.stub(for: self) }

    /// The file in the lesson module that holds this exercise: `EulerStep.swift`.
    public var fileName: String { SwiftName.typeName(fromSlug: id) + ".swift" }
}

/// Lines between `// BEGIN SOLUTION` and `// END SOLUTION` in an exercise block.
public struct SolutionRegion: Sendable, Equatable {
    /// 0-based indices into the snippet's lines: the BEGIN marker and the END marker.
    public var beginLine: Int
    public var endLine: Int
    /// The white space before the BEGIN marker; the stub is indented the same.
    public var indentation: String
    /// Lines given by `// STUB: code` inside the region; empty means `fatalError("TODO: …")`.
    public var stubLines: [String]
}

/// A visible or hidden test block: XCTest methods for one exercise.
public struct TestBlock: Sendable {
    public var exercise: String
    public var hidden: Bool
    /// How much each test in the block weighs in the exercise's points.
    public var weight: Double
    public var snippet: CodeSnippet
    public var testNames: [TestFunction]

    /// The XCTestCase class the generator wraps this block in.
    public var className: String { Self.className(exercise: exercise, hidden: hidden) }

    /// The XCTest class of an exercise's hidden or visible tests (`EulerStepHiddenTests`).
    public static func className(exercise: String, hidden: Bool) -> String {
        SwiftName.typeName(fromSlug: exercise) + (hidden ? "HiddenTests" : "Tests")
    }
}

/// A `func testX()` found in a test block.
public struct TestFunction: Sendable, Equatable {
    public var name: String
    public var isAsync: Bool
    /// 0-based line in the block.
    public var line: Int
}

/// A speed check: a workload timed against the reference solution.
public struct Benchmark: Sendable {
    public static let defaultTolerance = 1e-9

    public var id: String
    public var exercise: String
    /// The student's time may be at most this multiple of the reference's.
    public var threshold: Double
    public var weight: Double
    /// Timed repetitions the grader runs of student and reference at least, interleaved (more,
    /// up to four times as many, while the ratio is too close to the threshold to call).
    public var repetitions: Int
    /// How far each number of the student's timed result may be from the reference's, relative
    /// to the reference's magnitude (at least 1).
    public var tolerance: Double
    public var snippet: CodeSnippet
    /// Lines before `// TIMED` run untimed each repetition; the rest is measured.
    public var setupLines: [Substring]
    public var timedLines: [Substring]
}

/// A figure: the body of a function returning an `SVGPlot`, run at build time with the lesson's
/// reference module and the support library.
public struct Figure: Sendable {
    public var id: String
    public var title: String?
    public var snippet: CodeSnippet
}
