import Foundation

#sourceLocation(file: "lessons/01-golden.md", line: 22)
public func swapPair(_ p: Pair) -> Pair {
    // BEGIN SOLUTION
    // STUB: return p
    return Pair(a: p.b, b: p.a)
    // END SOLUTION
}

public func total(_ p: Pair) -> Int {
    // BEGIN SOLUTION
    p.a + p.b
    // END SOLUTION
}
#sourceLocation()
