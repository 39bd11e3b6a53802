/// HTML escaping for text from lessons, students and tools: the site's renderer and grading's
/// feedback page share it (grading cannot see the Markdown code).
public enum HTMLEscaping {
    /// Escapes `&`, `<`, `>` and `"` so text is safe in element content and attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
