/// Turns lesson and exercise ids (`euler-step`) into Swift names (`EulerStep`).
public enum SwiftName {
    /// `euler-step` → `EulerStep`; a leading digit gets the prefix `Lesson`.
    public static func typeName(fromSlug slug: String) -> String {
        let words = slug.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        var name = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        if name.first?.isNumber ?? true { name = "Lesson" + name }
        return name
    }

    /// Whether `name` is a plain Swift identifier (ASCII letters, digits, underscore).
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic, first.isASCII else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// Whether `id` is a valid lesson or exercise id: lower-case letters, digits and `-`.
    public static func isSlug(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && !id.hasSuffix("-") && !id.contains("--")
    }
}
