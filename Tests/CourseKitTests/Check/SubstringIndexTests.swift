@testable import CourseAuthoring
import XCTest

/// The one-pass search the leak scanner uses finds exactly what `contains` finds, pattern by pattern.
final class SubstringIndexTests: XCTestCase {
    func testFindsWhatContainsFinds() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ab(λ) x=1.0;")  // a small alphabet makes near misses and overlaps common
        func text(_ length: Int) -> String { String((0..<length).map { _ in alphabet.randomElement(using: &random)! }) }
        for _ in 0..<40 {
            let patterns = (0..<30).map { _ in text(Int.random(in: 8...16, using: &random)) }
            let index = SubstringIndex(patterns)
            for _ in 0..<30 {
                var line = text(Int.random(in: 0...80, using: &random))
                if Bool.random(using: &random), let planted = patterns.randomElement(using: &random) {
                    line.insert(contentsOf: planted, at: line.index(line.startIndex, offsetBy: Int.random(in: 0...line.count, using: &random)))
                }
                let expected = Set(patterns.indices.filter { Array(patterns[$0].utf8).count >= SubstringIndex.window && line.utf8.contains(subsequence: patterns[$0].utf8) })
                XCTAssertEqual(index.occurrences(in: Substring(line)), expected, "\(line) in \(patterns)")
            }
        }
    }

    func testShortPatternsAndShortLines() {
        let index = SubstringIndex(["short", "exactly10!", "a longer pattern"])
        XCTAssertEqual(index.occurrences(in: "exactly10!"), [1])
        XCTAssertEqual(index.occurrences(in: "xx a longer pattern, exactly10! short"), [1, 2])
        XCTAssertEqual(index.first(in: "short"), nil)
        XCTAssertEqual(index.first(in: ""), nil)
    }
}

private extension String.UTF8View {
    func contains(subsequence: String.UTF8View) -> Bool {
        let haystack = Array(self), needle = Array(subsequence)
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
