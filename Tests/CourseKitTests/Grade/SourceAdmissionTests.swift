@testable import CourseAuthoring
import Foundation
@testable import HandinRules
import XCTest

/// `SourceAdmission`: each rule, in spellings that fooled the line filter it replaced, with the
/// exact place it reports; and the real lessons' reference solutions, which must pass untouched.
final class SourceAdmissionTests: XCTestCase {
    private let path = "exercises/Sources/Lesson/Step.swift"

    /// Asserts the violations of one file (`assertAdmission`).
    private func assertFound(
        _ text: String, _ expected: [(String, String)], admission: SourceAdmission = .standard(usesEngine: false),
        file: StaticString = #filePath, line: UInt = #line
    ) {
        assertAdmission(text, expected, admission: admission, path: path, file: file, line: line)
    }

    /// Just the `line:col` of each violation in one file.
    private func places(_ text: String, admission: SourceAdmission = .standard(usesEngine: false)) -> [String] {
        admission.violations(in: [path: text]).map { "\($0.line):\($0.column)" }
    }

    // MARK: Pointers

    /// Every road to a pointer is refused at its name, however the types are spelled, unless the
    /// lesson allows pointers; ordinary code that only sounds close (`bitPattern`, `MemoryLayout`)
    /// is admitted.
    func testPointersAreRefusedWhereverTheyAreNamedUnlessTheLessonAllowsThem() {
        let text = """
            typealias P = UnsafeMutablePointer<Double>
            func zero(_ x: [Double]) {
                x.withContiguousStorageIfAvailable { b in P(mutating: b.baseAddress!).pointee = 0 }
                let r = x.withUnsafeBytes { OpaquePointer($0.baseAddress) }
                _ = unsafeBitCast(r, to: Int.self)
                "s".withCString { _ in }
            }
            func fine(_ x: Double) -> UInt64 { x.bitPattern &+ UInt64(MemoryLayout<Double>.size) }
            nonisolated(unsafe) var pool: [Double] = []
            """
        assertFound(
            text,
            [
                ("1:15", "`UnsafeMutablePointer` reaches memory through a pointer"),
                ("3:7", "`withContiguousStorageIfAvailable`"), ("3:61", "`baseAddress`"), ("3:75", "`pointee`"),
                ("4:15", "`withUnsafeBytes`"), ("4:33", "`OpaquePointer`"), ("4:50", "`baseAddress`"),
                ("5:9", "`unsafeBitCast`"), ("6:9", "`withCString`")
            ])
        var allowing = SourceAdmission.standard(usesEngine: false, allows: ["unsafe-pointers"])
        XCTAssertEqual(places(text, admission: allowing), [])
        allowing.allowsRawMemory = false
        XCTAssertEqual(places(text, admission: allowing).count, 9)
    }

    /// The standard library's underscored members are public for its inlining: one hands out a
    /// mutable pointer into any array without a pointer's name. Every underscored reference is
    /// refused (a student's own too, else declaring one would let the library's through).
    func testUnderscoredNamesAreRefusedWhereTheyAreUsed() {
        let text = """
            func zero(_ x: [Double]) { x._baseAddressIfContiguous![0] = 0 }
            var _count = 0
            func bump() -> Int { _count += 1; let _ = 2; return _count }
            """
        assertFound(text, [("1:30", "`_baseAddressIfContiguous`: graded code may not use names that start with `_`"), ("3:22", "`_count`"), ("3:53", "`_count`")])
        XCTAssertEqual(places(text, admission: .standard(usesEngine: false, allows: ["unsafe-pointers"])).count, 3)
    }

    // MARK: Attributes

