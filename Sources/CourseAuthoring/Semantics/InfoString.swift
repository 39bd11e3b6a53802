/// A fenced block's info string split into language, role and `key=value` attributes:
/// `swift exercise id=euler-step points=10 title="One Euler step"`.
struct InfoString: Equatable {
    struct Attribute: Equatable {
        var key: String
        var value: String
        /// 0-based offset of the key within the info string.
        var offset: Int
    }

    var language: String
    var role: String?
    var roleOffset: Int
    var attributes: [Attribute]
    /// Words that are neither the role nor `key=value`, with their offsets.
    var strayWords: [(String, Int)]
    var unterminatedQuoteOffset: Int?
    /// `key = value` (or `key= value`, `key =value`) read as `key=value`, with the key's offset:
    /// still an error, but one that says what to write instead of three stray words.
    var spacedAttributes: [(String, Int)] = []

    static func == (lhs: InfoString, rhs: InfoString) -> Bool {
        lhs.language == rhs.language && lhs.role == rhs.role && lhs.attributes == rhs.attributes
            && lhs.strayWords.map(\.0) == rhs.strayWords.map(\.0)
    }

    init(_ info: String) {
        language = ""
        role = nil
        roleOffset = 0
        attributes = []
        strayWords = []
        var words: [(String, Int)] = []
        var current = ""
        var start = 0
        var quote: Character?
        for (offset, ch) in info.enumerated() {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "\"" || ch == "'" {
                if current.isEmpty { start = offset }
                quote = ch
            } else if ch == " " || ch == "\t" {
                if !current.isEmpty { words.append((current, start)); current = "" }
            } else {
                if current.isEmpty { start = offset }
                current.append(ch)
            }
        }
        if quote != nil { unterminatedQuoteOffset = start } else { unterminatedQuoteOffset = nil }
        if !current.isEmpty { words.append((current, start)) }
        words = joiningSpacedAttributes(words)
        guard let first = words.first else { return }
        language = first.0
        for (index, (word, offset)) in words.enumerated().dropFirst() {
            if let eq = word.firstIndex(of: "="), eq != word.startIndex {
                attributes.append(Attribute(key: String(word[..<eq]), value: String(word[word.index(after: eq)...]), offset: offset))
            } else if index == 1 {
                role = word
                roleOffset = offset
            } else {
                strayWords.append((word, offset))
            }
        }
    }

    func value(_ key: String) -> Attribute? { attributes.first { $0.key == key } }

    /// `words` with `key = value`, `key= value` and `key =value` joined into `key=value`
    /// (recorded in `spacedAttributes`).
    private mutating func joiningSpacedAttributes(_ words: [(String, Int)]) -> [(String, Int)] {
        var joined: [(String, Int)] = []
        var index = 0
        func isKey(_ word: String) -> Bool { !word.isEmpty && !word.contains("=") }
        while index < words.count {
            let (word, offset) = words[index]
            let next = index + 1 < words.count ? words[index + 1].0 : nil
            let afterNext = index + 2 < words.count ? words[index + 2].0 : nil
            var attribute: String?
            var used = 1
            if isKey(word), next == "=", let value = afterNext, !value.contains("=") {
                (attribute, used) = (word + "=" + value, 3)
            } else if word.hasSuffix("="), isKey(String(word.dropLast())), let value = next, !value.contains("=") {
                (attribute, used) = (word + value, 2)
            } else if isKey(word), let value = next, value.hasPrefix("="), value.count > 1, !value.dropFirst().contains("=") {
                (attribute, used) = (word + value, 2)
            }
            if let attribute, index > 0 {
                joined.append((attribute, offset))
                spacedAttributes.append((attribute, offset))
                index += used
            } else {
                joined.append((word, offset))
                index += 1
            }
        }
        return joined
    }
}

/// What a fenced Swift block is for.
enum BlockRole: String, CaseIterable {
    case exercise
    case test
    case hiddenTest = "hidden-test"
    case benchmark
    case example
    case support
    /// Swift code run at build time that returns an `SVGPlot`, shown as a figure.
    case figure

    /// "a" or "an", for messages.
    var article: String { self == .exercise ? "an" : "a" }

    /// The attribute keys each role accepts, and which of them are required.
    var keys: (required: [String], optional: [String]) {
        switch self {
        case .exercise: return (["id", "points"], ["title"])
        case .test: return (["exercise"], [])
        case .hiddenTest: return (["exercise"], ["weight"])
        case .benchmark: return (["exercise", "threshold"], ["id", "weight", "repetitions", "tolerance"])
        case .example, .support: return ([], [])
        case .figure: return (["id"], ["title"])
        }
    }
}
