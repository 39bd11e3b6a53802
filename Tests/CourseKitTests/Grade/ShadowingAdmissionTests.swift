import CourseToolchain
import Foundation
@testable import HandinRules
import XCTest

/// What a submission may not declare because the lesson's support code (compiled into the same
/// module) or the hidden tests (which import it) would then call it instead of what they mean:
/// members of others' types, the support library's, the support code's and the standard
/// library's file-level names, and types "declared" where the compiler may never look.
final class ShadowingAdmissionTests: XCTestCase {
    /// A member of the student's module wins over the library's and the standard library's (a
    /// red team capped lesson 6's measured peak with `extension ActivationTape { func max }`,
    /// which the support code's unqualified `max(a, b)` then called). No member of any kind may
    /// be added to a type the files do not declare, also inside `#if` (but the `description` a
    /// description conformance needs), and a protocol whose extension has members cannot lend
    /// them to one either. The student's own types and protocols keep their extensions.
    func testNoMemberMayBeAddedToATypeTheFilesDoNotDeclare() {
        let text = """
            extension ActivationTape { func max(_ a: Int, _ b: Int) -> Int { 3 } }
            extension MemoryInUse.Watch { public var peakBytes: Int { 300_000 } }
            extension Array where Element == Double {
                #if true
                subscript(safe i: Int) -> Double { 0 }
                #endif
                init(ones n: Int) { self.init(repeating: 1, count: n) }
                struct Helper {}
                typealias Scalar = Double
            }
            extension Matrix: Sendable {}
            extension Vector: CustomStringConvertible { var description: String { "v" }; var count: Int { 0 } }
            protocol Capped: Sendable {}
            extension Capped { func maxAbs() -> Double { 0 } }
            extension Matrix: Capped {}
            """
        assertAdmission(
            text,
            [
                ("1:33", "`max(_:_:)` may not be added to `ActivationTape`"),
                ("2:42", "`peakBytes` may not be added to `MemoryInUse.Watch`"),
                ("5:5", "`subscript` may not be added to `Array`"),
                ("7:5", "`init` may not be added to `Array`"),
                ("8:12", "`Helper` may not be added to `Array`"),
                ("9:15", "`Scalar` may not be added to `Array`"),
                ("12:82", "`count` may not be added to `Vector`"),
                ("15:19", "`Matrix` may not be made to conform to `Capped`")
            ])
        let own = """
            struct Tape { var peak = 0 }
            extension Tape { func max(_ a: Int, _ b: Int) -> Int { Swift.max(a, b) } }
            protocol Scaled { var scale: Double { get } }
            extension Scaled { func doubled() -> Double { 2 * scale } }
            extension Tape: Scaled { var scale: Double { 1 } }
            """
        XCTAssertEqual(SourceAdmission.standard(usesEngine: false).violations(in: ["exercises/Sources/Lesson/Step.swift": own]), [])
    }

    /// A file-level declaration named like the support library's or the support code's would be
    /// what the support code (compiled into the same module) and the hidden tests call; inside
    /// the student's own types the name is free. Only what another module sees of the library counts.
    func testTheSupportLibrarysAndSupportCodesGlobalNamesAreNotDeclaredAgain() {
        let engine = """
            public struct Matrix {}
            public func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double { 0 }
            func internalHelper() {}
            #if true
            public typealias Scalar = Double
            #endif
            """
        let support = "struct ActivationTape {}\nfunc maxDifference(_ a: Matrix, _ b: Matrix) -> Double { 0 }\nprivate let hidden = 1\n"
        let names = SourceAdmission.fileLevelNames(in: [engine], publicOnly: true)
            .union(SourceAdmission.fileLevelNames(in: [support], publicOnly: false))
        XCTAssertEqual(names, ["Matrix", "maxAbsDifference", "Scalar", "ActivationTape", "maxDifference"])
        var admission = SourceAdmission.standard(usesEngine: true)
        admission.libraryNames = names
        let text = """
            func maxDifference(_ a: Matrix, _ b: Matrix, scale: Double = 1) -> Double { 0 }
            struct Matrix {}
            typealias Scalar = Float
            struct Mine { func maxAbsDifference() {}; struct Matrix {} }
            func internalHelper() {}
            private func maxAbsDifference(_ a: Int) -> Int { a }
            fileprivate let ActivationTape = 1
            private(set) var maxDifference2 = 0
            """
        // `private` and `fileprivate` names are seen in their own file only: they take no name's
        // place in the tests or the module's other files.
        assertAdmission(
            text,
            [
                ("1:6", "`maxDifference` is a name the support library, the lesson's support code or a module already uses"),
                ("2:8", "`Matrix` is a name the support library"),
                ("3:11", "`Scalar` is a name the support library")
            ], admission: admission)
    }

