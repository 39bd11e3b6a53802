// Support code for lesson 1: Golden lesson, the module GoldenLessonSupport.
// You do not need to edit it; your module sees its declarations (all but private ones).

import Foundation

public struct Pair: Equatable { public var a: Int; public var b: Int }
