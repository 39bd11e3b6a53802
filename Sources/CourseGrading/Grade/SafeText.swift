import CourseToolchain

/// Text a submission could have written (test messages, compiler diagnostics that quote its
/// lines, file names from its archive, what it printed), made safe to show: nothing in it can act
/// on a terminal, break an XML document or open an HTML tag.
public enum SafeText {
    /// `text` with every control character shown as visible text: C0 controls in caret notation
    /// (`ESC` as `^[`, a bare `\r` as `^M`, backspace as `^H`), `DEL` as `^?`, C1 controls,
    /// bidirectional overrides, the line and paragraph separators (a line break to some readers)
    /// and the noncharacters U+FFFE/U+FFFF as `<U+009B>`. `\n` and `\t`
    /// stay, and `\r\n` becomes `\n`.
    public static func visible(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            switch value {
            case 0x09, 0x0A:
                out.append(scalar)
            case 0x0D where index + 1 < scalars.count && scalars[index + 1] == "\n":
                continue  // a Windows line end is a line end, not a carriage return
            case 0x00...0x1F:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFFFE, 0xFFFF:
                out.append(contentsOf: codePoint(value).unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` for XML 1.0 element content or (with `attribute`) a quoted attribute value: made
    /// visible first, so no character XML forbids remains, then escaped. In attributes `\n` and
    /// `\t` are written as character references, which parsers keep instead of turning into spaces.
    public static func xml(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        for scalar in visible(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` for HTML text or a double-quoted attribute: made visible, then escaped as the
    /// Markdown renderer escapes (one rule for every HTML page the project writes).
    public static func html(_ text: String) -> String { HTMLEscaping.escape(visible(text)) }

    /// `<U+009B>`: a code point written out, four hex digits at least.
    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }
}
