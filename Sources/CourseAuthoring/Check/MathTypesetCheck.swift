import CourseToolchain
import Foundation

/// Typesets every formula of the lessons with the KaTeX the site ships (Debian's libjs-katex),
/// run by Node.js, so that TeX KaTeX cannot typeset (`\frac{1}{`, `\foo`) is an error at its
/// line in `course check` instead of red text on the page.
///
/// Node is optional: without it (or without KaTeX) the check is skipped with a note, since
/// everything else `course check` does needs only Swift.
package enum MathTypesetCheck {
    /// Reads formulas as JSON (`[{"tex", "display"}]`) from the file named by its second argument,
    /// typesets each with `throwOnError`, and prints one JSON array of `{index, message, position}`
    /// for those that fail. KaTeX's `position` is the UTF-16 offset in the TeX where it stopped.
    static let script = """
        const katex = require(process.argv[1]);
        const formulas = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
        const failures = [];
        formulas.forEach((formula, index) => {
          try { katex.renderToString(formula.tex, { displayMode: formula.display, throwOnError: true }); }
          catch (error) {
            if (!(error instanceof katex.ParseError)) throw error;
            // The message without KaTeX's prefix and its quote of the TeX (the diagnostic quotes the line).
            const message = error.message.replace(/^KaTeX parse error: /, "").replace(/ at (position \\d+|end of input):[\\s\\S]*$/, "");
            failures.push({ index, message, position: error.position ?? null });
          }
        });
        console.log(JSON.stringify(failures));
        """

    private struct Formula: Encodable { var tex: String; var display: Bool }
    private struct Failure: Decodable { var index: Int; var message: String; var position: Int? }

    /// Why the check cannot run here, or `nil` when Node and KaTeX are both present.
    package static var unavailableReason: String? {
        if ProcessRunner.which("node") == nil { return "node was not found on PATH" }
        if !FileManager.default.fileExists(atPath: katexScript.path) { return "KaTeX was not found at \(katexScript.path)" }
        return nil
    }

    /// The non-minified KaTeX beside the `katex.min.js` the site copies: the same release.
    static var katexScript: URL { SiteAssets.katexFolder.appendingPathComponent("katex.js") }

    /// A `course.math.katex` error for each formula KaTeX cannot typeset, at the place it stopped.
    package static func diagnostics(for lessons: [Lesson]) throws -> [Diagnostic] {
        guard let node = ProcessRunner.which("node") else { return [] }
        var spans: [(lesson: Lesson, span: MathProtector.Span)] = []
        for lesson in lessons {
            var protector = MathProtector(source: lesson.source, file: lesson.file)
            _ = protector.protect()
            spans += protector.spans.map { (lesson, $0) }
        }
        guard !spans.isEmpty else { return [] }
        // A file, not standard input: the process runner gives children none.
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("course-formulas-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: input) }
        try JSONEncoder().encode(spans.map { Formula(tex: $0.span.content, display: $0.span.display) }).write(to: input)
        let ran = try ProcessRunner.run(node, ["-e", script, katexScript.path, input.path], timeout: 120)
        let lastLine = ran.output.split(separator: "\n").last.map(String.init) ?? ""
        guard ran.status == 0, !ran.timedOut, let failures = try? JSONDecoder().decode([Failure].self, from: Data(lastLine.utf8)) else {
            throw CourseError.toolFailed("typesetting the lessons' math with KaTeX failed:\n\(ran.output.suffix(2000))")
        }
        return failures.map { failure in
            let (lesson, span) = spans[failure.index]
            return Diagnostic(
                "course.math.katex", file: lesson.file, at: location(of: failure.position, in: span),
                "KaTeX cannot typeset this formula: \(failure.message)")
        }
    }

    /// Where KaTeX stopped, in the lesson: `position` counts UTF-16 units of the TeX, which starts
    /// right after the `$` or `$$` at the span's location. Without a position, the opening delimiter.
    static func location(of position: Int?, in span: MathProtector.Span) -> SourceLocation {
        guard let position else { return span.location }
        let utf16 = Array(span.content.utf16)
        let before = String(decoding: utf16[..<min(position, utf16.count)], as: UTF16.self)
        let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count == 1 {
            return SourceLocation(line: span.location.line, column: span.location.column + (span.display ? 2 : 1) + before.utf8.count)
        }
        return SourceLocation(line: span.location.line + lines.count - 1, column: lines.last!.utf8.count + 1)
    }
}
