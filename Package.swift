// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// Release flags of the support library: the vector instruction set its matrix kernel is built
/// for (see Sources/ResidualEngine/InstructionSet.swift). AVX2 with FMA (`x86-64-v3`, given as
/// clang's `-march`: swiftc's `-target-cpu` does not know the levels) runs on every x86-64 CPU
/// since about 2015; `RESIDUAL_ENGINE_ISA=avx512` builds for AVX-512 machines
/// only (bench/engine sets it when the CPU it runs on has AVX-512), `portable` for the compiler's
/// default target. Not `-target-cpu native`: a build would then run only where it was compiled.
let engineReleaseFlags: [String] = {
    #if arch(x86_64)
    switch Context.environment["RESIDUAL_ENGINE_ISA"] ?? "avx2" {
    case "avx512": return ["-Ounchecked", "-Xcc", "-march=x86-64-v4", "-D", "RESIDUAL_ENGINE_AVX512"]
    case "portable": return ["-Ounchecked"]
    default: return ["-Ounchecked", "-Xcc", "-march=x86-64-v3", "-D", "RESIDUAL_ENGINE_AVX2"]
    }
    #else
    return ["-Ounchecked"]  // arm64's baseline has NEON and FMA
    #endif
}()

/// swift-syntax as the toolchain ships it: `<toolchain>/usr/lib/swift/host` holds the modules (as
/// library-evolution interfaces) and shared libraries the compiler's macro support uses, built
/// optimised by the same compiler. Linking those instead of building the package from source
/// saves about 60 s of every fresh debug build on 2 cores (the interfaces take about 12 s of one
/// core, once), the debug build parses with optimised code, and the admission rules parse with
/// exactly the parser of the compiler that compiles the submission. The student package's hand-in
/// tool links the same libraries (see HandinPluginSource).
let toolchainSyntaxFolder: String = {
    // The toolchain evaluating this manifest, whose PackageDescription library is mapped into this
    // process (`<toolchain>/usr/lib/swift/pm/ManifestAPI/`): right even when `swiftc` on PATH is a
    // toolchain manager's proxy. Then the toolchain of a `swiftc` on PATH.
    var candidates: [URL] = []
    let maps = (try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)) ?? ""
    for line in maps.split(separator: "\n") where line.hasSuffix("/libPackageDescription.so") {
        guard let path = line.split(separator: " ").last else { continue }
        let swiftLibraries = URL(fileURLWithPath: String(path)).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(swiftLibraries.appendingPathComponent("host"))
    }
    for folder in (Context.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        // <toolchain>/usr/bin/swiftc → <toolchain>/usr/lib/swift/host
        let swiftc = URL(fileURLWithPath: String(folder)).appendingPathComponent("swiftc").resolvingSymlinksInPath()
        candidates.append(swiftc.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lib/swift/host"))
    }
    guard let host = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("SwiftSyntax.swiftmodule").path) }) else {
        fatalError("ResidualCourse needs the swift-syntax modules a Swift toolchain ships in usr/lib/swift/host; none was found in this toolchain or beside a swiftc on PATH")
    }
    return host.path
}()

/// Compiler flags of every target that imports swift-syntax, or a module that does.
let toolchainSyntaxImports: [SwiftSetting] = [.unsafeFlags(["-I", toolchainSyntaxFolder, "-Xfrontend", "-serialize-debugging-options"])]

/// Linker flags of every target that imports a swift-syntax module: its library, found at run
/// time where the toolchain keeps it (as the Swift runtime is).
func toolchainSyntax(_ modules: String...) -> [LinkerSetting] {
    [.unsafeFlags(["-L", toolchainSyntaxFolder] + modules.map { "-l" + $0 } + ["-Xlinker", "-rpath", "-Xlinker", toolchainSyntaxFolder])]
}