    func testUnderscoredAttributesHiddenFromTheLineFilterAreFound() {
        let text = """
            /* // */ @_silgen_name("exit") func quit(_ code: Int32)
            let url = "http://example.org"; @_cdecl("exit") public func quietExit(_ status: Int32) {}
            let banner = \"\"\"
            // a line that looks like a comment
            \"\"\"; @_silgen_name("abort") func stop()
            """
        assertFound(
            text,
            [
                ("1:10", "`@_silgen_name` is not allowed"), ("2:33", "`@_cdecl` is not allowed"),
                ("5:6", "`@_silgen_name` is not allowed")
            ])
    }

    func testAttributesAfterCRLFAndLoneCRLineEndsAreFoundOnTheirLine() {
        let crlf = "import Foundation\r\nfunc f() {}\r\n  @_silgen_name(\"exit\")\r\nfunc quit(_ c: Int32)\r\n"
        XCTAssertEqual(places(crlf), ["3:3"])
        let cr = "import Foundation\rfunc f() {}\r\r@_cdecl(\"exit\") func quit(_ c: Int32) {}\r"
        XCTAssertEqual(places(cr), ["4:1"])
    }

    func testAttributesInInactiveBranchesAndSplitOverLinesAreFound() {
        let text = """
            #if false
            @_silgen_name("exit") func quit(_ c: Int32)
            #elseif DEBUG
            struct A { @_dynamicReplacement(for: f) func g() {} }
            #endif
            @
              _silgen_name(
                "exit")
            func quit2(_ c: Int32)
            func h(
                #if true
                @_semantics("x")
                #endif
                ) {}
            """
        // 13:11: an `#if` among parameters is no Swift the parser reads, so it is also unparsed.
        XCTAssertEqual(places(text), ["2:1", "4:12", "6:1", "12:5", "13:11"])
        // The compiler reads a NUL as a space (with a warning), also between `@` and the name; the
        // parser reads it as stray text, unparsed (intake refuses such files before this).
        XCTAssertEqual(places("func f() {}\n  @\u{0}_silgen_name(\"exit\") func quit(_ c: Int32)"), ["2:3", "2:3"])
    }

    func testSymbolNamingAttributesAreRefusedOnEveryKindOfDeclaration() {
        let text = """
            @_exported import Foundation
            @_implementationOnly import Glibc
            @c func f() {}
            @c(named) func g() {}
            struct S { @section("__DATA,x") static let x = 1; @used static let y = 2 }
            extension Double { final class K { @objc func k() {} } }
            func p(_ x: @_noImplicitCopy Int, _ f: @escaping () -> Void) { _ = { @_inheritActorContext in } }
            @_spi(Secret) public func q() {}
            @main struct Entry { static func main() {} }
            @abi(func other()) func r() {}
            """
        assertFound(
            text,
            [
                ("1:1", "`@_exported`"), ("2:1", "`@_implementationOnly`"), ("3:1", "`@c`"), ("4:1", "`@c`"),
                ("5:12", "`@section`"), ("5:51", "`@used`"), ("6:32", "`K` may not be added to `Double`"), ("6:36", "`@objc`"), ("7:13", "`@_noImplicitCopy`"),
                ("7:70", "`@_inheritActorContext`"), ("8:1", "`@_spi`"), ("9:1", "`@main`"), ("10:1", "`@abi`")
            ])
    }

    func testOrdinaryAttributesAreAllowed() {
        let text = """
            @discardableResult @inline(never) public func f(_ g: @escaping @Sendable (Double) -> Double) -> Double { g(1) }
            let twice: @convention(c) (Double) -> Double = { 2 * $0 }
            @propertyWrapper struct Clamped { var wrappedValue: Double }
            @available(*, deprecated) @usableFromInline func old() {}
            """
        assertFound(text, [])
    }

    // MARK: Directives and declarations of new syntax

