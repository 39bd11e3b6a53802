import CourseToolchain
/// Turns one lesson file into a `Lesson`, collecting every authoring mistake as a diagnostic.
///
/// The passes run in order: front matter, Markdown (math-safe cmark), the role of each fenced
/// Swift block, then cross-references (tests and benchmarks must name an exercise of the lesson).
public struct LessonParser {
    public let file: String
    public private(set) var diagnostics: [Diagnostic] = []
    private var sourceLines: [Substring] = []

    public init(file: String) { self.file = file }

    /// Parses `source`; returns `nil` when the lesson is too broken to use (see `diagnostics`).
    public mutating func parse(_ rawSource: String) -> Lesson? {
        // Foundation's replace is slow enough to show in a profile: most files have no CR at all.
        let source = rawSource.utf8.contains(13) ? rawSource.replacingOccurrences(of: "\r\n", with: "\n") : rawSource
        sourceLines = source.lineSlices
        reportReservedCharacters()

        var frontMatter = FrontMatterParser(file: file)
        let (meta, body) = frontMatter.parse(source)
        diagnostics += frontMatter.diagnostics

        let (document, markdownDiagnostics) = MarkdownParser.parse(body, file: file)
        diagnostics += markdownDiagnostics

        var blocks = BlockCollector(file: file, sourceLines: sourceLines)
        document.walk { node in
            if case .codeBlock(let info, let literal) = node.kind, let range = node.range {
                blocks.add(info: info, literal: literal, range: range)
            }
            if case .htmlBlock(let html) = node.kind, let range = node.range {
                reportFencesInHTML(html, startLine: range.lowerBound.line)
            }
        }
        blocks.checkReferences()
        diagnostics += blocks.diagnostics

        guard let meta else { return nil }
        return Lesson(
            file: file, source: source, meta: meta, frontMatterLocations: frontMatter.keyLocations, document: document,
            exercises: blocks.exercises, tests: blocks.tests,
            benchmarks: blocks.benchmarks, support: blocks.support, figures: blocks.figures)
    }

    /// An HTML block runs to the next blank line, so a fence right after `<div>` is raw HTML and
    /// would be published as it is, hidden tests included.
    private mutating func reportFencesInHTML(_ html: String, startLine: Int) {
        for (offset, line) in html.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") else { continue }
            let info = InfoString(String(trimmed.drop { $0 == "`" || $0 == "~" }))
            guard info.language == "swift", info.role != nil || line.contains("SOLUTION") else { continue }
            diagnostics.append(
                Diagnostic(
                    "course.block.fenceInHTML", file: file,
                    at: SourceLocation(line: startLine + offset, column: line.count - trimmed.count + 1),
                    "this fence is inside a raw HTML block (which ends only at a blank line), so it would be published as it is; put a blank line before it"))
        }
    }

    private mutating func reportReservedCharacters() {
        for (index, line) in sourceLines.enumerated() {
            if let column = line.unicodeScalars.firstIndex(where: { (0xE000...0xE004).contains($0.value) }) {
                let col = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: column) + 1
                diagnostics.append(
                    Diagnostic(
                        "course.source.reservedCharacter", file: file,
                        at: SourceLocation(line: index + 1, column: col),
                        "private-use characters U+E000…U+E004 are reserved for math placeholders; remove this one"))
            }
        }
    }
}

/// Sorts fenced blocks into exercises, tests, benchmarks and support code, checking attributes.
struct BlockCollector {
    let file: String
    let sourceLines: [Substring]
    var diagnostics: [Diagnostic] = []
    var exercises: [Exercise] = []
    var tests: [TestBlock] = []
    var benchmarks: [Benchmark] = []
    var support: [CodeSnippet] = []
    var figures: [Figure] = []
    private var exerciseFences: [String: SourceLocation] = [:]
    private var referencing: [(exercise: String, location: SourceLocation, what: String)] = []

    init(file: String, sourceLines: [Substring]) {
        self.file = file
        self.sourceLines = sourceLines
    }

