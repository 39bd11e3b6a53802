@testable import CourseAuthoring
@testable import CourseKit
@testable import CourseToolchain
import Foundation
import XCTest

/// Lessons that `import ResidualEngine` get the course's support library in exercises/ and in checks.
final class EngineLessonTests: XCTestCase {
    static let lesson = NewLessonAction.template(id: "with-engine", title: "With engine", order: 1)
        .replacingOccurrences(of: ScaffoldPlaceholderCheck.placeholderObjective, with: "Call the support library from a lesson.")
        .replacingOccurrences(of: "/// Returns x + f(x), elementwise.\n", with: "import ResidualEngine\n\n/// Returns x + f(x), elementwise.\n")
        .replacingOccurrences(of: "return x.map { $0 + f($0) }", with: "return x.map { $0 + scaled(f($0)) }")

    func testEngineIsCopiedAndLinked() throws {
        let root = try TestSupport.course(["01-with-engine.md": Self.lesson], test: self)
        let engine = root.appendingPathComponent("Sources/ResidualEngine")
        try FileManager.default.createDirectory(at: engine, withIntermediateDirectories: true)
        try "public func scaled(_ x: Double) -> Double { 1 * x }\n".write(to: engine.appendingPathComponent("Scale.swift"), atomically: true, encoding: .utf8)

        XCTAssertEqual(try TestSupport.runCourse(["generate"], in: root).status, 0)
        let manifest = try String(contentsOf: root.appendingPathComponent("exercises/Package.swift"), encoding: .utf8)
        XCTAssertTrue(manifest.contains(".target(name: \"WithEngine\", dependencies: [\"ResidualEngine\"])"), manifest)
        XCTAssertTrue(manifest.contains("name: \"ResidualEngine\""), manifest)
        XCTAssertEqual(
            try String(contentsOf: root.appendingPathComponent("exercises/Sources/ResidualEngine/Scale.swift"), encoding: .utf8),
            "public func scaled(_ x: Double) -> Double { 1 * x }\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(".build/course/grader/engine/Scale.swift").path))
        let check = try TestSupport.runCourse(["check"], in: root)
        XCTAssertEqual(check.status, 0, check.output)
    }

    func testMissingEngineIsAnAuthoringError() throws {
        let root = try TestSupport.course(["01-with-engine.md": Self.lesson], test: self)
        let outcome = try TestSupport.runCourse(["generate"], in: root)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(
            outcome.output.contains("lessons/01-with-engine.md:1:1: error: the lesson imports ResidualEngine, but the course has no Sources/ResidualEngine folder"), outcome.output)
    }
}
