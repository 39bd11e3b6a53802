/// Mutant schemata: every mutant of a lesson compiled into one module, chosen at run time.
///
/// Each mutated site becomes a switch on the mutant number the process was started with
/// (`COURSE_MUTANT`; 0 runs the reference): an expression `(__courseMutantIs(7) ? (a - b) : (a + b))`,
/// a statement `if __courseMutantIs(9) { } else { x += d }`. Sites nest (a mutant of `b * c`
/// inside one of `a + b * c`): the original branch holds the inner switches, a mutant's branch is
/// that mutant alone. Replacements are one line, so the file keeps the lesson's line numbers.
///
/// When the reference runs (mutant 0) with `COURSE_MUTANT_COVERAGE` set to a folder, each
/// site writes its mutant numbers, the first time it is reached, to a file named after the test
/// (`argv[1]`): so each mutant runs only the tests that reach it.
public enum MutantSchemata {
    /// The name of the extra module file that holds the switch.
    public static let switchFileName = "MutantSwitch.swift"

    /// `code` with every mutant (numbered, from this code) switched in at its site, and the
    /// numbers of those switched in (a site that overlaps another without nesting is left out).
    public static func apply(_ mutants: [Mutant], to code: String) -> (code: String, applied: Set<Int>) {
        let bytes = Array(code.utf8)
        // Sites by range, outer before inner; mutants of one range share one switch.
        var sites: [(start: Int, end: Int, mutants: [Mutant])] = []
        for mutant in mutants.sorted(by: { ($0.start, -$0.end, $0.id) < ($1.start, -$1.end, $1.id) }) {
            if let last = sites.last, last.start == mutant.start, last.end == mutant.end {
                sites[sites.count - 1].mutants.append(mutant)
            } else {
                sites.append((mutant.start, mutant.end, [mutant]))
            }
        }
        var index = 0
        var applied = Set<Int>()
        func render(from start: Int, to end: Int) -> String {
            var out: [UInt8] = []
            var position = start
            while index < sites.count, sites[index].start < end {
                let site = sites[index]
                index += 1
                guard site.start >= position, site.end <= end else { continue }  // overlaps without nesting: not switched
                out += bytes[position..<site.start]
                applied.formUnion(site.mutants.map(\.id))
                out += Array(wrap(render(from: site.start, to: site.end), site.mutants).utf8)
                position = site.end
            }
            out += bytes[position..<end]
            return String(decoding: out, as: UTF8.self)
        }
        let rendered = render(from: 0, to: bytes.count)
        return (rendered, applied)
    }

    /// The switch around one site's original code.
    static func wrap(_ original: String, _ mutants: [Mutant]) -> String {
        if mutants.contains(where: { $0.form == .statement }) {
            return mutants.map { "if __courseMutantIs(\($0.id)) { \($0.replacement) } else " }.joined() + "{ \(original) }"
        }
        return "(" + mutants.map { "__courseMutantIs(\($0.id)) ? (\($0.replacement)) : " }.joined() + "(\(original)))"
    }

    /// The module file that reads the mutant number once and records which sites a test reaches.
    public static func switchSource(mutantCount: Int) -> String {
        """
        // Mutant schemata switch, written by `course check --mutants`.
        import Foundation

        /// The mutant this process runs (0: the reference), read once.
        let __courseMutant: Int = Int(ProcessInfo.processInfo.environment["COURSE_MUTANT"] ?? "") ?? 0

        /// Sites reached so far (a byte each: threads may race on them, harmlessly).
        nonisolated(unsafe) private let __courseMutantReached: UnsafeMutablePointer<UInt8> = {
            let flags = UnsafeMutablePointer<UInt8>.allocate(capacity: \(mutantCount + 1))
            flags.initialize(repeating: 0, count: \(mutantCount + 1))
            return flags
        }()

        /// Where this test's reached sites are written, or -1.
        private let __courseCoverageFile: Int32 = {
            guard __courseMutant == 0, let folder = ProcessInfo.processInfo.environment["COURSE_MUTANT_COVERAGE"],
                  CommandLine.arguments.count > 1 else { return -1 }
            let name = String(CommandLine.arguments[1].map { $0.isLetter || $0.isNumber ? $0 : "_" })
            return open(folder + "/" + name, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        }()

        @inline(never)
        func __courseMutantIs(_ id: Int) -> Bool {
            if __courseMutant != 0 { return __courseMutant == id }
            if __courseMutantReached[id] == 0 {
                __courseMutantReached[id] = 1
                if __courseCoverageFile >= 0 {
                    let line = "\\(id)\\n"
                    _ = line.withCString { write(__courseCoverageFile, $0, strlen($0)) }
                }
            }
            return false
        }

        """
    }
}