    func testSourceLocationMacrosOperatorsAndPrecedenceGroupsAreRefused() {
        let text = """
            #sourceLocation(file: "Hidden.swift", line: 1)
            #sourceLocation()
            #if false
              #sourceLocation(file: "x", line: 9)
            #endif
            infix operator ≈≈: ComparisonPrecedence
            precedencegroup Tight { higherThan: MultiplicationPrecedence }
            @freestanding(expression) public macro stringify<T>(_ v: T) -> (T, String) = #externalMacro(module: "M", type: "S")
            """
        assertFound(
            text,
            [
                ("1:1", "`#sourceLocation` is not allowed"), ("2:1", "`#sourceLocation`"), ("4:3", "`#sourceLocation`"),
                ("6:1", "declaring a new operator"), ("7:1", "declaring a precedence group"),
                ("8:1", "declaring a macro")
            ])
    }

    /// A `deinit` could keep `self` past the object's end (a dangling reference, on the stack when
    /// optimised): refused in classes, actors and noncopyable structs, nested or not.
    func testDeinitializersAreRefusedWhereverTheyAre() {
        let text = """
            final class Ghost { deinit { kept = self } }
            struct Handle: ~Copyable {
                deinit {}
            }
            enum Outer { actor Inner { isolated deinit { } } }
            func deinitialized() -> Int { 0 }
            """
        assertFound(
            text,
            [("1:21", "a `deinit` is not allowed"), ("3:5", "a `deinit` is not allowed"), ("5:37", "a `deinit` is not allowed")])
    }

    // MARK: Operators, hashing and conformances

    func testOperatorsAndHashingAreRefusedOnTypesTheStudentDoesNotDeclare() {
        let text = """
            func == (lhs: [Double], rhs: [Double]) -> Bool { true }
            extension Array where Element == Double {
                static func < (lhs: Self, rhs: Self) -> Bool { true }
                #if false
                static prefix func - (x: Self) -> Self { x }
                #endif
            }
            extension Matrix { func hash(into hasher: inout Hasher) {}; var hashValue: Int { 0 } }
            extension Swift.Double { static func ~= (a: Double, b: Double) -> Bool { true } }
            typealias Numbers = [Double]
            extension Numbers { static func != (a: Self, b: Self) -> Bool { false } }
            struct Outer { struct Inner {} }
            extension Inner { static func == (a: Inner, b: Inner) -> Bool { true } }
            protocol Close {}
            extension Close { static func == (a: Self, b: Self) -> Bool { true } }
            """
        assertFound(
            text,
            [
                ("1:6", "a global operator function `==`"),
                ("3:17", "`<` may not be added to `Array`"),
                ("5:24", "`-` may not be added to `Array`"),
                ("8:25", "`hash(into:)` may not be added to `Matrix`"),
                ("8:65", "`hashValue` may not be added to `Matrix`"),
                ("9:38", "`~=` may not be added to `Swift.Double`"),
                ("11:33", "`!=` may not be added to `Numbers`"),
                ("13:31", "`==` may not be added to `Inner`"),
                ("15:31", "`==` may not be defined in an extension of protocol `Close`")
            ])
    }

    func testOperatorsAndHashingAreAllowedOnTheStudentsOwnTypesInAnyOfItsFiles() {
        let own = """
            public struct Cost: Hashable {
                var macs = 0
                public static func + (a: Cost, b: Cost) -> Cost { Cost(macs: a.macs + b.macs) }
                public func hash(into hasher: inout Hasher) { hasher.combine(macs) }
            }
            struct Outer { struct Inner {} }
            extension Outer { struct Row: Equatable { static func == (a: Row, b: Row) -> Bool { true } } }
            protocol Scalable { static func * (a: Self, k: Double) -> Self }
            """
        let elsewhere = """
            extension Cost: Comparable { static func < (a: Cost, b: Cost) -> Bool { a.macs < b.macs } }
            extension Outer.Inner: Equatable { static func == (a: Self, b: Self) -> Bool { true } }
            extension Outer.Row: Hashable { func hash(into hasher: inout Hasher) {} }
            """
        let files = ["exercises/Sources/Lesson/A.swift": own, "exercises/Sources/Lesson/B.swift": elsewhere]
        XCTAssertEqual(SourceAdmission.standard(usesEngine: true).violations(in: files), [])
    }

