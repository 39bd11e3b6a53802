import Foundation

/// The compiler's strict memory safety check (SE-0458) as an admission rule: a lesson that does
/// not allow `unsafe-pointers` refuses every unsafe construct in the student's files. The
/// compiler reports each use of a declaration marked `@unsafe` (pointers, `Unmanaged`, `Span`'s and
/// `InlineArray`'s unchecked subscripts, ...) by what the expression resolves to, so no spelling
/// or new API escapes it the way one can escape a list of names (`AdmissionVisitor.rawMemoryNames`,
/// the first, clearer line; `unsafe`, which silences the check, is one of its names). Through
/// such a construct a function can write into an array it was only lent: a test's own input,
/// and the expected value the test computes from it afterwards.
///
/// The grader and the hand-in tool both compile with `flag` (and warnings on) and read the
/// compiler's `-diagnostic-style llvm` output with `refusals`.
package enum MemorySafetyCheck {
    package static let flag = "-strict-memory-safety"
    private static let group = "[#StrictMemorySafety]"

    /// The check's reports in `output` whose file is one of `paths` (as given to the compiler, or
    /// ending in `/` and one of them), as "path:line:col: error: message" lines with `paths`' spelling.
    package static func refusals(in output: String, paths: Set<String>) -> [String] {
        var found: [String] = []
        for line in output.split(separator: "\n") where line.hasSuffix(group) {
            guard let kind = line.range(of: ": warning: ") ?? line.range(of: ": error: ") else { continue }
            let location = line[..<kind.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard location.count >= 3, let row = Int(location[location.count - 2]), let column = Int(location[location.count - 1]) else { continue }
            let file = location.dropLast(2).joined(separator: ":")
            guard let path = paths.first(where: { file == $0 || file.hasSuffix("/" + $0) }) else { continue }
            let message = line[kind.upperBound...].dropLast(group.count).trimmingCharacters(in: .whitespaces)
            found.append(
                "\(path):\(row):\(column): error: \(message): this lesson does not allow code that reaches memory unchecked "
                    + "(the compiler's strict memory safety check; work on the values themselves)")
        }
        return found
    }
}
