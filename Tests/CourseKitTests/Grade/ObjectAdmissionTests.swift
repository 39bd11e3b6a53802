@testable import CourseToolchain
import Foundation
@testable import HandinRules
import XCTest

/// Compiles small modules the way the grader does and checks what `ObjectAdmission` says of them.
final class ObjectAdmissionTests: XCTestCase {
    /// Compiles `sources` (name → text) as module `module` into one object file, with the grader's flags.
    private func compile(
        _ sources: [String: String], module: String = "M", optimized: Bool, files: [String] = [], importing modules: [URL] = []
    ) throws -> URL {
        let folder = try TestSupport.temporaryFolder(self)
        var paths = files
        for (name, text) in sources {
            let url = folder.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let output = folder.appendingPathComponent("\(module).o")
        let flags =
            [
                "-parse-as-library", "-c", "-module-name", module, "-enable-library-evolution", "-enable-testing",
                "-suppress-warnings", "-wmo", optimized ? "-O" : "-Onone", "-o", output.path
            ] + modules.flatMap { ["-I", $0.path] }
        let outcome = try ProcessRunner.run(try SwiftCompiler().swiftc, flags + paths, in: folder, timeout: 300)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        return output
    }

    /// The violations of one source file, compiled both ways; both must agree on refusing it.
    private func violations(_ source: String) throws -> [[String]] {
        let admission = try ObjectAdmission(module: "M", libraries: [], trusted: [])
        return try [false, true].map { try admission.violations(in: compile(["A.swift": source], optimized: $0)) }
    }

    private func assertRefused(_ source: String, mentioning fragments: [String], line: UInt = #line) throws {
        for found in try violations(source) {
            XCTAssertFalse(found.isEmpty, "admitted:\n\(source)", line: line)
            for fragment in fragments {
                XCTAssertTrue(found.contains { $0.contains(fragment) }, "no message mentions \(fragment): \(found)", line: line)
            }
        }
    }

    func testPlainNumericModuleIsAdmitted() throws {
        let source = """
            import Foundation
            public struct State: Equatable { public var x: [Double]; public init(x: [Double]) { self.x = x } }
            public protocol Field { func callAsFunction(_ s: State) -> State }
            extension State: Field { public func callAsFunction(_ s: State) -> State { s } }
            public func step(_ s: State, h: Double) -> State { State(x: s.x.map { $0 + h * exp(-$0) }) }
            public func table(_ s: State) -> [String: Int] { Dictionary(uniqueKeysWithValues: s.x.enumerated().map { ("\\($0.0)", $0.0) }) }
            public func describe(_ v: Double) -> String { "\\(v)" + "\\(Double.random(in: 0..<1))" }
            """
        XCTAssertEqual(try violations(source), [[], []])
    }

    /// Ordinary code a trial lesson's correct solutions used, refused before: `Set<Int>()` (a
    /// repeated standard-type substitution), a closure returning `()` at -Onone (`$sytN`), and
    /// the string API that importing Foundation selects (`contains`, `String.Encoding`).
    /// Debug output is admitted in both builds: unoptimised, `print` boxes its arguments as `Any`
    /// (`$sypN`), and refusing that made the grader refuse with `--no-benchmarks` what it admitted
    /// with them (a review of the hand-in tool, round 28).
    func testPrintIsAdmittedOptimisedAndNot() throws {
        let source = """
            public func show(_ x: [Double]) {
                print("x =", x)
                print("x = \\(x)")
                let any: Any = x
                debugPrint(any, Optional<AnyObject>.none as Any)
            }
            """
        XCTAssertEqual(try violations(source), [[], []])
    }

    func testEverydaySetClosureAndStringCodeIsAdmitted() throws {
        let source = """
            import Foundation
            public func dropped(_ n: Int) -> Set<Int> { var s = Set<Int>(); for i in 0..<n where i % 2 == 0 { s.insert(i) }; return s }
            public func total(_ x: [Double]) -> Double { var t = 0.0; x.withUnsafeBufferPointer { buffer in for v in buffer { t += v } }; return t }
            public func names(_ lines: [String]) -> [String] {
                lines.filter { !$0.contains("\\n") && $0.range(of: "skip") == nil }
                    .map { $0.replacingOccurrences(of: "_", with: " ") + String(describing: String.Encoding.utf8) }
            }
            """
        XCTAssertEqual(try violations(source), [[], []])
    }

    func testFoundationsStringFileAndPathHelpersStayRefused() throws {
        try assertRefused(
            "import Foundation\npublic func w(_ s: String) { try? s.write(toFile: \"/tmp/x\", atomically: true, encoding: .utf8) }",
            mentioning: ["(process and file APIs)"])
        try assertRefused(
            "import Foundation\npublic func r() -> String? { try? String(contentsOfFile: \"/etc/passwd\", encoding: .utf8) }",
            mentioning: ["(process and file APIs)"])
        try assertRefused(
            "import Foundation\npublic func h(_ s: String) -> String { s.expandingTildeInPath }", mentioning: ["(process and file APIs)"])
    }

    /// A format string reads its C variadic arguments as the types it names: `%s` reads memory at
    /// an integer's address (`ObjectIdentifier` gives addresses), with no pointer in the source.
    func testCVariadicArgumentsAreRefusedHoweverTheyArePassed() throws {
        try assertRefused(
            "import Foundation\npublic func f(_ v: Double) -> String { String(format: \"%.3f\", v) }",
            mentioning: ["String.init(format:", "(pointers)"])
        try assertRefused(
            "import Foundation\npublic func f(_ a: UInt) -> String { String(format: \"%s\", arguments: [a]) }", mentioning: ["CVarArg"])
        try assertRefused(
            "import Foundation\npublic func f(_ a: Int) -> String { \"\".appendingFormat(\"%s\", a) }", mentioning: ["CVarArg"])
        try assertRefused("public func f(_ a: [Int]) -> [any CVarArg] { a.map { $0 } }", mentioning: ["CVarArg"])
    }

    /// A fixed-size global is memory neither the heap nor the stack shows (where lesson 6 measures
    /// what a backward pass keeps): over the limit it is refused; a small one is ordinary code.
    func testLargeFixedSizeGlobalsAreRefusedAndSmallOnesAdmitted() throws {
        try assertRefused(
            "public var pool = InlineArray<20000, Double>(repeating: 0)\npublic func keep(_ i: Int, _ v: Double) { pool[i] = v }",
            mentioning: ["KiB in writable static data", "at most 64 KiB"])
        let small = "public var recent = InlineArray<64, Double>(repeating: 0)\npublic func keep(_ i: Int, _ v: Double) { recent[i] = v }"
        XCTAssertEqual(try violations(small), [[], []])
    }

    /// A lesson's stubs, compiled against its support module as the grader compiles them.
    func testLessonStubsAreAdmitted() throws {
        let sources = TestSupport.repositoryRoot.appendingPathComponent("exercises/Sources")
        func swiftFiles(_ module: String) throws -> [String] {
            let folder = sources.appendingPathComponent(module)
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
                .map { folder.appendingPathComponent($0).path }
        }
        let support = try TestSupport.temporaryFolder(self)
        let built = try LessonSupportModule.compile(
            forLesson: "DynamicalSystems", sources: try swiftFiles("DynamicalSystemsSupport"), workingDirectory: support,
            output: support, compiler: try SwiftCompiler(), libraries: [])
        XCTAssertTrue(built.result.succeeded, built.result.output)
        let admission = try ObjectAdmission(module: "DynamicalSystems", libraries: ["DynamicalSystemsSupport"], trusted: [])
        for optimized in [false, true] {
            let object = try compile([:], module: "DynamicalSystems", optimized: optimized, files: try swiftFiles("DynamicalSystems"), importing: [support])
            XCTAssertEqual(try admission.violations(in: object), [])
        }
    }

    /// A lesson's `refuse` list: every way of reaching a refused support-library declaration (a
    /// call, a default argument, the method as a value) is refused, and nothing else is.
    func testADeclarationTheLessonRefusesIsRefusedHoweverItIsReached() throws {
        let engine = try EngineBuild.cached(
            sources: try FileTree.swiftFiles(in: TestSupport.repositoryRoot.appendingPathComponent("Sources/ResidualEngine")),
            compiler: try SwiftCompiler(), in: TestSupport.sharedCaches.appendingPathComponent("engine"))
        let ways = [
            "call": "public func g(_ l: DenseLayer, _ x: Matrix) -> Matrix { let (y, c) = l.forward(x); return l.backward(y, cache: c).input }",
            "value": "public func g() -> Any { DenseLayer.backward }",
            "closure": "public let g: (DenseLayer, Matrix, DenseLayer.Cache) -> Matrix = { $0.backward($1, cache: $2, threads: 1).input }"
        ]
        let forwardOnly = "public func g(_ l: DenseLayer, _ x: Matrix) -> Matrix { l.forward(x).output }"
        var refusing = try ObjectAdmission(module: "M", libraries: ["ResidualEngine"], trusted: [])
        refusing.refusedLibraryDeclarations = ["DenseLayer.backward", "ResidualBlock.backward"]
        let admitting = try ObjectAdmission(module: "M", libraries: ["ResidualEngine"], trusted: [])
        for optimized in [false, true] {
            for (way, code) in ways.sorted(by: { $0.key < $1.key }) {
                let object = try compile(["A.swift": "import ResidualEngine\n" + code], optimized: optimized, importing: [engine.folder])
                let refused = try refusing.violations(in: object)
                XCTAssertFalse(refused.isEmpty, "\(way), optimized \(optimized): admitted")
                XCTAssertTrue(refused.allSatisfy { $0.contains("uses `DenseLayer.backward` of ResidualEngine") }, "\(way): \(refused)")
                XCTAssertEqual(try admitting.violations(in: object), [], "\(way) without the refusal")
            }
            let object = try compile(["A.swift": "import ResidualEngine\n" + forwardOnly], optimized: optimized, importing: [engine.folder])
            XCTAssertEqual(try refusing.violations(in: object), [], "the layer's other methods stay allowed")
        }
    }

    /// A member the library adds to another module's type (`extension RandomNumberGenerator`)
    /// demangles as `(extension in ResidualEngine):Swift.RandomNumberGenerator.nextNormal()`.
    func testARefusedMemberOfALibraryExtensionOfAStandardTypeIsRefused() throws {
        let engine = try EngineBuild.cached(
            sources: try FileTree.swiftFiles(in: TestSupport.repositoryRoot.appendingPathComponent("Sources/ResidualEngine")),
            compiler: try SwiftCompiler(), in: TestSupport.sharedCaches.appendingPathComponent("engine"))
        let code = "import ResidualEngine\npublic func g() -> Double { var r = SystemRandomNumberGenerator(); return r.nextNormal() }"
        var refusing = try ObjectAdmission(module: "M", libraries: ["ResidualEngine"], trusted: [])
        refusing.refusedLibraryDeclarations = ["RandomNumberGenerator.nextNormal"]
        let object = try compile(["A.swift": code], optimized: false, importing: [engine.folder])
        let refused = try refusing.violations(in: object)
        XCTAssertTrue(refused.contains { $0.contains("uses `RandomNumberGenerator.nextNormal` of ResidualEngine") }, "\(refused)")
    }

    /// Why the grader reads refusals from an unoptimised build: optimised, Swift's default
    /// cross-module optimisation inlines a small library function into the client, symbol and all.
    func testOptimisedClientsInlineSmallLibraryFunctionsSoRefusalsAreReadUnoptimised() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let library = folder.appendingPathComponent("L.swift")
        try "public func plusOne(_ x: Double) -> Double { x + 1 }\n".write(to: library, atomically: true, encoding: .utf8)
        let built = try ProcessRunner.run(
            try SwiftCompiler().swiftc,
            [
                "-parse-as-library", "-module-name", "L", "-O", "-wmo", "-emit-module", "-emit-module-path", folder.appendingPathComponent("L.swiftmodule").path,
                "-c", "-o", folder.appendingPathComponent("L.o").path, library.path
            ],
            in: folder, timeout: 300)
        XCTAssertEqual(built.status, 0, built.output)
        var refusing = try ObjectAdmission(module: "M", libraries: ["L"], trusted: [])
        refusing.refusedLibraryDeclarations = ["plusOne"]
        let code = "import L\npublic func g(_ x: Double) -> Double { plusOne(x) * 2 }"
        let optimised = try refusing.violations(in: compile(["A.swift": code], optimized: true, importing: [folder]))
        let unoptimised = try refusing.violations(in: compile(["A.swift": code], optimized: false, importing: [folder]))
        XCTAssertEqual(optimised, [], "inlined: if this starts to fail, the compiler stopped inlining across modules by default")
        XCTAssertTrue(unoptimised.contains { $0.contains("uses `plusOne` of L") }, "\(unoptimised)")
    }