let package = Package(
    name: "ResidualCourse",
    // No `platforms`: `course` is Linux-only (grading needs bubblewrap, prlimit and /proc; the
    // process and file code uses Glibc). The student package in exercises/ is a package of its
    // own, and its support library imports Glibc or Darwin, whichever the platform has.
    products: [
        .executable(name: "course", targets: ["course"]),
        // Grading only, for grading machines: no cmark, no authoring code (see course-grader/main.swift).
        .executable(name: "course-grader", targets: ["course-grader"]),
        .library(name: "CourseKit", targets: ["CourseKit"]),
        .library(name: "ResidualEngine", targets: ["ResidualEngine"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        // `course serve`'s HTTP server: Swift concurrency over plain sockets, no SwiftNIO (about 14 s
        // of a clean debug build on 2 cores; Hummingbird's NIO stack costs minutes). See ARCHITECTURE.md.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1")
        // The compiler's own parser (admitting student code, rewriting hidden tests, highlighting
        // code) comes with the toolchain: see toolchainSyntaxFolder.
    ],
    targets: [
        // The C parser. Debian's libcmark-dev ships libcmark.pc; scripts/bootstrap installs it.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // The layers, each a target so the compiler enforces that each imports only those below
        // it (ARCHITECTURE.md): toolchain and hand-in rules, grading, authoring, the actions.
        // What runs the compiler, sandboxes and test processes; no Markdown, no course model.
        // The harness every test runner compiles is embedded as bytes (no bundle to find at run time).
        .target(
            name: "CourseToolchain",
            resources: [
                .embedInCode("Harness/Runner/Observation.swift"),
                .embedInCode("Harness/Runner/TestServer.swift"),
                .embedInCode("Harness/Runner/BenchmarkSupport.swift"),
                .embedInCode("Harness/Runner/SyscallFilter.swift")
            ]
        ),
        // The same harness files compiled, so the build type-checks what every runner compiles
        // (as swiftc compiles runners: Swift 5 mode). Nothing links it.
        .target(
            name: "CourseHarness",
            path: "Sources/CourseToolchain/Harness/Runner",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // The admission rules the grader and the student package's hand-in tool both run. It is
        // copied verbatim into exercises/HandinTool, so it imports only Foundation and swift-syntax.
        .target(
            name: "HandinRules",
            swiftSettings: toolchainSyntaxImports,
            linkerSettings: toolchainSyntax("SwiftSyntax", "SwiftParser")
        ),
        // Grading from the grader bundle alone, and the gradebook: no CCmark, Yams or Mustache, so
        // the Gradescope image needs no libcmark (PackageGraphTests keeps it so).
        .target(
            name: "CourseGrading",
            dependencies: [
                "CourseToolchain",
                "HandinRules",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftCSV", package: "SwiftCSV")  // rosters as instructors' spreadsheets write them
            ],
            swiftSettings: toolchainSyntaxImports
        ),
        // Lessons to model to exercises, grader bundle, checks and site; `course serve`.
        .target(
            name: "CourseAuthoring",
            dependencies: [
                "CourseToolchain",
                "HandinRules",
                "CourseGrading",
                "CCmark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "FlyingFox", package: "FlyingFox"),  // `course serve`
                .product(name: "FlyingSocks", package: "FlyingFox")  // its socket errors (port in use)
            ],
            swiftSettings: toolchainSyntaxImports,
            // SwiftOperators: operator precedence, so mutation analysis sees `a + b * c` as the
            // compiler does. SwiftIDEUtils: the compiler's own token classification, for the
            // site's build-time highlighting.
            linkerSettings: toolchainSyntax("SwiftSyntax", "SwiftParser", "SwiftOperators", "SwiftIDEUtils")
        ),
        // The actions the command line calls, one per command.
        .target(
            name: "CourseKit",
            dependencies: ["CourseToolchain", "HandinRules", "CourseGrading", "CourseAuthoring"],
            swiftSettings: toolchainSyntaxImports
        ),
        // The support library students build on: pure Swift, no dependencies. Release builds
        // target a class of CPUs (engineReleaseFlags); debug builds stay portable.
        .target(
            name: "ResidualEngine",
            swiftSettings: [
                .swiftLanguageMode(.v5),  // as in the student package, which students build with Swift 5 rules
                .unsafeFlags(engineReleaseFlags, .when(configuration: .release))
            ]
        ),
        // Lesson 2's answers (a tridiagonal solver, a grid Hamiltonian, a Crank–Nicolson step), for
        // the engine's benchmark and tests only: students get the support library's source, never this.
        .target(
            name: "ResidualPropagators",
            dependencies: ["ResidualEngine"],
            swiftSettings: [.swiftLanguageMode(.v5), .unsafeFlags(engineReleaseFlags, .when(configuration: .release))]
        ),
        .executableTarget(
            name: "engine-bench",
            dependencies: ["ResidualEngine", "ResidualPropagators"],
            swiftSettings: [.swiftLanguageMode(.v5), .unsafeFlags(engineReleaseFlags, .when(configuration: .release))]
        ),
        .executableTarget(
            name: "course",
            dependencies: [
                "CourseKit",
                "CourseAuthoring",
                "CourseGrading",
                "CourseToolchain",
                "GradingCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            swiftSettings: toolchainSyntaxImports
        ),
        // What both command lines share about grading (options, the admission child), so they
        // cannot drift apart.
        .target(
            name: "GradingCommandLine",
            dependencies: ["CourseGrading", "CourseToolchain", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: toolchainSyntaxImports
        ),
        .executableTarget(
            name: "course-grader",
            dependencies: [
                "CourseGrading",
                "CourseToolchain",
                "GradingCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            swiftSettings: toolchainSyntaxImports
        ),
        .testTarget(
            name: "CourseKitTests",
            // The executables are dependencies so the end-to-end tests find them built.
            dependencies: ["CourseKit", "CourseAuthoring", "CourseGrading", "HandinRules", "CourseToolchain", "ResidualEngine", "course", "course-grader"],
            exclude: ["Fixtures"],
            swiftSettings: toolchainSyntaxImports
        ),
        .testTarget(
            name: "ResidualEngineTests",
            dependencies: ["ResidualEngine", "ResidualPropagators"],
            exclude: ["Fixtures"]
        )
    ]
)
