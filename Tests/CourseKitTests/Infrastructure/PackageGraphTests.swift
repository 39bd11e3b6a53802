@testable import CourseToolchain
import Foundation
import XCTest

/// The targets are the architecture's layers (ARCHITECTURE.md), so the compiler refuses an import
/// that goes up. What it cannot refuse is a dependency added to Package.swift: these tests read the
/// graph as SwiftPM resolves it (`swift package describe`) and keep grading free of cmark, YAML,
/// templates and the authoring code (the Gradescope image must not need libcmark), and the graph
/// free of cycles.
final class PackageGraphTests: XCTestCase {
    /// Target name → what it depends on, targets of this package and products of others alike.
    typealias Graph = [String: Set<String>]

    /// What grading may never reach, directly or through another target.
    static let forbiddenForGrading: Set<String> = ["CCmark", "Yams", "Mustache", "CourseAuthoring", "CourseKit"]

    func testGradingReachesNeitherCmarkNorTemplatesNorAuthoring() throws {
        let graph = try Self.packageGraph()
        let reached = Self.reachable(from: "CourseGrading", in: graph)
        XCTAssertTrue(reached.contains("CourseToolchain"), "the graph was not read: \(reached.sorted())")
        XCTAssertEqual(reached.intersection(Self.forbiddenForGrading), [], "grading links what it must not")
        // The executable grading machines run: the same, so their image needs no libcmark.
        let grader = Self.reachable(from: "course-grader", in: graph)
        XCTAssertTrue(grader.contains("CourseGrading"), "the graph was not read: \(grader.sorted())")
        XCTAssertEqual(grader.intersection(Self.forbiddenForGrading), [], "course-grader links what it must not")
    }

    func testToolchainAndHandinRulesStandAlone() throws {
        let graph = try Self.packageGraph()
        XCTAssertEqual(Self.reachable(from: "CourseToolchain", in: graph), [], "the toolchain depends on nothing")
        // Copied verbatim into the student package's hand-in tool, which has only the toolchain's
        // swift-syntax: so has the package (Package.swift's toolchainSyntaxFolder).
        XCTAssertEqual(Self.reachable(from: "HandinRules", in: graph), [])
    }

    /// swift-syntax is the toolchain's, never built from source: the compiler's own parser, and a
    /// minute less of every fresh build.
    func testSwiftSyntaxIsTheToolchainsNotAPackage() throws {
        let graph = try Self.packageGraph()
        XCTAssertTrue(graph.keys.contains("CourseAuthoring"), "the graph was not read: \(graph.keys.sorted())")
        let reached = graph.keys.reduce(into: Set<String>()) { $0.formUnion(Self.reachable(from: $1, in: graph)) }
        XCTAssertEqual(reached.filter { $0.hasPrefix("Swift") && $0 != "SwiftCSV" }, [], "a target depends on the swift-syntax package")
    }

    func testThePackageGraphHasNoCycle() throws {
        let graph = try Self.packageGraph()
        XCTAssertTrue(Set(["CourseToolchain", "HandinRules", "CourseGrading", "CourseAuthoring", "CourseKit"]).isSubset(of: graph.keys))
        XCTAssertNil(Self.cycle(in: graph))
    }

    /// The cycle check must be able to fail: a graph with one is caught, with its path.
    func testCycleFinderFindsACycleAndReachabilityFollowsEveryEdge() {
        let graph: Graph = ["A": ["B"], "B": ["C", "X"], "C": ["A"], "D": ["A"]]
        XCTAssertEqual(Self.cycle(in: graph), ["A", "B", "C", "A"])
        XCTAssertNil(Self.cycle(in: ["A": ["B"], "B": ["C"], "D": ["B", "C"]]))
        XCTAssertEqual(Self.reachable(from: "D", in: graph), ["A", "B", "C", "X"])
    }

    // MARK: - The graph

    private struct PackageDescription: Decodable {
        struct Target: Decodable {
            var name: String
            var targetDependencies: [String]?
            var productDependencies: [String]?
            enum CodingKeys: String, CodingKey {
                case name, targetDependencies = "target_dependencies", productDependencies = "product_dependencies"
            }
        }
        var targets: [Target]
    }

    /// The package's targets as SwiftPM describes them. A scratch folder of its own, so the run
    /// does not wait for the lock on `.build` that `swift test` holds.
    static func packageGraph() throws -> Graph {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("course-graph-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outcome = try ProcessRunner.run(
            "/usr/bin/env", ["swift", "package", "--scratch-path", scratch.path, "describe", "--type", "json"],
            in: TestSupport.repositoryRoot, timeout: 300)
        guard outcome.status == 0, let start = outcome.output.firstIndex(of: "{") else {
            throw CourseError.toolFailed("swift package describe failed: \(outcome.output)")
        }
        // stdout and stderr arrive merged; the JSON is the part from its first brace.
        let description = try JSONDecoder().decode(PackageDescription.self, from: Data(outcome.output[start...].utf8))
        return Dictionary(
            uniqueKeysWithValues: description.targets.map {
                ($0.name, Set(($0.targetDependencies ?? []) + ($0.productDependencies ?? [])))
            })
    }

    /// Every node `start` depends on, directly or not.
    static func reachable(from start: String, in graph: Graph) -> Set<String> {
        var seen: Set<String> = [], stack = Array(graph[start] ?? [])
        while let node = stack.popLast() {
            guard seen.insert(node).inserted else { continue }
            stack += graph[node] ?? []
        }
        return seen
    }

    /// A path that leads back to where it started, or nil when the graph has none.
    static func cycle(in graph: Graph) -> [String]? {
        var finished: Set<String> = []
        func visit(_ node: String, path: [String]) -> [String]? {
            if let index = path.firstIndex(of: node) { return Array(path[index...]) + [node] }
            guard !finished.contains(node) else { return nil }
            for next in (graph[node] ?? []).sorted() {
                if let found = visit(next, path: path + [node]) { return found }
            }
            finished.insert(node)
            return nil
        }
        for node in graph.keys.sorted() {
            if let found = visit(node, path: []) { return found }
        }
        return nil
    }
}