    /// A member added to another module's type (`(extension in M):Swift.Array.norm`) is refused
    /// by what the compiler made of the file, whatever the parser saw (a red team hid
    /// `extension ActivationTape { func max(…) }` from it). The support code is a module of its
    /// own, so no member in the module is the author's.
    func testMembersAddedToOtherModulesTypesAreRefused() throws {
        let source = """
            public protocol Field { func callAsFunction(_ x: Double) -> Double }
            extension Array where Element == Double { public func norm() -> Double { reduce(0) { $0 + $1 * $1 }.squareRoot() } }
            extension Double: Field { public func callAsFunction(_ x: Double) -> Double { self * x } }
            extension Collection { public var second: Element? { dropFirst().first } }
            """
        let found = try violations(source)
        for refused in found {
            for member in ["norm()", "callAsFunction(Swift.Double)", "second"] {
                XCTAssertTrue(refused.contains { $0.hasPrefix("adds `") && $0.contains(member) }, "\(member): \(refused)")
            }
        }
        XCTAssertEqual(found.map { $0.filter { $0.hasPrefix("adds `") }.count }, [3, 3], "\(found)")
    }

    /// An operator's operands are read from its compiled signature: a `typealias` or a generic
    /// parameter inside the student's type cannot disguise a foreign operand as its own (a red
    /// team's `==(Probe?, Slot)`, `Probe` an alias of `Matrix`). Operators on the module's own
    /// types are admitted; an operand of another course module's type (the lesson's support
    /// module) is foreign too.
    func testOperatorsTakeOnlyTheModulesOwnTypesByTheirCompiledSignature() throws {
        let source = """
            public struct Probe {}
            public struct Slot: ExpressibleByNilLiteral {
                public typealias Probe = [Double]
                public init(nilLiteral: ()) {}
                public static func == (lhs: Probe?, rhs: Slot) -> Bool { true }
            }
            public struct G<P> {}
            extension G where P == Double { public static func != (lhs: P?, rhs: G) -> Bool { true } }
            public struct Vec { public static func + (a: Vec, b: inout Vec?) -> Vec { a }; public static prefix func - (a: Vec) -> Vec { a } }
            public struct Tape { public static func < (a: Tape, b: (Int) -> Int) -> Bool { true } }
            """
        let admission = try ObjectAdmission(module: "M", libraries: [], trusted: [])
        for optimized in [false, true] {
            let found = try admission.violations(in: compile(["A.swift": source], optimized: optimized)).filter { $0.hasPrefix("defines the operator") }
            XCTAssertEqual(found.count, 3, "\(found)")
            XCTAssertTrue(found.contains { $0.contains("M.Slot.== infix") && $0.contains("`Swift.Optional<Swift.Array<Swift.Double>>`") }, "\(found)")
            XCTAssertTrue(found.contains { $0.contains(".!= infix") && $0.contains("`Swift.Optional<Swift.Double>`") }, "\(found)")
            XCTAssertTrue(found.contains { $0.contains("M.Tape.< infix") }, "\(found)")
        }
        // `MSupport.Tape`, whose module name starts like the student's, is not the student's type.
        let folder = try TestSupport.temporaryFolder(self)
        let library = folder.appendingPathComponent("MSupport.swift")
        try "public struct Tape { public init() {} }".write(to: library, atomically: true, encoding: .utf8)
        let built = try ProcessRunner.run(
            try SwiftCompiler().swiftc,
            [
                "-parse-as-library", "-module-name", "MSupport", "-emit-module", "-emit-module-path",
                folder.appendingPathComponent("MSupport.swiftmodule").path, library.path
            ],
            in: folder, timeout: 300)
        XCTAssertEqual(built.status, 0, built.output)
        let supportOperand = "import MSupport\npublic struct Own { public static func == (a: Own, b: Tape?) -> Bool { true } }"
        let found = try ObjectAdmission(module: "M", libraries: ["MSupport"], trusted: [])
            .violations(in: compile(["A.swift": supportOperand], optimized: false, importing: [folder]))
        XCTAssertTrue(found.contains { $0.hasPrefix("defines the operator") && $0.contains("MSupport.Tape") }, "\(found)")
        XCTAssertEqual(ObjectAdmission.parameterTypes(after: "M.Vec, (Swift.Int) -> Swift.Int, [M.Vec]?) -> M.Vec"), ["M.Vec", "(Swift.Int) -> Swift.Int", "[M.Vec]?"])
    }

