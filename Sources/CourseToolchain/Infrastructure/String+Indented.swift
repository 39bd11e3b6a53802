/// Shared by the generated Swift (authoring) and the text report (grading).
extension String {
    /// Every non-empty line indented by `n` spaces.
    package func indented(by n: Int) -> String {
        let pad = String(repeating: " ", count: n)
        return split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }
            .joined(separator: "\n")
    }
}
