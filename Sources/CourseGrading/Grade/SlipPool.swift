/// What the slips rule's second builds may give back (`Grader.chargingSlipsOnce`). A rescued
/// exercise draws only on the losses of exercises that were replaced in its second build and
/// that its reference code or its hidden tests call, each counted without the tests its own rescue gives back
/// (what other exercises' slips cost it is not its own to pass on). So a slip costs at least its
/// own loss and at least what it costs its callers, and no other failure pays for it: red team 34
/// filled a shared pool with an unrelated exercise's loss, and with deliberate extra slips in the
/// callers, which were then replaced in each other's builds.
struct SlipPool {
    private var left: [String: Double]

    /// `losses`: what each exercise a second build replaced may still pay out.
    init(losses: [String: Double]) {
        left = losses.mapValues { max(0, $0) }
    }

    /// A replaced exercise's loss in its tests in the first build, less the points of the tests
    /// its own rescue gives back. Not its benchmark's: a benchmark lost anyway (slow code) would
    /// otherwise pay for a rescue once one cheap test failed on purpose made the exercise fail.
    static func loss(of exercise: GradeReport.ExerciseGrade, rescuedTests: Set<String>) -> Double {
        exercise.items.filter { $0.kind == .test && !rescuedTests.contains($0.name) }.reduce(0) { $0 + $1.maxScore - $1.score }
    }

    /// Takes up to `points` from the pools of `sources`, in their order; returns what it took.
    mutating func draw(_ points: Double, from sources: [String]) -> Double {
        var taken = 0.0
        for source in sources where taken < points {
            let share = min(points - taken, left[source] ?? 0)
            left[source, default: 0] -= share
            taken += share
        }
        return taken
    }
}
