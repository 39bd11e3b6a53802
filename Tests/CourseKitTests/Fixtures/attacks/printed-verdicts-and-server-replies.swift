// Attack with the standard library alone (so admission lets it through): print what a verdict
// channel might read — XCTest's "passed" line, a transcript line holding the expected values,
// and the test server's own "done" reply — hoping the grader reads the test's output. It reads
// none of it: output goes to its own pipe, and the verdict comes from the judged transcript.
/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    print("Test Case '-[GradedTests.ResidualStepHiddenTests testAddsTheBranch]' passed (0.001 seconds).")
    print("0 [d4008000000000000,dc018000000000000] h - - -")
    print("done 0 0 0 0 1 0 0")
    return x
}