    /// `description` is the one member a description conformance needs, also when the conformance
    /// is written `@retroactive`, as the compiler's warning asks (refused so, a red team's, round 28).
    func testARetroactiveDescriptionOfALibraryTypeIsAdmitted() {
        assertFound("extension Matrix: @retroactive CustomStringConvertible {\n    public var description: String { \"m\" }\n}\n", [])
    }

    func testEquatingConformancesOfOtherTypesAreRefusedHowEverTheyAreSpelled() {
        let text = """
            extension Matrix: Equatable {}
            extension Vector: @retroactive Swift.Hashable, CustomStringConvertible {}
            extension Double: Sendable & Strideable {}
            protocol Same: Equatable {}
            protocol Described: CustomStringConvertible {}
            extension Matrix: Same, Described {}
            struct Mine {}
            extension Mine: Comparable {}
            """
        assertFound(
            text,
            [
                ("1:19", "`Matrix` may not be made to conform to `Equatable`"),
                ("2:19", "`Vector` may not be made to conform to `@retroactive Swift.Hashable`"),
                ("3:19", "`Double` may not be made to conform to `Sendable & Strideable`"),
                ("6:19", "`Matrix` may not be made to conform to `Same`")
            ])
    }

    /// A protocol that declares a type name hands it to every conforming type: inside the type's
    /// body that name is found before the library's, so a support type made to conform used the
    /// student's `MemoryInUse` (red team, round 16). Conforming to such a protocol is refused; an
    /// empty protocol, or one with requirements only, stays harmless.
    func testConformancesToProtocolsThatDeclareTypeNamesAreRefused() {
        let text = """
            protocol TapeClock { associatedtype MemoryInUse = QuietMemory }
            protocol Aliased { typealias Matrix = [Double] }
            protocol Marker {}
            protocol Pushing { func push(_ x: Int) }
            enum QuietMemory {}
            extension ActivationTape: TapeClock {}
            extension Branch: Aliased {}
            extension DenseLayer: Marker, Pushing {}
            """
        assertFound(
            text,
            [
                ("6:27", "`ActivationTape` may not be made to conform to `TapeClock`"),
                ("7:19", "`Branch` may not be made to conform to `Aliased`")
            ])
    }

    /// An operator of the student's type with an operand of another type joins the overloads of
    /// every comparison in the module: `==(Matrix?, Slot)`, `Slot` written `nil`, took over the
    /// support code's `cache.output == nil` (red team, round 17). Operators on the student's own
    /// types (and `Self`, optionals of them) stay allowed.
    func testOperatorsOfTheStudentsTypesTakeOnlyItsTypes() {
        let text = """
            struct Vec: Equatable {
                var x: [Double]
                static func + (a: Vec, b: Vec) -> Vec { a }
                static func += (a: inout Vec, b: Vec?) {}
                static func == (lhs: Self, rhs: Self) -> Bool { true }
            }
            struct Slot: ExpressibleByNilLiteral {
                init(nilLiteral: ()) {}
                static func == (lhs: Matrix?, rhs: Slot) -> Bool { true }
                static func * (a: Double, v: Slot) -> Slot { v }
                static func < <T>(a: T, b: Slot) -> Bool { true }
            }
            extension Slot { static func != (lhs: Matrix?, rhs: Slot) -> Bool { true } }
            extension Vec { static func - (a: Vec, b: Vec) -> Vec { a } }
            """
        let found = SourceAdmission.standard(usesEngine: false).violations(in: [path: text])
        XCTAssertEqual(found.map { "\($0.line):\($0.column)" }, ["9:26", "10:23", "11:26", "13:39"])
        XCTAssertEqual(found.first?.message, AdmissionMessage.foreignOperand("==", "Matrix?"))
    }

