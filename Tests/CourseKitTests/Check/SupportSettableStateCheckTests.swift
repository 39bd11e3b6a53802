@testable import CourseAuthoring
import XCTest

/// Support state a submission could set (the lesson's module imports the support code
/// `@testable`) is named; what only the support code can set, or what each caller holds a copy
/// of, is not.
final class SupportSettableStateCheckTests: XCTestCase {
    func testSharedStateWithAReachableSetterIsFound() {
        let code = """
            public final class Tape {
                public var count = 0
                var peak = 0 { didSet { } }
                public private(set) var pushes = 0
                private var entries: [Int] = []
                public var isEmpty: Bool { entries.isEmpty }
                public var last: Int { get { entries.last ?? 0 } }
                public static var shared = Tape()
                func push() { var local = 0; local += 1 }
            }
            extension Tape {
                public var first: Int {
                    get { 0 }
                    set { count = newValue }
                }
            }
            public struct Point {
                public var x = 0.0
                public static var origin = Point()
            }
            public enum Mode { static var current = 0 }
            private final class Secret { var value = 0 }
            var (calls, misses) = (0, 0)
            let fixed = 3
            fileprivate var seenOnlyHere = 0
            public protocol Counting { var count: Int { get set } }
            """
        let found = SupportSettableStateCheck.settableVariables(in: code, classes: SupportSettableStateCheck.classNames(in: [code]))
        XCTAssertEqual(
            found.map(\.name), ["count", "peak", "shared", "first", "origin", "current", "calls", "misses"],
            "private setters, getters, locals, a private class, a struct's own fields and a protocol's requirements are not state a submission can set")
        XCTAssertEqual(found.first, .init(name: "count", kind: "a property of class 'Tape', shared by reference", line: 2, column: 16))
        XCTAssertEqual(found.first { $0.name == "origin" }?.kind, "a static variable")
        XCTAssertEqual(found.last?.kind, "a global variable")
    }

    func testAnExtensionOfAClassDeclaredInAnotherSupportBlockIsSharedState() {
        let classes = SupportSettableStateCheck.classNames(in: ["public final class Tape {}", "struct Other {}"])
        XCTAssertEqual(classes, ["Tape"])
        let found = SupportSettableStateCheck.settableVariables(
            in: "extension Tape { public var mode: Int { get { 0 } set {} } }\nextension Other { var x: Int { get { 0 } set {} } }", classes: classes)
        XCTAssertEqual(found.map(\.name), ["mode"])
    }

    func testTheCourseLessonsKeepTheirStatePrivate() throws {
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        XCTAssertEqual(SupportSettableStateCheck.diagnostics(for: course.lessons).map(\.description), [])
    }
}
