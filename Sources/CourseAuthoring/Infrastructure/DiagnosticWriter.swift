/// Prints diagnostics the way compilers do: the `file:line:col` line, the source line, a caret.
public struct DiagnosticWriter {
    /// The text of each file by name, to quote the offending line; files not in it are not quoted.
    public var sources: [String: [Substring]]

    public init(sources: [String: String] = [:]) {
        self.sources = sources.mapValues { $0.split(separator: "\n", omittingEmptySubsequences: false) }
    }

    /// The printable report for one diagnostic, ending in a newline.
    public func format(_ diagnostic: Diagnostic) -> String {
        var out = diagnostic.description + "\n"
        if let lines = sources[diagnostic.file], diagnostic.location.line >= 1,
            diagnostic.location.line <= lines.count
        {
            let line = lines[diagnostic.location.line - 1]
            out += "    " + line + "\n"
            let caretColumn = max(1, min(diagnostic.location.column, line.utf8.count + 1))
            let prefix = line.utf8.prefix(caretColumn - 1).map { $0 == UInt8(ascii: "\t") ? "\t" : " " }.joined()
            out += "    " + prefix + "^\n"
        }
        for note in diagnostic.notes {
            if let location = note.location {
                out += "\(diagnostic.file):\(location.line):\(location.column): note: \(note.message)\n"
            } else {
                out += "    note: \(note.message)\n"
            }
        }
        return out
    }

    /// All diagnostics, sorted by file and position, then a count line.
    public func format(_ diagnostics: [Diagnostic]) -> String {
        let sorted = diagnostics.sorted { ($0.file, $0.location) < ($1.file, $1.location) }
        var out = sorted.map(format).joined()
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        if errors + warnings > 0 {
            out += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        }
        return out
    }
}