    /// A private type named like a support type is the student's in its own file only: it does not
    /// make an extension in another file one of the student's own (round 20: `private struct
    /// StackGradients {}` let `extension StackGradients: RawRepresentable` through). A private
    /// helper type of the student's own name may still be extended.
    func testAPrivateStandInDoesNotMakeASupportTypeTheStudents() {
        var admission = SourceAdmission.standard(usesEngine: true)
        admission.libraryNames = ["StackGradients", "ActivationTape"]
        let files = [
            "exercises/Sources/Lesson/A.swift":
                "private struct StackGradients {}\nfileprivate final class ActivationTape {}\nprivate struct Helper {}\nextension Helper { func twice() -> Int { 2 } }\n",
            "exercises/Sources/Lesson/B.swift":
                "extension StackGradients: RawRepresentable { public init?(rawValue: Int) { nil }; public var rawValue: Int { 0 } }\n"
                + "extension ActivationTape { public var peakBytes: Int { 0 } }\n"
        ]
        let found = admission.violations(in: files)
        XCTAssertEqual(found.map { "\($0.path.suffix(7)):\($0.line)" }, ["B.swift:1", "B.swift:1", "B.swift:1", "B.swift:2"], "\(found)")
        XCTAssertTrue(found[0].message.contains("`StackGradients` may not be made to conform to `RawRepresentable`"), found[0].message)
        XCTAssertTrue(found[3].message.contains("`peakBytes` may not be added to `ActivationTape`"), found[3].message)
    }

    /// The standard library's and Foundation's file-level names (scripts/standard-names), and the
    /// modules' own, are not declared again at file level: the support code's `Double`, `[x]` or
    /// `Swift.max` would mean the student's. A type declared in a `#if` clause, which the compiler
    /// may never see, is not the student's to extend.
    func testStandardNamesAreNotDeclaredAgainAndConditionalTypesAreNotTheStudents() {
        let text = """
            typealias Double = Float
            struct Array {}
            enum Swift { static func max(_ a: Int, _ b: Int) -> Int { 3 } }
            typealias IntegerLiteralType = Double
            struct Mine { typealias Double = Float; struct Array {} }
            #if NEVER
            enum ReversibleNetworks { final class ActivationTape {} }
            protocol Equatable {}
            #endif
            extension ReversibleNetworks.ActivationTape { func max(_ a: Int, _ b: Int) -> Int { 3 } }
            extension Matrix: Equatable {}
            """
        assertAdmission(
            text + "\nprivate func max(_ a: Int, _ b: Int) -> Int { 3 }\nfileprivate typealias Float = Double\nprivate(set) var abs = 0",
            [
                ("1:11", "a global `Double` would be used instead of the standard `Double`"),
                ("2:8", "a global `Array`"),
                ("3:6", "a global `Swift`"),
                ("4:11", "a global `IntegerLiteralType`"),
                ("8:10", "a global `Equatable`"),
                ("10:52", "`max(_:_:)` may not be added to `ReversibleNetworks.ActivationTape`"),
                ("11:19", "`Matrix` may not be made to conform to `Equatable`"),
                ("14:18", "a global `abs`")
            ])
        XCTAssertTrue(AdmissionVisitor.standardNames.isSuperset(of: ["Int", "Double", "Array", "Span", "Data", "Date", "URL", "Swift", "Foundation"]))
        let check = try? ProcessRunner.run(
            TestSupport.repositoryRoot.appendingPathComponent("scripts/standard-names").path, ["--check"], timeout: 120)
        XCTAssertEqual(check?.status, 0, "the list is this toolchain's: \(check?.output ?? "scripts/standard-names did not run")")
    }
}
