import Foundation

extension GradeReport {
    /// Gradescope's `results.json`: one test entry per graded item, named "lesson › exercise › test".
    ///
    /// Fields and values follow Gradescope's autograder specification: `score`, `execution_time`,
    /// `output`, `visibility`, `stdout_visibility`, and `tests[]` with `name`, `number`, `score`,
    /// `max_score`, `status` ("passed"/"failed"), `output`, `output_format` and `visibility`.
    public func gradescope(executionSeconds: Double) throws -> String {
        var tests: [[String: Any]] = []
        for (l, lesson) in lessons.enumerated() {
            for (e, exercise) in lesson.exercises.enumerated() {
                for (i, item) in exercise.items.enumerated() where item.status != .notRun {
                    var output = item.messages.joined(separator: "\n")
                    if let errors = lesson.compileErrors { output = "Your code does not compile:\n" + errors }
                    if !lesson.apiErrors.isEmpty { output = "Your code does not fit the tests:\n" + lesson.apiErrors.joined(separator: "\n") }
                    tests.append([
                        "name": "\(lesson.title) › \(exercise.id) › \(Self.readableName(item.name))",
                        "number": "\(l + 1).\(e + 1).\(i + 1)",
                        "score": item.score, "max_score": item.maxScore,
                        "status": item.status == .passed ? "passed" : "failed",
                        "output": output, "output_format": "text", "visibility": "visible",
                    ])
                }
            }
        }
        let object: [String: Any] = [
            "score": score, "execution_time": executionSeconds.rounded(),
            "output": "\(GradeReport.points(score)) of \(GradeReport.points(maxScore)) points.",
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// JUnit XML for CI systems: a testsuite per lesson, a testcase per graded item.
    public func junit() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let all = lessons.flatMap { $0.exercises.flatMap { $0.items.filter { $0.status != .notRun } } }
        let failures = all.filter { $0.status == .failed || $0.status == .notCompiled }.count
        let errors = all.filter { $0.status == .crashed || $0.status == .timedOut }.count
        out += "<testsuites name=\"\(Self.xml(submission))\" tests=\"\(all.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for lesson in lessons {
            let items = lesson.exercises.flatMap { e in e.items.filter { $0.status != .notRun }.map { (e.id, $0) } }
            out += "  <testsuite name=\"\(Self.xml(lesson.id))\" tests=\"\(items.count)\">\n"
            for (exercise, item) in items {
                out += "    <testcase classname=\"\(Self.xml(lesson.id)).\(Self.xml(exercise))\" name=\"\(Self.xml(item.name))\">"
                let lines: [String]
                if let errors = lesson.compileErrors { lines = [errors] } else if !lesson.apiErrors.isEmpty { lines = lesson.apiErrors } else { lines = item.messages }
                let detail = Self.xml(lines.joined(separator: "\n"))
                switch item.status {
                case .passed: break
                case .failed, .notCompiled: out += "\n      <failure message=\"\(item.status.rawValue)\">\(detail)</failure>\n    "
                case .crashed, .timedOut: out += "\n      <error message=\"\(item.status.rawValue)\">\(detail)</error>\n    "
                case .notRun: break
                }
                out += "</testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// `EulerStepHiddenTests/testZeroStep` → `testZeroStep`.
    static func readableName(_ name: String) -> String { String(name.split(separator: "/").last ?? Substring(name)) }

    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids most control characters; a test's output may hold any byte.
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
