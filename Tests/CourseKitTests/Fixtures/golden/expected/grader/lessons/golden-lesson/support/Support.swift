import Foundation

#sourceLocation(file: "lessons/01-golden.md", line: 18)
public struct Pair: Equatable { public var a: Int; public var b: Int }
#sourceLocation()