    // MARK: Names

    func testXCTestAndHarnessNamesAreRefusedAtAnyLevel() {
        let text = """
            func `XCTAssertEqual`(_ a: [Double], _ b: [Double]) {}
            extension NSObject { @objc(x) func XCTFail(_ m: String) {} }
            struct Step {
                enum Kind { case XCTSkip }
                func run<XCTT>(XCTContext: Int, _: XCTT) { let XCTUnwrap = 1; _ = { (XCTExpect: Int) in XCTUnwrap } }
            }
            final class BenchmarkTimer {}
            func helper(blackHole: Int) {}
            """
        assertFound(
            text,
            [
                ("1:6", "`XCTAssertEqual` is named like XCTest's"),
                ("2:22", "`@objc` is not allowed"),
                ("2:36", "`XCTFail(_:)` may not be added to `NSObject`"),
                ("2:36", "`XCTFail` is named like XCTest's"),
                ("4:22", "`XCTSkip`"),
                ("5:14", "`XCTT`"),
                ("5:20", "`XCTContext`"),
                ("5:52", "`XCTUnwrap`"),
                ("5:74", "`XCTExpect`"),
                ("7:13", "`BenchmarkTimer` is a name the grader's test harness declares"),
                ("8:13", "`blackHole` is a name the grader's test harness declares")
            ])
        // The benchmark harness's own names: a submission's result type cannot encode itself.
        assertFound(
            "protocol BenchmarkEncodable {}\nstruct BenchmarkRandom {}",
            [
                ("1:10", "`BenchmarkEncodable` is a name the grader's test harness declares"),
                ("2:8", "`BenchmarkRandom` is a name the grader's test harness declares")
            ])
        let custom = SourceAdmission(allowedImports: ["Swift"], reservedNames: ["Probe"])
        assertFound("enum Probe {}\nstruct BenchmarkTimer {}", [("1:6", "`Probe` is a name the grader's")], admission: custom)
    }

    func testGlobalsNamedLikeStandardFunctionsAreRefusedButMembersAndLocalsAreNot() {
        let text = """
            func abs(_ x: Double) -> Double { x }
            public func max<T: Comparable>(_ a: T, _ b: T) -> T { a }
            let sqrt: (Double) -> Double = { $0 }
            struct Norms {
                static func max(_ a: [Double]) -> Double { 0 }
                func pow(_ x: Double) -> Double { func exp(_ y: Double) -> Double { y }; let log = exp(x); return log }
            }
            """
        assertFound(
            text,
            [
                ("1:6", "a global `abs` would be used instead of the standard `abs`"), ("2:13", "a global `max`"),
                ("3:5", "a global `sqrt`")
            ])
    }

    // MARK: Imports

    func testImportsOutsideTheAllowedModulesAreRefused() {
        let text = """
            import Foundation
            import struct Glibc.FILE
            import XCTest
            import class XCTest.XCTestCase
            @testable import Darwin
            import Dispatch
            import ResidualEngine
            #if canImport(XCTest)
            import XCTest
            #endif
            """
        assertFound(
            text,
            [
                ("3:8", "XCTest may not be imported"),
                ("4:14", "XCTest may not be imported"),
                ("5:1", "`@testable` is not allowed"),
                ("6:8", "`Dispatch` may not be imported; a submission may import only `Darwin`, `Foundation`, `Glibc`, `Musl`, `Swift`."),
                ("7:8", "`ResidualEngine` may not be imported"),
                ("9:8", "XCTest may not be imported")
            ])
        XCTAssertEqual(places("import ResidualEngine\nimport Musl", admission: .standard(usesEngine: true)), [])
        let withXCTest = SourceAdmission(allowedImports: ["Swift", "XCTest"], reservedNames: [])
        XCTAssertEqual(places("import XCTest", admission: withXCTest), ["1:8"], "XCTest is never allowed")
    }

