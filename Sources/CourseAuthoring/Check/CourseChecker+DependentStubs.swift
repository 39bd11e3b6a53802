import CourseToolchain
import Foundation

extension CourseChecker {
    /// The exercises whose stub, given every *other* exercise solved, passes all its own tests.
    ///
    /// The stubs are checked together, so a stub that calls another exercise's function (exercise
    /// 2's stub `2 * euler(n: 2 * steps) - euler(n: steps)`) fails only because that function is
    /// a stub too: a student who solves exercise 1 gets exercise 2 for free. Only stubs that name
    /// another exercise's declarations can do that; each of those is compiled with the other
    /// exercises' reference solutions and run against its own tests.
    func stubsPassingWithTheOthersSolved(
        _ lesson: Lesson, base: URL, engine: (name: String, folder: URL)?, judge: Judge, witnesses: [String: [Observation]]
    ) throws -> [String] {
        var passing: [String] = []
        for exercise in lesson.exercises where Self.stubNamesOtherExercises(exercise, in: lesson) {
            var builder = builder(lesson, base.appendingPathComponent("stub-\(exercise.id)"), engine)
            builder.referenceFiles = SwiftSourceBuilder(lesson: lesson).referenceModule { $0.id == exercise.id ? $0.stubCode : $0.solutionCode }
            let build = try builder.build(.reference, forms: [.blind])[0]
            guard let runner = build.runner else { continue }  // the stubs' own compile reports errors
            let own = [true, false].map { TestBlock.className(exercise: exercise.id, hidden: $0) + "/" }
            let tests = build.tests.filter { test in own.contains { test.hasPrefix($0) } }
            guard !tests.isEmpty else { continue }
            let verdicts = try testRunner(runner, lesson).run(tests).map { judge.verdict($0, witness: witnesses[$0.name] ?? [], blind: true) }
            if verdicts.allSatisfy({ $0.status == .passed }) { passing.append(exercise.id) }
        }
        return passing
    }

    /// Whether the stub of `exercise` names a function or type another exercise declares.
    static func stubNamesOtherExercises(_ exercise: Exercise, in lesson: Lesson) -> Bool {
        let declared = Set(
            lesson.exercises.filter { $0.id != exercise.id }.flatMap { other in
                other.snippet.lines.flatMap { line -> [String] in
                    let words = line.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
                    return zip(words, words.dropFirst()).compactMap { ["func", "struct", "class", "enum", "typealias"].contains($0) ? $1 : nil }
                }
            })
        let stubbed = exercise.regions.flatMap(\.stubLines).joined(separator: "\n")
        return stubbed.split { !($0.isLetter || $0.isNumber || $0 == "_") }.contains { declared.contains(String($0)) }
    }
}
