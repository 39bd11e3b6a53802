import CourseAuthoring

/// What `course new lesson` writes: a lesson that shows every role a code block can take, each
/// with an HTML comment (not shown on the page) saying what to replace, and code that passes
/// `course check` as it is. The tests use the smaller `NewLessonAction.template` as their fixture.
extension NewLessonAction {
    /// The scaffold; `figure` adds a figure block, which needs the support library to draw
    /// (`course build` refuses figures in a course without `Sources/ResidualEngine`).
    static func scaffold(id: String, title: String, order: Int, figure: Bool) -> String {
        let fence = "```"
        let figureSection =
            figure
            ? """

            ## A figure

            <!-- Replace: the body of a function returning an SVGPlot, drawn by `course build` with the
                 reference solution in scope. Link to it as [the figure](#figure-state-size). -->

            \(fence)swift figure id=state-size title="The state over ten steps"
            var plot = SVGPlot(title: "x + 0.1 x, ten times", xLabel: "step", yLabel: "x")
            let states = (0...10).map { residualSteps([1], { 0.1 * $0 }, count: $0)[0] }
            plot.add(.init("x", x: (0...10).map(Double.init), y: states))
            return plot
            \(fence)

            """
            : """

            <!-- A `swift figure` block would draw an SVGPlot here; figures need the support library
                 (Sources/ResidualEngine) in the course. See "Figures" in docs/authoring.md. -->

            """
        return frontMatter(id: id, title: title, order: order) + """

            <!-- course new lesson wrote this file. Replace every part below with your lesson: each
                 block shows one role (docs/authoring.md, "Code blocks and their roles"); delete the
                 roles your lesson does not need. `course check` refuses the placeholder objective. -->

            # \(title)

            Explain the idea here. Math works inline, $x_{l+1} = x_l + F(x_l)$, and as a display:

            $$
            \\|x_{l+1} - x_l\\| = \\|F(x_l)\\|
            $$

            <!-- Replace: support code is a module of its own that solution, stub and tests all see,
                 shown to students: types, constants and helpers the exercises share. -->

            \(fence)swift support
            /// How many steps the benchmark takes.
            public let benchmarkDepth = 20
            \(fence)

            ## Exercise: residual steps

            <!-- Replace: the reference solution. Students get the block with each region between
                 BEGIN SOLUTION and END SOLUTION replaced by a stub: a fatalError, or the code of the
                 region's `// STUB:` lines. `points` is the exercise's total. -->

            \(fence)swift exercise id=residual-steps points=2 title="Residual steps"
            /// Returns x + f(x), elementwise.
            func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
                // BEGIN SOLUTION
                return x.map { $0 + f($0) }
                // END SOLUTION
            }

            /// Applies `count` residual steps.
            func residualSteps(_ x: [Double], _ f: (Double) -> Double, count: Int) -> [Double] {
                // BEGIN SOLUTION
                // STUB: return x
                var state = x
                for _ in 0..<count { state = residualStep(state, f) }
                return state
                // END SOLUTION
            }
            \(fence)

            <!-- Replace: visible tests, which students run with `swift test`. -->

            \(fence)swift test exercise=residual-steps
            func testZeroBranchIsTheIdentity() {
                XCTAssertEqual(residualStep([1, 2, 3], { _ in 0 }), [1, 2, 3])
            }
            \(fence)

            <!-- Replace: hidden tests, which only the grader sees; each must fail on the stubs. They
                 share the points with the benchmark by `weight` (default 1; here 2 for each method). -->

            \(fence)swift hidden-test exercise=residual-steps weight=2
            func testAddsTheBranch() {
                XCTAssertEqual(residualStep([1, -2], { 2 * $0 }), [3, -6])
            }

            func testStepsCompound() {
                XCTAssertEqual(residualSteps([1], { $0 }, count: 3), [8])
            }
            \(fence)

            <!-- Replace: a benchmark times the student's code against the reference (`threshold`: how
                 many times slower it may be). Draw inputs from `benchmarkSeed` before `// TIMED`, and
                 pass the timed result to `blackHole`, which also compares it with the reference's. -->

            \(fence)swift benchmark exercise=residual-steps threshold=2
            var random = BenchmarkRandom(seed: benchmarkSeed)
            let x = (0..<10_000).map { _ in Double.random(in: -1...1, using: &random) }
            // TIMED
            blackHole(residualSteps(x, { -0.01 * $0 }, count: benchmarkDepth))
            \(fence)
            \(figureSection)
            """
    }
}