    // MARK: Files and reports

    /// A file the parser cannot read is marked at its first unreadable token (`isUnparsed`: the
    /// grader refuses it once the compiler accepts it; a typo gets the compiler's messages), and
    /// what did parse is checked all the same.
    func testCodeThatDoesNotParseIsMarkedUnparsedAndWhatParsedIsChecked() {
        let admission = SourceAdmission.standard(usesEngine: false)
        let broken = admission.violations(in: [path: "func broken( {\n  let x = \n}\n"])
        XCTAssertEqual(broken.map(\.isUnparsed), [true])
        XCTAssertEqual(broken.first?.message, SourceAdmission.unparsedMessage)
        let text = "func broken( {\n}\n@_silgen_name(\"exit\") func quit(_ c: Int32)\nfunc ==(a: [Int], b: [Int]) -> Bool { true"
        let found = admission.violations(in: [path: text])
        XCTAssertEqual(found.filter { !$0.isUnparsed }.map { "\($0.line):\($0.column)" }, ["3:1", "4:6"])
        XCTAssertEqual(found.filter(\.isUnparsed).count, 1)
        XCTAssertEqual(admission.violations(in: [path: "func fine() -> Int { 1 }\n"]), [])
    }

    /// Attributes that copy a body into the calling module hide, from the check of tests compiled
    /// against a submission, which of its declarations they call (round 19: an `@inlinable
    /// @inline(always)` overload). `@inline(never)` copies nothing.
    func testAttributesThatCopyBodiesIntoTheCallerAreRefused() {
        let text = """
            @inlinable @inline(always)
            public func step(_ x: [Int]) -> [Double] { x.map(Double.init) }
            @frozen public struct Pair { public var a: Int }
            @inline(never) func slow() {}
            @usableFromInline internal func helper() {}
            """
        let found = SourceAdmission.standard(usesEngine: false).violations(in: [path: text])
        XCTAssertEqual(found.map { "\($0.line):\($0.column)" }, ["1:1", "1:12", "3:1"])
        XCTAssertEqual(found.first?.message, AdmissionMessage.clientCodeAttribute("inlinable"))
    }

