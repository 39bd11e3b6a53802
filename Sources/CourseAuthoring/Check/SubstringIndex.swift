/// Finds which of many patterns (each at least `window` bytes of UTF-8) occur in a text, in one
/// pass over the text's bytes: a rolling hash of every `window`-byte stretch is looked up among
/// the patterns' first `window` bytes, and only those candidates are compared in full
/// (Rabin–Karp). Scanning a site for a thousand secret lines costs one pass, not a thousand.
struct SubstringIndex {
    static let window = 10
    private let patterns: [[UInt8]]
    private var byPrefix: [UInt64: [Int]] = [:]
    /// One bit per bucket of prefix hashes: most stretches of a text fall in an empty bucket and
    /// skip the dictionary (whose hashing was most of the scan).
    private var buckets = [UInt64](repeating: 0, count: 1 << 10)
    private let highPower: UInt64

    /// `patterns` shorter than `window` bytes are never found.
    init(_ patterns: [String]) {
        self.patterns = patterns.map { Array($0.utf8) }
        var power: UInt64 = 1
        for _ in 1..<Self.window { power = power &* Self.base }
        highPower = power
        for (index, bytes) in self.patterns.enumerated() where bytes.count >= Self.window {
            let prefix = Self.hash(bytes[0..<Self.window])
            byPrefix[prefix, default: []].append(index)
            let bucket = Self.bucket(prefix)
            buckets[bucket >> 6] |= 1 << UInt64(bucket & 63)
        }
    }

    /// 16 bits of the hash, the high ones mixed in (the low ones of a polynomial hash are weak).
    private static func bucket(_ hash: UInt64) -> Int { Int((hash ^ (hash >> 31) ^ (hash >> 47)) & 0xFFFF) }

    private static let base: UInt64 = 1_099_511_628_211

    private static func hash<Bytes: Collection>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        bytes.reduce(0) { $0 &* base &+ UInt64($1) }
    }

    /// Calls `found(pattern, start)` for every place in `bytes` where a pattern starts (the
    /// pattern's index into those given, the byte offset).
    func forEachOccurrence(in bytes: UnsafeBufferPointer<UInt8>, _ found: (_ pattern: Int, _ start: Int) -> Void) {
        guard bytes.count >= Self.window, !byPrefix.isEmpty else { return }
        var rolling = Self.hash(bytes[0..<Self.window])
        var start = 0
        while true {
            let bucket = Self.bucket(rolling)
            if buckets[bucket >> 6] & (1 << UInt64(bucket & 63)) != 0, let candidates = byPrefix[rolling] {
                for index in candidates {
                    let pattern = patterns[index]
                    if start + pattern.count <= bytes.count, bytes[start..<(start + pattern.count)].elementsEqual(pattern) { found(index, start) }
                }
            }
            let next = start + Self.window
            guard next < bytes.count else { break }
            rolling = (rolling &- UInt64(bytes[start]) &* highPower) &* Self.base &+ UInt64(bytes[next])
            start += 1
        }
    }

    /// The indices (into the patterns given) of every pattern that occurs in `text`.
    func occurrences(in text: Substring) -> Set<Int> {
        var found = Set<Int>()
        Array(text.utf8).withUnsafeBufferPointer { bytes in forEachOccurrence(in: bytes) { index, _ in found.insert(index) } }
        return found
    }

    /// The first pattern (in the order given) that occurs in `text`, if any.
    func first(in text: Substring) -> Int? { occurrences(in: text).min() }
}
