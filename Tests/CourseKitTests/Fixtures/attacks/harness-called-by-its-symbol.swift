// Attack: the test runner links the compiled test harness (module CourseHarness). Reach it by its
// mangled name, without importing it, and point the observation transcript at stdout. The answer
// is right, so only admission (a symbol of a module the lesson may not use) makes this score 0.
@_silgen_name("$s13CourseHarness7ObserveO5start2fdys5Int32V_tFZ")
func harnessStart(fd: Int32)

@_silgen_name("$s13CourseHarness7ObserveO5flushyyFZ")
func harnessFlush()

/// Returns x + f(x), elementwise.
func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
    harnessStart(fd: 1)
    harnessFlush()
    return x.map { $0 + f($0) }
}