    mutating func add(info rawInfo: String, literal: String, range: SourceRange) {
        let info = InfoString(rawInfo)
        let fence = range.lowerBound
        let infoColumn = Self.infoColumn(in: fence.line <= sourceLines.count ? sourceLines[fence.line - 1] : "")
        func at(_ offset: Int) -> SourceLocation { SourceLocation(line: fence.line, column: infoColumn + offset) }
        let snippet = CodeSnippet(code: literal, firstLine: fence.line + 1, indent: fence.column - 1, fenceLocation: fence)

        if let quote = info.unterminatedQuoteOffset {
            error("course.block.unterminatedQuote", at(quote), "quoted value in the info string is never closed")
        }
        reportFenceInside(snippet, opener: fence.line <= sourceLines.count ? sourceLines[fence.line - 1] : "")
        guard info.language == "swift" else {
            if let role = info.role, BlockRole(rawValue: role) != nil {
                error(
                    "course.block.roleNeedsSwift", at(info.roleOffset),
                    info.language.lowercased() == "swift"
                        ? "write '\(info.language)' as 'swift', in lower case: role '\(role)' is only for Swift blocks, and this block would be shown as it is"
                        : "role '\(role)' is only for Swift blocks; start the info string with 'swift'")
            } else if let role = Self.roleWord(inLanguage: info.language) {
                // `swift,hidden-test` is no role block: it would be published as an example,
                // hidden test and all.
                error(
                    "course.block.malformedLanguage", at(0),
                    "'\(info.language)' is not a language and a role: write 'swift \(role)', with a space (this block would be shown as it is)")
            }
            return
        }
        guard let roleName = info.role else {
            rejectMarkers(in: snippet, role: "a plain Swift example")
            return  // a plain Swift block is an example for reading
        }
        guard let role = BlockRole(rawValue: roleName) else {
            let hint = Suggestion.closest(to: roleName, in: BlockRole.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
            error(
                "course.block.unknownRole", at(info.roleOffset),
                "unknown block role '\(roleName)'\(hint) (roles: \(BlockRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            return
        }
        for (word, offset) in info.strayWords {
            // `title=Fold batch norm`: the words after an attribute's value likely belong to it.
            var hint = ""
            if let owner = info.attributes.filter({ $0.offset < offset }).max(by: { $0.offset < $1.offset }), owner.key == "title" {
                let next = info.attributes.map(\.offset).filter { $0 > owner.offset }.min() ?? Int.max
                let run = info.strayWords.filter { $0.1 > owner.offset && $0.1 < next }.map(\.0)
                hint = "; if it belongs to '\(owner.key)', quote the value: \(owner.key)=\"\(([owner.value] + run).joined(separator: " "))\""
            }
            error("course.block.strayWord", at(offset), "'\(word)' is not a key=value attribute" + hint)
        }
        for (attribute, offset) in info.spacedAttributes {
            error("course.block.strayWord", at(offset), "write '\(attribute)', with no spaces around '='")
        }
        let attributes = checkAttributes(info, role: role, at: at, fence: fence)
        if role != .exercise { rejectMarkers(in: snippet, role: "\(role.article) \(role.rawValue) block") }
        if [.test, .hiddenTest, .benchmark, .figure].contains(role) { rejectImports(in: snippet, role: "\(role.article) \(role.rawValue) block") }

        switch role {
        case .exercise: addExercise(attributes, snippet: snippet, at: at)
        case .test, .hiddenTest: addTest(attributes, hidden: role == .hiddenTest, snippet: snippet, at: at)
        case .benchmark: addBenchmark(attributes, snippet: snippet, at: at)
        case .support: support.append(snippet)
        case .figure: addFigure(attributes, snippet: snippet, at: at)
        case .example: break
        }
    }

    // MARK: - Roles

    private mutating func addExercise(
        _ attributes: [String: InfoString.Attribute], snippet: CodeSnippet,
        at: (Int) -> SourceLocation
    ) {
        guard let id = attributes["id"] else { return }
        let points = number(attributes["points"], positive: true, at: at)
        if !SwiftName.isSlug(id.value) {
            error("course.exercise.badId", at(id.offset), "exercise id '\(id.value)' must be lower-case letters, digits and single '-'")
            return
        }
        if let first = exerciseFences[id.value] {
            error(
                "course.exercise.duplicateId", at(id.offset), "exercise id '\(id.value)' is used twice in this lesson",
                notes: [.init(location: first, message: "first used here")])
            return
        }
        exerciseFences[id.value] = at(id.offset)
        let (regions, regionDiagnostics) = SolutionRegionParser.regions(in: snippet, file: file)
        diagnostics += regionDiagnostics
        if regions.isEmpty && regionDiagnostics.isEmpty {
            error(
                "course.exercise.noSolution", snippet.fenceLocation,
                "exercise '\(id.value)' has no solution region: mark the reference code with '// BEGIN SOLUTION' and '// END SOLUTION'")
        }
        exercises.append(
            Exercise(
                id: id.value, title: attributes["title"]?.value, points: points ?? 1,
                snippet: snippet, regions: regions))
    }

    private mutating func addTest(
        _ attributes: [String: InfoString.Attribute], hidden: Bool, snippet: CodeSnippet,
        at: (Int) -> SourceLocation
    ) {
        guard let exercise = attributes["exercise"] else { return }
        let weight = attributes["weight"].flatMap { number($0, positive: true, at: at) } ?? 1
        let functions = TestFunctionScanner.scan(snippet)
        if functions.isEmpty {
            error(
                "course.test.noTests", snippet.fenceLocation,
                "this test block declares no test: write methods like 'func testSomething() { XCTAssert… }'")
        }
        for unrun in TestFunctionScanner.unrunTests(snippet) {
            warning(
                "course.test.notRun", SourceLocation(line: snippet.firstLine + unrun.line, column: snippet.indent + unrun.column),
                "'\(unrun.name)' asserts but XCTest never runs it: only methods named 'test…' run; rename it 'test\(unrun.name.prefix(1).uppercased() + unrun.name.dropFirst())'")
        }
        var block = TestBlock(exercise: exercise.value, hidden: hidden, weight: weight, snippet: snippet, testNames: functions)
        // Names must be unique within the XCTestCase class that blocks of one exercise share.
        let taken = Dictionary(
            tests.filter { $0.className == block.className }.flatMap { t in
                t.testNames.map { ($0.name, SourceLocation(line: t.snippet.firstLine + $0.line, column: 1)) }
            }, uniquingKeysWith: { a, _ in a })
        var seen = taken
        block.testNames = functions.filter { function in
            let location = SourceLocation(line: snippet.firstLine + function.line, column: snippet.indent + 1)
            if let first = seen[function.name] {
                error(
                    "course.test.duplicateName", location, "test '\(function.name)' is declared twice for exercise '\(exercise.value)'",
                    notes: [.init(location: first, message: "first declared here")])
                return false
            }
            seen[function.name] = location
            return true
        }
        tests.append(block)
        referencing.append((exercise.value, at(exercise.offset), hidden ? "hidden test" : "test"))
    }

    private mutating func addBenchmark(
        _ attributes: [String: InfoString.Attribute], snippet: CodeSnippet,
        at: (Int) -> SourceLocation
    ) {
        guard let exercise = attributes["exercise"], let thresholdAttribute = attributes["threshold"] else { return }
        guard let threshold = number(thresholdAttribute, positive: true, at: at) else { return }
        if threshold < 1 {
            error(
                "course.benchmark.thresholdBelowOne", at(thresholdAttribute.offset),
                "threshold \(thresholdAttribute.value) is below 1: even the reference solution would fail it (it is the allowed time as a multiple of the reference's)")
        }
        let weight = attributes["weight"].flatMap { number($0, positive: true, at: at) } ?? 1
        var repetitions = 15
        if let attribute = attributes["repetitions"] {
            if let n = Int(attribute.value), (3...1000).contains(n) {
                repetitions = n
            } else {
                error("course.benchmark.badRepetitions", at(attribute.offset), "repetitions must be a whole number from 3 to 1000, not '\(attribute.value)'")
            }
        }
        var tolerance = Benchmark.defaultTolerance
        if let attribute = attributes["tolerance"] {
            if let value = Double(attribute.value), value >= 0, value < 1 {
                tolerance = value
            } else {
                error(
                    "course.benchmark.badTolerance", at(attribute.offset), "tolerance must be a number from 0 to 1 (relative to the reference's result), not '\(attribute.value)'")
            }
        }
        let count = benchmarks.filter { $0.exercise == exercise.value }.count
        let id = attributes["id"]?.value ?? (count == 0 ? exercise.value : "\(exercise.value)-\(count + 1)")
        if let id = attributes["id"], !SwiftName.isSlug(id.value) {
            error("course.benchmark.badId", at(id.offset), "benchmark id '\(id.value)' must be lower-case letters, digits and single '-'")
        }
        if benchmarks.contains(where: { $0.id == id }) {
            error("course.benchmark.duplicateId", snippet.fenceLocation, "benchmark id '\(id)' is used twice; give one an 'id='")
        }
        let lines = snippet.lines
        let marker = lines.firstIndex { $0.trimmingCharacters() == "// TIMED" }
        let setup = marker.map { Array(lines[..<$0]) } ?? []
        let timed = marker.map { Array(lines[($0 + 1)...]) } ?? lines
        if timed.allSatisfy({ $0.trimmingCharacters().isEmpty }) {
            error("course.benchmark.empty", snippet.fenceLocation, "benchmark has no timed code (the lines after '// TIMED')")
        } else if !timed.contains(where: { $0.contains("blackHole(") }) {
            // Without it the optimizer may delete the work, and the grader has no result to compare.
            let line = marker.map { snippet.firstLine + $0 + 1 } ?? snippet.firstLine
            warning(
                "course.benchmark.resultUnused", SourceLocation(line: line, column: snippet.indent + 1),
                "the timed code passes no result to 'blackHole(…)': the optimizer may delete the work and the grader cannot compare results")
        }
        let timedStart = marker.map { $0 + 1 } ?? 0
        for index in BenchmarkResultCheck.partialResultLines(in: timed) {
            warning(
                "course.benchmark.partialResult", SourceLocation(line: snippet.firstLine + timedStart + index, column: snippet.indent + 1),
                "'blackHole' gets only part of a call's result: the grader compares only what reaches it, so code that "
                    + "recognises these inputs could skip the rest; pass the whole result")
        }
        benchmarks.append(
            Benchmark(
                id: id, exercise: exercise.value, threshold: threshold, weight: weight,
                repetitions: repetitions, tolerance: tolerance, snippet: snippet, setupLines: setup, timedLines: timed))
        referencing.append((exercise.value, at(exercise.offset), "benchmark"))
    }

    private mutating func addFigure(
        _ attributes: [String: InfoString.Attribute], snippet: CodeSnippet,
        at: (Int) -> SourceLocation
    ) {
        guard let id = attributes["id"] else { return }
        guard SwiftName.isSlug(id.value) else {
            error("course.figure.badId", at(id.offset), "figure id '\(id.value)' must be lower-case letters, digits and single '-'")
            return
        }
        if let first = figures.first(where: { $0.id == id.value }) {
            error(
                "course.figure.duplicateId", at(id.offset), "figure id '\(id.value)' is used twice in this lesson",
                notes: [.init(location: first.snippet.fenceLocation, message: "first used here")])
            return
        }
        figures.append(Figure(id: id.value, title: attributes["title"]?.value, snippet: snippet))
    }

    /// After every block is read: references must resolve, and every exercise needs tests.
    mutating func checkReferences() {
        let ids = exercises.map(\.id)
        // Each exercise becomes a file and a test class named after it; names must not collide.
        var byName: [String: Exercise] = [:]
        for exercise in exercises {
            let name = SwiftName.typeName(fromSlug: exercise.id)
            if name == "Support" {
                error(
                    "course.exercise.reservedId", exercise.snippet.fenceLocation,
                    "exercise id '\(exercise.id)' would be named Support.swift, which re-exports the lesson's support module; choose another id")
            } else if let other = byName[name] {
                error(
                    "course.exercise.nameCollision", exercise.snippet.fenceLocation,
                    "exercises '\(other.id)' and '\(exercise.id)' both become \(name).swift; give one another id",
                    notes: [.init(location: other.snippet.fenceLocation, message: "'\(other.id)' is here")])
            }
            byName[name] = exercise
        }
        for reference in referencing where !ids.contains(reference.exercise) {
            let hint =
                Suggestion.closest(to: reference.exercise, in: ids).map { "; did you mean '\($0)'?" }
                ?? (ids.isEmpty ? "; it defines no exercise" : "; its exercises: " + ids.sorted().joined(separator: ", "))
            error(
                "course.reference.unknownExercise", reference.location,
                "\(reference.what) names exercise '\(reference.exercise)', which this lesson does not define\(hint)")
        }
        for clash in SupportNameClash.clashes(exercises: exercises, support: support) {
            error(
                "course.exercise.supportName", clash.location,
                "exercise '\(clash.exercise.id)' declares '\(clash.name)', which the lesson's support code declares too: every use in "
                    + "the tests would be ambiguous, and the grader refuses a student's file that declares it again; rename one of them")
        }
        for use in SupportNameClash.exerciseNamesUsed(exercises: exercises, support: support) {
            error(
                "course.support.usesExercise", use.location,
                "the support code uses '\(use.name)', which exercise '\(use.exercise.id)' declares: the support code is a module of "
                    + "its own, compiled before the exercises, so it cannot see it; declare it in the support code, or move the code "
                    + "that uses it into the exercise")
        }
        for exercise in exercises {
            if !tests.contains(where: { $0.exercise == exercise.id && $0.hidden }) {
                error(
                    "course.exercise.noHiddenTests", exercise.snippet.fenceLocation,
                    "exercise '\(exercise.id)' has no hidden test, so it cannot be graded; add a 'swift hidden-test exercise=\(exercise.id)' block")
            }
            if !tests.contains(where: { $0.exercise == exercise.id && !$0.hidden }) {
                warning(
                    "course.exercise.noVisibleTests", exercise.snippet.fenceLocation,
                    "exercise '\(exercise.id)' has no visible test: students get no feedback before grading")
            }
        }
    }

    // MARK: - Attributes

    private mutating func checkAttributes(
        _ info: InfoString, role: BlockRole, at: (Int) -> SourceLocation,
        fence: SourceLocation
    ) -> [String: InfoString.Attribute] {
        let (required, optional) = role.keys
        var result: [String: InfoString.Attribute] = [:]
        for attribute in info.attributes {
            if result[attribute.key] != nil {
                error("course.block.duplicateKey", at(attribute.offset), "'\(attribute.key)' is given twice")
            } else if !(required + optional).contains(attribute.key) {
                let allowed = required + optional
                let hint = Suggestion.closest(to: attribute.key, in: allowed).map { "; did you mean '\($0)'?" } ?? ""
                let list = allowed.isEmpty ? "it takes none" : "it takes \(allowed.joined(separator: ", "))"
                error("course.block.unknownKey", at(attribute.offset), "\(role.article) \(role.rawValue) block has no '\(attribute.key)' attribute\(hint) (\(list))")
            } else if attribute.value.isEmpty {
                error("course.block.emptyValue", at(attribute.offset), "'\(attribute.key)=' needs a value")
            } else {
                result[attribute.key] = attribute
            }
        }
        for key in required where result[key] == nil && !info.attributes.contains(where: { $0.key == key }) {
            error("course.block.missingKey", at(info.roleOffset), "\(role.article) \(role.rawValue) block needs '\(key)=…'")
        }
        return result
    }

    private mutating func number(_ attribute: InfoString.Attribute?, positive: Bool, at: (Int) -> SourceLocation) -> Double? {
        guard let attribute else { return nil }
        guard let value = Double(attribute.value), value.isFinite, !positive || value > 0 else {
            error("course.block.notANumber", at(attribute.offset), "'\(attribute.key)' must be a positive number, not '\(attribute.value)'")
            return nil
        }
        return value
    }

    private mutating func rejectMarkers(in snippet: CodeSnippet, role: String) {
        for (index, line) in snippet.lines.enumerated() where SolutionRegionParser.isMarker(line) {
            error(
                "course.block.markerOutsideExercise",
                SourceLocation(line: snippet.firstLine + index, column: snippet.indent + line.leadingSpaceCount + 1),
                "solution markers belong in exercise blocks, not in \(role)")
        }
    }

    /// An `import` in a test, benchmark or figure block: the block's code goes inside a type or a
    /// function, where Swift allows no import, so the package `generate` writes would not build.
    private mutating func rejectImports(in snippet: CodeSnippet, role: String) {
        for (index, line) in snippet.lines.enumerated() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).drop { $0.hasPrefix("@") }
            guard words.first == "import", words.count >= 2 else { continue }
            error(
                "course.block.importOutsideFileScope",
                SourceLocation(line: snippet.firstLine + index, column: snippet.indent + line.leadingSpaceCount + 1),
                "\(role) cannot import: its code is not at file scope. Its file imports Foundation, and the support library "
                    + "when the lesson uses it, already; remove this line")
        }
    }

    /// 1-based column where the info string starts on a fence line.
    static func infoColumn(in line: Substring) -> Int {
        let bytes = Array(line.utf8)
        var j = 0
        while j < bytes.count && (bytes[j] == ._space || bytes[j] == ._tab || bytes[j] == UInt8(ascii: ">")) { j += 1 }
        while j < bytes.count && (bytes[j] == ._backtick || bytes[j] == ._tilde) { j += 1 }
        while j < bytes.count && (bytes[j] == ._space || bytes[j] == ._tab) { j += 1 }
        return j + 1
    }

    mutating func error(_ id: String, _ location: SourceLocation, _ message: String, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(id, file: file, at: location, message, notes: notes))
    }

    private mutating func warning(_ id: String, _ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(id, .warning, file: file, at: location, message))
    }
}
