// Attack: a string literal holding `//` first on the line hides the attribute from a line filter.
let decoy = "//"; @_cdecl("exit") public func exitQuietly(_ status: Int32) {}

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    x
}
