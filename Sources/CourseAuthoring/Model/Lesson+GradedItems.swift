import CourseGrading

extension Lesson {
    /// The hidden tests and benchmarks of an exercise, sharing its points in proportion to weight.
    public func gradedItems(for exercise: Exercise) -> [GradedItem] {
        var weighted: [(GradedItem.Kind, String, Double)] = []
        for block in tests(for: exercise.id, hidden: true) {
            for test in block.testNames { weighted.append((.test, "\(block.className)/\(test.name)", block.weight)) }
        }
        for benchmark in benchmarks where benchmark.exercise == exercise.id {
            weighted.append((.benchmark, benchmark.id, benchmark.weight))
        }
        let total = weighted.reduce(0) { $0 + $1.2 }
        guard total > 0 else { return [] }
        return weighted.map { GradedItem(kind: $0.0, name: $0.1, exercise: exercise.id, points: exercise.points * $0.2 / total) }
    }

    /// The lesson's total points.
    public var points: Double { exercises.reduce(0) { $0 + $1.points } }
}
