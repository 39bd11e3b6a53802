import Foundation
import XCTest

/// The engine reference for lesson authors (scripts/engine-reference): every public symbol has a
/// doc comment, docc builds the catalog without a warning into pages for the types authors look
/// up, the catalog's code compiles, and the catalog stays out of the student package.
final class EngineReferenceTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let catalog = packageRoot.appendingPathComponent("Sources/ResidualEngine/ResidualEngine.docc")

    func testEveryPublicSymbolHasADocComment() throws {
        let graphs = try temporaryFolder()
        // SPI included: the propagators are public to the engine's tests, so they are documented too.
        let extract = try run(
            try tool("swift-symbolgraph-extract"),
            [
                "-module-name", "ResidualEngine", "-I", try builtModules().path,
                "-minimum-access-level", "public", "-skip-synthesized-members",
                "-include-spi-symbols", "-output-dir", graphs.path
            ])
        XCTAssertEqual(extract.status, 0, extract.output)
        var names: [String] = []
        var undocumented: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: graphs.path) where file.hasSuffix(".symbols.json") {
            let graph = try JSONSerialization.jsonObject(with: Data(contentsOf: graphs.appendingPathComponent(file))) as? [String: Any]
            for symbol in graph?["symbols"] as? [[String: Any]] ?? [] {
                let name = (symbol["pathComponents"] as? [String] ?? []).joined(separator: ".")
                names.append(name)
                guard ["public", "open"].contains(symbol["accessLevel"] as? String), symbol["docComment"] == nil else { continue }
                let location = symbol["location"] as? [String: Any]
                let line = ((location?["position"] as? [String: Any])?["line"] as? Int).map { $0 + 1 } ?? 0
                let source = (location?["uri"] as? String).map { URL(string: $0)?.lastPathComponent ?? $0 } ?? "?"
                undocumented.append("\(source):\(line): \(name)")
            }
        }
        // A graph that lost the module's symbols must not pass for a documented one.
        XCTAssertTrue(["Matrix", "DenseLayer", "SVGPlot", "SeededGenerator", "ComplexTridiagonal"].allSatisfy(names.contains), "\(names.count) symbols")
        XCTAssertEqual(undocumented, [], "public symbols without a /// comment:\n" + undocumented.sorted().joined(separator: "\n"))
    }

    func testDoccBuildsThePagesAuthorsLookUpWithoutWarnings() throws {
        _ = try tool("docc")
        let work = try temporaryFolder()
        let site = work.appendingPathComponent("site")
        let script = Self.packageRoot.appendingPathComponent("scripts/engine-reference").path
        let result = try run(
            script,
            [
                "--modules", try builtModules().path, "--output", site.path,
                "--symbol-graphs", work.appendingPathComponent("graphs").path
            ])
        XCTAssertFalse(result.output.lowercased().contains("warning"), result.output)
        guard result.status == 0 else { return XCTFail("scripts/engine-reference exited with \(result.status):\n\(result.output)") }
        XCTAssertTrue(result.output.contains("engine reference: \(site.path)/documentation/residualengine/index.html"), result.output)

        let pages = site.appendingPathComponent("documentation/residualengine")
        let data = site.appendingPathComponent("data/documentation/residualengine")
        for page in ["matrix", "denselayer", "svgplot", "svgdiagram", "seededgenerator", "drawingafigure"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: pages.appendingPathComponent("\(page)/index.html").path), "no page for \(page)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: data.appendingPathComponent("\(page).json").path), "no content for \(page)")
        }
        let matrix = try String(contentsOf: data.appendingPathComponent("matrix.json"), encoding: .utf8)
        XCTAssertTrue(matrix.contains("A dense row-major matrix of"), "the doc comment reaches the page")
        let landing = try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("data/documentation/residualengine.json")))
        let groups = ((landing as? [String: Any])?["topicSections"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        for group in [
            "Matrices and products", "Layers and training", "Random numbers and data sets", "Complex vectors",
            "Plots and diagrams for figures"
        ] {
            XCTAssertTrue(groups.contains(group), "the landing page has no group '\(group)': \(groups)")
        }
    }

    /// Every Swift listing of the catalog compiles: those of "Drawing a figure" as a figure block
    /// does (a function returning `any SVGFigure`), the others as a function's body; Foundation
    /// and the engine imported, as in lessons.
    func testTheCatalogsSwiftListingsCompile() throws {
        var source = "import Foundation\nimport ResidualEngine\n"
        var figures = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.catalog.path).sorted() where file.hasSuffix(".md") {
            let text = try String(contentsOf: Self.catalog.appendingPathComponent(file), encoding: .utf8)
            let isFigureArticle = file == "DrawingAFigure.md"
            for (index, listing) in Self.swiftListings(text).enumerated() {
                let name = "\(file.dropLast(3))\(index)"
                source += "\nfunc \(name)()\(isFigureArticle ? " -> any SVGFigure" : "") {\n\(listing)\n}\n"
                figures += isFigureArticle ? 1 : 0
            }
        }
        XCTAssertGreaterThanOrEqual(figures, 3, "the article shows a lesson's block, a plot and a diagram")
        let file = try temporaryFolder().appendingPathComponent("Listings.swift")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let result = try run(try tool("swiftc"), ["-typecheck", "-I", try builtModules().path, file.path])
        XCTAssertEqual(result.status, 0, result.output + "\n" + source)
    }

    /// The code of each ```swift fence (a lesson's ```swift figure block included, inside a
    /// ````markdown listing).
    static func swiftListings(_ text: String) -> [String] {
        var listings: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```swift") {
                current = []
            } else if line == "```", let listing = current {
                listings.append(listing.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return listings
    }

    /// `course generate` copies the engine's Swift files only: the catalog never reaches students.
    func testTheStudentPackageHasTheEngineSourcesAndNotTheCatalog() throws {
        let files = FileManager.default
        let sources = try files.contentsOfDirectory(atPath: Self.packageRoot.appendingPathComponent("Sources/ResidualEngine").path)
        let copied = try files.contentsOfDirectory(atPath: Self.packageRoot.appendingPathComponent("exercises/Sources/ResidualEngine").path)
        XCTAssertTrue(sources.contains("ResidualEngine.docc"))
        XCTAssertEqual(Set(copied), Set(sources.filter { $0.hasSuffix(".swift") }))
    }

    // MARK: - Helpers

    /// The folder holding the ResidualEngine.swiftmodule this test run was built with (SwiftPM 6
    /// puts modules in `Modules` beside the test bundle, earlier versions beside it directly).
    func builtModules() throws -> URL {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [products.appendingPathComponent("Modules"), products]
        guard
            let folder = candidates.first(where: {
                FileManager.default.fileExists(atPath: $0.appendingPathComponent("ResidualEngine.swiftmodule").path)
            })
        else {
            XCTFail("no ResidualEngine.swiftmodule in \(candidates.map(\.path)): the test bundle is not where SwiftPM puts it")
            throw CocoaError(.fileNoSuchFile)
        }
        return folder
    }

    /// A toolchain program by name from PATH; a missing one fails the test (toolchains ship them all).
    func tool(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        XCTFail("'\(name)' is not on PATH: every Swift toolchain ships it, so this toolchain is incomplete")
        throw CocoaError(.fileNoSuchFile)
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("engine-reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    /// Runs a program to its end and returns its exit status and its output (stdout and stderr
    /// together). GNU `timeout` stops it, and every process it started, after two minutes.
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "5", "120", executable] + arguments
        process.currentDirectoryURL = Self.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
