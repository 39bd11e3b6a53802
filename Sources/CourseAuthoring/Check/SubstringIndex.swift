/// Finds which of many patterns (each at least `window` bytes of UTF-8) occur in a text, in one
/// pass over the text's bytes: a rolling hash of every `window`-byte stretch is looked up among
/// the patterns' first `window` bytes, and only those candidates are compared in full
/// (Rabin–Karp). Scanning a site for a thousand secret lines costs one pass, not a thousand.
struct SubstringIndex {
    static let window = 10
    private let patterns: [[UInt8]]
    private var byPrefix: [UInt64: [Int]] = [:]
    private let highPower: UInt64

    /// `patterns` shorter than `window` bytes are never found.
    init(_ patterns: [String]) {
        self.patterns = patterns.map { Array($0.utf8) }
        var power: UInt64 = 1
        for _ in 1..<Self.window { power = power &* Self.base }
        highPower = power
        for (index, bytes) in self.patterns.enumerated() where bytes.count >= Self.window {
            byPrefix[Self.hash(bytes[0..<Self.window]), default: []].append(index)
        }
    }

    private static let base: UInt64 = 1_099_511_628_211

    private static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 &* base &+ UInt64($1) }
    }

    /// The indices (into the patterns given) of every pattern that occurs in `text`.
    func occurrences(in text: Substring) -> Set<Int> {
        var found = Set<Int>()
        var bytes = Array(text.utf8)
        guard bytes.count >= Self.window, !byPrefix.isEmpty else { return found }
        var rolling = Self.hash(bytes[0..<Self.window])
        var start = 0
        while true {
            if let candidates = byPrefix[rolling] {
                for index in candidates where !found.contains(index) {
                    let pattern = patterns[index]
                    if start + pattern.count <= bytes.count, bytes[start..<(start + pattern.count)].elementsEqual(pattern) { found.insert(index) }
                }
            }
            let next = start + Self.window
            guard next < bytes.count else { break }
            rolling = (rolling &- UInt64(bytes[start]) &* highPower) &* Self.base &+ UInt64(bytes[next])
            start += 1
        }
        bytes.removeAll()
        return found
    }

    /// The first pattern (in the order given) that occurs in `text`, if any.
    func first(in text: Substring) -> Int? { occurrences(in: text).min() }
}
