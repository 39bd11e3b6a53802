/// Which mutants to leave out when a lesson's mutant schemata do not compile.
///
/// The schemata keep the lesson's line numbers (`#sourceLocation`), and each mutant's code
/// follows its marker (`__courseMutantIs(7) ? (` or `if __courseMutantIs(7) { `) on one line.
/// So an error's line and column name the mutant whose code holds it (`-` on a type that has
/// none). An error outside every mutant's code comes from the switches themselves: an
/// expression too complex to type-check in time, reported at its first line; then the mutants of
/// the statement that starts there go.
enum SchemataErrorFinder {
    /// Where the compiler reported an error in the lesson (1-based line; 1-based UTF-8 column).
    struct ErrorSite: Hashable {
        var line: Int
        var column: Int
    }

    /// The errors `output` reports in `file`.
    static func errors(in output: String, file: String) -> [ErrorSite] {
        output.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(file + ":"), line.contains(": error: ") else { return nil }
            let fields = line.dropFirst(file.count + 1).split(separator: ":", maxSplits: 2)
            guard fields.count == 3, let number = Int(fields[0]), let column = Int(fields[1]) else { return nil }
            return ErrorSite(line: number, column: column)
        }
    }

    /// The mutants to leave out: for each error, the mutant whose code holds it; for an error in
    /// no mutant's code, the mutants that start on its line or, when that line was reported
    /// before or none starts there, every mutant of the statement that starts there.
    /// `rendered` is each exercise's schemata code, by exercise id.
    static func leftOut(
        _ live: [Mutant], errors: [ErrorSite], reportedBefore: Set<Int>, lesson: Lesson,
        rendered: [String: String]
    ) -> [Mutant] {
        var (broken, unexplained) = culprits(live, errors: errors, lesson: lesson, rendered: rendered)
        // A mutant that does not type-check often makes the compiler complain about its whole
        // statement too: those errors wait for the next round, so they do not take the
        // statement's valid mutants with them (a new author's lesson lost two of three that way).
        if !broken.isEmpty { unexplained = [] }
        let first = { (m: Mutant) in lesson.exercise(m.exercise)!.snippet.firstLine }
        let start = { (m: Mutant) in first(m) + m.line - 1 }
        for line in unexplained {
            guard let exercise = exercise(at: line, in: lesson) else { continue }
            let onLine = live.filter { start($0) == line }
            if !onLine.isEmpty && !reportedBefore.contains(line) {
                broken.formUnion(onLine.map(\.id))
                continue
            }
            let offset = exercise.snippet.firstLine - 1
            let statement =
                MutantGenerator.statementLines(startingAt: line - offset, in: exercise.solutionCode)
                .map { ($0.lowerBound + offset)...($0.upperBound + offset) } ?? line...line
            broken.formUnion(
                live.filter { m in
                    m.exercise == exercise.id && (statement.contains(start(m)) || (start(m)...(first(m) + m.endLine - 1)).contains(line))
                }.map(\.id))
        }
        return live.filter { broken.contains($0.id) }
    }

    /// The mutants whose code holds an error, and the lines of the errors no mutant's code holds.
    static func culprits(_ live: [Mutant], errors: [ErrorSite], lesson: Lesson, rendered: [String: String]) -> (Set<Int>, Set<Int>) {
        var broken = Set<Int>()
        var unexplained = Set<Int>()
        for error in errors {
            guard let exercise = exercise(at: error.line, in: lesson), let code = rendered[exercise.id] else { continue }
            let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
            let index = error.line - exercise.snippet.firstLine
            guard index >= 0, index < lines.count else { continue }
            let culprits = live.filter { $0.exercise == exercise.id && holds(Array(lines[index].utf8), error.column - 1, $0) }
            if culprits.isEmpty { unexplained.insert(error.line) } else { broken.formUnion(culprits.map(\.id)) }
        }
        return (broken, unexplained)
    }

    /// Whether the byte at `offset` of a schemata line is inside `mutant`'s code there.
    static func holds(_ line: [UInt8], _ offset: Int, _ mutant: Mutant) -> Bool {
        for marker in ["__courseMutantIs(\(mutant.id)) ? (", "if __courseMutantIs(\(mutant.id)) { "] {
            let pattern = Array(marker.utf8)
            guard line.count >= pattern.count else { continue }
            for start in 0...(line.count - pattern.count) where line[start..<(start + pattern.count)].elementsEqual(pattern) {
                let code = start + pattern.count
                if offset >= code && offset < code + mutant.replacement.utf8.count { return true }
            }
        }
        return false
    }

    static func exercise(at line: Int, in lesson: Lesson) -> Exercise? {
        lesson.exercises.first { line >= $0.snippet.firstLine && line < $0.snippet.firstLine + $0.snippet.lines.count }
    }
}