    /// Members and conformances a submission gives the lesson's support module's types are left
    /// to the source rules (the support code, compiled before, cannot call them), also where the
    /// mangler abbreviates the module's name (`Parsing` after `ParsingSupport`); a definition of a
    /// support module's own symbol is refused: linked first, it would replace the real one.
    func testTheSupportModulesTypesMayBeExtendedButNotReplaced() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let library = folder.appendingPathComponent("ParsingSupport.swift")
        try "public enum TokenError: Error { case empty }\npublic func limit() -> Int { 3 }\n".write(to: library, atomically: true, encoding: .utf8)
        let built = try LessonSupportModule.compile(
            forLesson: "Parsing", sources: [library.path], workingDirectory: folder, output: folder, compiler: try SwiftCompiler(), libraries: [])
        XCTAssertTrue(built.result.succeeded, built.result.output)
        let described = "import ParsingSupport\nextension TokenError: CustomStringConvertible { public var description: String { \"a token error\" } }\n"
        let replaced = "@_silgen_name(\"$s14ParsingSupport5limitSiyF\") public func fakeLimit() -> Int { 1 }\n"
        var admission = try ObjectAdmission(module: "Parsing", libraries: ["ParsingSupport"], trusted: [])
        for optimized in [false, true] {
            let describedObject = try compile(["A.swift": described], module: "Parsing", optimized: optimized, importing: [folder])
            XCTAssertFalse(try admission.violations(in: describedObject).isEmpty, "without a support module, another module's type")
            admission.supportModule = "ParsingSupport"
            XCTAssertEqual(try admission.violations(in: describedObject), [])
            let replacing = try admission.violations(in: try compile(["A.swift": replaced], module: "Parsing", optimized: optimized))
            XCTAssertTrue(replacing.contains { $0.contains("ParsingSupport.limit()") && $0.contains("not of module Parsing") }, "\(replacing)")
            admission.supportModule = nil
        }
    }

    /// A conformance is read as compiled, every name resolved: a `fileprivate typealias Sendable
    /// = Identifiable` does not make a conformance of a support type harmless (a red team's,
    /// round 26), and a protocol of the module's own brings the conformances it implies with it.
    /// The module's own types, and harmless protocols on others, stay admitted: conditional
    /// conformances of its generic types and types nested in its constrained extensions too
    /// (they print with a generic signature or an extension first, and were refused, round 28).
    func testConformancesOfOtherModulesTypesAreReadAsCompiled() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let library = folder.appendingPathComponent("ParsingSupport.swift")
        try "public final class Tape { public init() {} }\npublic final class Log { public init() {} }\npublic struct Span { public var start = 0 }\n".write(
            to: library, atomically: true, encoding: .utf8)
        let built = try LessonSupportModule.compile(
            forLesson: "Parsing", sources: [library.path], workingDirectory: folder, output: folder, compiler: try SwiftCompiler(), libraries: [])
        XCTAssertTrue(built.result.succeeded, built.result.output)
        let source = """
            import ParsingSupport
            fileprivate typealias Sendable = Identifiable
            extension Tape: Sendable {}
            public protocol Named: Identifiable {}
            extension Log: Named {}
            extension Span: CustomStringConvertible { public var description: String { "span" } }
            public struct Own: Hashable { var x = 0 }
            public struct Box<T> { var value: T }
            extension Box: Equatable where T: Equatable {}
            public struct Keyed<K: Hashable, V> { var key: K; var value: V }
            extension Keyed: Hashable, Equatable where V: Hashable {}
            public struct Grid<T> { var cells: [T] }
            extension Grid where T == Double { public struct Stats: Equatable { var mean = 0.0 } }
            """
        var admission = try ObjectAdmission(module: "Parsing", libraries: ["ParsingSupport"], trusted: [])
        admission.supportModule = "ParsingSupport"
        for optimized in [false, true] {
            let found = try admission.violations(in: compile(["A.swift": source], module: "Parsing", optimized: optimized, importing: [folder]))
            XCTAssertEqual(
                found.map { $0.prefix { $0 != ":" } }.sorted(),
                ["`ParsingSupport.Log` may not be made to conform to `Swift.Identifiable` here", "`ParsingSupport.Tape` may not be made to conform to `Swift.Identifiable` here"],
                "\(found)")
        }
    }

    /// Symbols carry no line; a refusal names the place in the student's files it most likely
    /// comes from: the declaration for a refused definition, the first use for a refused call.
    func testRefusalsPointAtTheDeclarationOrCallInTheStudentsFiles() throws {
        let source = """
            import Foundation
            public struct Own { public static func == (lhs: Own, rhs: [Double]?) -> Bool { true } }
            extension Array where Element == Double { public func norm() -> Double { 0 } }
            public func listing() -> [String] {
                (try? FileManager.default.contentsOfDirectory(atPath: "/")) ?? []
            }
            """
        let admission = try ObjectAdmission(module: "M", libraries: [], trusted: [])
        let found = try admission.violations(in: compile(["A.swift": source], optimized: false))
        let located = found.map { ObjectRefusalLocator.located($0, in: ["exercises/Sources/M/A.swift": source]) }
        func place(_ fragment: String) -> String? {
            located.first { $0.contains(fragment) }.map { String($0.prefix { $0 != " " }) }
        }
        XCTAssertEqual(place("defines the operator"), "exercises/Sources/M/A.swift:2:40:", "\(located)")
        XCTAssertEqual(place("norm()"), "exercises/Sources/M/A.swift:3:55:", "\(located)")
        XCTAssertEqual(place("FileManager.default.getter"), "exercises/Sources/M/A.swift:5:23:", "\(located)")
        XCTAssertEqual(ObjectRefusalLocator.located("section `.init_array` holds code", in: ["A.swift": source]), "section `.init_array` holds code")
        XCTAssertEqual(ObjectRefusalLocator.quotedName(in: "uses `DenseLayer.backward` of ResidualEngine (`…`)")?.name, "backward")
        XCTAssertEqual(ObjectRefusalLocator.quotedName(in: "adds `property descriptor for (extension in M):Swift.Array.count2 : Swift.Int` to")?.name, "count2")
    }

    /// File-level names of the standard library or the course's library, by symbol: the source
    /// rule's twin, which a declaration hidden from the parser cannot get around. Members named
    /// like them are fine; a support code's name at file level is refused like the library's.
    func testFileLevelStandardAndLibraryNamesAreRefusedBySymbol() throws {
        let source = """
            public func max(_ a: Int, _ b: Int) -> Int { a }
            public enum Vector { public static func maxAbs(_ x: [Double]) -> Double { 0 } }
            public struct Own { public func max() -> Int { 0 }; public var min = 0 }
            public func maxDifference(_ a: [Double]) -> Double { 0 }
            """
        var admission = try ObjectAdmission(module: "M", libraries: [], trusted: [])
        admission.libraryNames = ["Vector", "maxDifference"]
        for optimized in [false, true] {
            let found = try admission.violations(in: compile(["A.swift": source], optimized: optimized)).filter { $0.hasPrefix("declares `") }
            XCTAssertTrue(found.contains { $0.hasPrefix("declares `max` at file level") }, "\(found)")
            XCTAssertTrue(found.contains { $0.hasPrefix("declares `Vector` at file level") }, "\(found)")
            XCTAssertTrue(found.contains { $0.hasPrefix("declares `maxDifference` at file level") }, "\(found)")
            XCTAssertFalse(found.contains { $0.contains("`Own`") }, "\(found)")
        }
    }

    func testSilgenNamedCFunctionIsRefused() throws {
        try assertRefused("@_silgen_name(\"exit\") public func f(_ c: Int32) {}", mentioning: ["`exit`", "C name", "replace"])
    }

    func testCdeclAndCNamesAreRefused() throws {
        try assertRefused("@_cdecl(\"write\") public func w() -> Int32 { 0 }", mentioning: ["`write`"])
    }

    func testForeignSwiftNamespaceIsRefused() throws {
        try assertRefused("@_silgen_name(\"$s6XCTest8XCTAssertyyF\") public func g() {}", mentioning: ["module XCTest"])
    }

    func testInitArraySectionIsRefused() throws {
        try assertRefused(
            "@_section(\".init_array\") @_used let c: @convention(c) () -> Void = { print(1) }",
            mentioning: ["`.init_array`", "load or exit"])
    }

    func testUnknownSectionIsRefused() throws {
        try assertRefused("@_section(\"mine\") @_used let c: Int = 3", mentioning: ["`mine`"])
    }

    func testReflectionIsRefused() throws {
        try assertRefused("public func m(_ x: Any) -> Int { Mirror(reflecting: x).children.count }", mentioning: ["Mirror", "(reflection)"])
    }

    func testDynamicLoadingAndForkAreRefused() throws {
        try assertRefused(
            "import Glibc\npublic func d() { _ = dlopen(\"x\", 0); _ = fork() }",
            mentioning: ["`dlopen` (dynamic loading)", "`fork`"])
    }

    func testFileManagerIsRefused() throws {
        try assertRefused(
            "import Foundation\npublic func r() -> Data? { FileManager.default.contents(atPath: \"/etc/passwd\") }",
            mentioning: ["FileManager", "(process and file APIs)", "take what it needs as parameters"])
    }

    func testThreadsAreRefused() throws {
        // Each refused call says what to do instead.
        try assertRefused("import Foundation\npublic func t() { Thread { }.start() }", mentioning: ["Thread", "(threads)", ": compute on the calling thread"])
        try assertRefused("import Dispatch\npublic func q() { DispatchQueue.global().async { } }", mentioning: ["Dispatch", "(threads)"])
    }

    func testEnvironmentIsRefused() throws {
        try assertRefused(
            "import Foundation\npublic func e() -> [String: String] { ProcessInfo.processInfo.environment }",
            mentioning: ["ProcessInfo", "(process and file APIs)"])
    }

    func testTrustedObjectsWidenTheAllowList() throws {
        let source = "import Glibc\npublic func d() { _ = fork() }"
        let trusted = try compile(["T.swift": source], optimized: false)
        let admission = try ObjectAdmission(module: "M", libraries: [], trusted: [trusted])
        XCTAssertEqual(try admission.violations(in: compile(["A.swift": source], optimized: false)), [])
    }

    func testTruncatedAndGarbageFilesAreErrors() throws {
        let object = try compile(["A.swift": "public func f() -> Int { 1 }"], optimized: false)
        let bytes = try Data(contentsOf: object)
        let admission = try ObjectAdmission(module: "M", libraries: [], trusted: [])
        for length in [0, 10, 64, 200, bytes.count / 2, bytes.count - 1] {
            try Data(bytes.prefix(length)).write(to: object)
            XCTAssertThrowsError(try admission.violations(in: object), "length \(length)")
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var mutated = [UInt8](bytes)
            for _ in 0..<8 { mutated[Int.random(in: 0..<mutated.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            _ = try? ObjectFile(bytes: mutated)  // must return or throw, never trap
        }
        XCTAssertThrowsError(try ObjectFile(bytes: [UInt8](repeating: 0x41, count: 4096)))
    }
}
