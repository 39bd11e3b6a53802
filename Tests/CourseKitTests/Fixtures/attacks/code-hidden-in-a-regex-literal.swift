// Hides code from source admission inside a regex literal: to swift-syntax, `/x\//` is a regex
// and `#/` opens a multi-line one that runs to the `/#` below; to the compiler (Swift 5 mode) the
// `/`s are division and `//` starts a comment, and `#if compiler(<1)` clauses go unread, so the
// lines between are ordinary code that no admission rule saw. What stands there would be refused
// on sight (a `deinit` keeping `self`). Dormant here, with a right answer: the hiding alone must
// be refused.
#if compiler(<1)
let r = /x\// + #/
#endif

final class Ghost {
    var words = (0, 0, 0, 0, 0, 0, 0, 0)
    deinit { if words.0 == 42 { kept = self } }
}

var kept: Ghost?

#if compiler(<1)
/#
#endif

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    let ghost = Ghost()
    if x.count == 1_000_003 { ghost.words.0 = 42 }
    return x.map { $0 + f($0) }
}