    /// A bare `/…/` is a regex literal to swift-syntax and division to the compiler (Swift 5
    /// mode): `let r = /x\// + #/` is a comment to the compiler, and to swift-syntax a regex that
    /// runs to a `/#` lines later, whose code no rule saw. Behind `#if compiler(<1)` the compiler
    /// does not read a clause at all. Both are refused; division and other conditions are not.
    func testRegexLiteralsAndVersionConditionsAreRefused() {
        let hidden = #"""
            #if compiler(<1)
            let r = /x\// + #/
            #endif
            final class Ghost { deinit {} }
            #if compiler(<1)
            /#
            #endif
            """#
        let found = SourceAdmission.standard(usesEngine: false).violations(in: [path: hidden])
        // Two literals on line 2 (`/x\//` and the `#/` that swallows lines 3–6, the second `#if` too).
        XCTAssertEqual(found.map(\.message), [AdmissionMessage.versionCondition("compiler"), AdmissionMessage.regexLiteral, AdmissionMessage.regexLiteral])
        XCTAssertEqual(found.map { "\($0.line):\($0.column)" }, ["1:5", "2:9", "2:17"])
        XCTAssertEqual(places("let r = #/a+b/#\n"), ["1:9"], "an extended literal too: one violation per literal")
        XCTAssertEqual(places("#if swift(>=5.9)\nlet a = 1\n#endif\n"), ["1:5"])
        XCTAssertEqual(places("#if DEBUG || canImport(Foundation)\nlet a = 1\n#endif\nlet q = 6.0 / 2 / 3\nlet swift = 1\n"), [])
    }

    /// A raw identifier spells what a plain name cannot: `` `Lesson.ActivationTape` `` declared a
    /// type the rules took for the support code's, whose extension then went unchecked. Keywords
    /// in backticks are plain names, and `` `swift`(…) `` is still a version condition.
    func testRawIdentifiersAreRefusedAndBackticksHideNoVersionCondition() {
        let text = """
            private struct `Lesson.ActivationTape` {}
            extension Lesson.ActivationTape { func max(_ a: Int, _ b: Int) -> Int { a } }
            func `run twice`() {}
            let `default` = 1, `λ` = 2.0
            #if `swift`(>=99)
            #endif
            """
        XCTAssertEqual(places(text), ["1:16", "3:6", "5:5"])
        let found = SourceAdmission.standard(usesEngine: false).violations(in: [path: text]).map(\.message)
        XCTAssertEqual(found, [AdmissionMessage.rawIdentifier("Lesson.ActivationTape"), AdmissionMessage.rawIdentifier("run twice"), AdmissionMessage.versionCondition("swift")])
    }

    /// Past swift-syntax's nesting limit (it counts the `<` of generic arguments; the compiler's
    /// limit does not) the rest of the file is unplaced text that no rule walks, and the compiler
    /// compiles it (a red team hid a `deinit`, standard names and `Vector` there): marked unparsed.
    func testCodePastTheParsersNestingLimitIsMarkedUnparsed() {
        func nest(_ depth: Int) -> String {
            "typealias Nest = " + String(repeating: "Optional<", count: depth) + "[Int]" + String(repeating: ">", count: depth) + "\n"
        }
        let hidden = "final class Ghost { deinit {} }\n"
        let admission = SourceAdmission.standard(usesEngine: false)
        let deep = admission.violations(in: [path: nest(270) + hidden])
        XCTAssertEqual(deep.map(\.isUnparsed), [true], "\(deep)")
        XCTAssertEqual(deep.first?.line, 1)
        let shallow = admission.violations(in: [path: nest(100) + hidden])
        XCTAssertEqual(shallow.map(\.message), [AdmissionMessage.deinitializer], "below the limit the deinit is seen")
    }

    func testViolationsAreSortedByPathLineAndColumnAndPrintedLikeCompilerErrors() {
        let files = [
            "b/B.swift": "func abs(_ x: Int) -> Int { x }\n@_cdecl(\"f\") func f() {}",
            "a/A.swift": "\n\n  import XCTest; func XCTFail() {}"
        ]
        let violations = SourceAdmission.standard(usesEngine: false).violations(in: files)
        XCTAssertEqual(violations.map { "\($0.path):\($0.line):\($0.column)" }, ["a/A.swift:3:10", "a/A.swift:3:23", "b/B.swift:1:6", "b/B.swift:2:1"])
        XCTAssertEqual(violations[2].description, "b/B.swift:1:6: error: " + AdmissionMessage.standardName("abs"))
    }

    /// The real lessons' reference solutions and the stubs students start from are admitted: the
    /// rules refuse nothing the course itself writes.
    func testTheLessonsReferenceSolutionsAndStubsAreAdmitted() throws {
        let course = try CourseLoader(root: TestSupport.repositoryRoot).load().course
        XCTAssertGreaterThanOrEqual(course.lessons.count, 7)
        for lesson in course.lessons where !lesson.exercises.isEmpty {
            var solutions: [String: String] = [:], stubs: [String: String] = [:]
            for exercise in lesson.exercises {
                let file = "exercises/Sources/\(lesson.moduleName)/\(exercise.fileName)"
                solutions[file] = SwiftSourceBuilder.foundationImport(for: exercise.snippet) + exercise.solutionCode
                stubs[file] = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(file), encoding: .utf8)
            }
            let admission = SourceAdmission.standard(usesEngine: lesson.usesEngine)
            XCTAssertEqual(admission.violations(in: solutions).map(\.description), [], lesson.file)
            XCTAssertEqual(admission.violations(in: stubs).map(\.description), [], lesson.file)
        }
    }
}
