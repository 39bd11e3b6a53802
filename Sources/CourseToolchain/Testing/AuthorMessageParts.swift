/// How an assertion message with interpolations is recorded by the two runs of a test, and what
/// the student is shown of it (the authoring side's `AuthorMessage` writes the code that records it).
///
/// The witness (the reference's run) records `words␟value␟value…`, the words with `placeholder`
/// where each interpolation stood; the student's run records `␟value␟value…`. Each value is shown
/// where the two runs agree on it and is `…` elsewhere: an interpolated result of the solution
/// would otherwise be the reference's, an expected value shown as if it were the student's.
public enum AuthorMessageParts {
    /// Between the words and each value (U+001F, the unit separator).
    static let separator: Character = "\u{1F}"
    /// Where an interpolation stood in the words (U+FFFC).
    public static let placeholder = "\u{FFFC}"
    /// A value a run did not evaluate (U+FFFD).
    static let notEvaluated = "\u{FFFD}"
    /// A longer value is shown as `…`.
    static let longestValue = 200

    /// The message the student sees, from the witness's record and the student's run's (`nil`
    /// when that run recorded none).
    public static func shown(witness: String, own: String?) -> String {
        let parts = witness.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count > 1 else { return witness }  // no interpolation: the words as written
        let words = parts[0].components(separatedBy: placeholder)
        let reference = parts.dropFirst().map(String.init)
        let theirs = own.map { $0.split(separator: separator, omittingEmptySubsequences: false).dropFirst().map(String.init) } ?? []
        guard words.count == reference.count + 1 else { return words.joined(separator: "…") }
        var text = words[0]
        for (index, value) in reference.enumerated() {
            let agreed = index < theirs.count && theirs.count == reference.count && theirs[index] == value
            let shown = agreed && value != notEvaluated && value.count <= longestValue && !value.contains(where: \.isNewline)
            text += (shown ? value : "…") + words[index + 1]
        }
        return text
    }
}
