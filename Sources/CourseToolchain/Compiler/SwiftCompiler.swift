import Foundation

/// Compiles a lesson module and its test runner with `swiftc` directly: one process per step,
/// no package resolution, so a lesson builds in a few seconds and each lesson on its own.
public struct SwiftCompiler: Sendable {
    public var swiftc: String
    /// Wall-clock and memory limits for compiling untrusted code (a submission): the whole
    /// process group (the driver and its frontends) is killed when time runs out.
    public var limits: (seconds: Int, memoryBytes: Int)?
    /// The largest file the compiler may write under `limits` (`prlimit --fsize`): lesson objects
    /// are well under 1 MB, and each is kept in the grader's cache, so code that compiles to
    /// gigabytes would fill the disk one submission at a time.
    public var outputFileBytes = 256 << 20
    /// Quick to compile: checks, tests and grading without benchmarks.
    public static let debugFlags = ["-Onone", "-wmo", "-diagnostic-style", "llvm"]
    /// Fast to run: what benchmarks time and figures train with.
    public static let releaseFlags = ["-O", "-wmo", "-diagnostic-style", "llvm"]

    /// How every lesson module is compiled, by `course check` as by the grader: with library
    /// evolution, so grading can link prebuilt tests against any module with the same API. Check
    /// builds the same way because the compiler's code differs under it (a synthesized `==` of
    /// an enum with overloaded case names is wrong only there): what check passes, grading runs.
    public static let lessonModuleFlags = ["-enable-library-evolution"]

    /// `output` without the warning library evolution gives for every module a lesson imports
    /// that was not built with it (Foundation: "module 'Foundation' was not compiled with library
    /// evolution support"), each with its source line, caret and fix-it: noise in front of the
    /// error an author needs. Other diagnostics stay as they are.
    public static func droppingLibraryEvolutionWarnings(_ output: String) -> String {
        var kept: [Substring] = []
        var dropping = false
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if isDiagnosticHeader(line) { dropping = line.contains("was not compiled with library evolution support") }
            if !dropping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    /// `output` with its errors only: each warning and remark, with its source line, caret and
    /// notes, left out (for a compile that had to run with warnings on).
    public static func keepingErrors(_ output: String) -> String {
        var kept: [Substring] = []
        var dropping = false
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if isDiagnosticHeader(line) {
                if !line.contains(": note: ") { dropping = !line.contains(": error: ") }
            } else if line.hasPrefix("error: ") || line.hasPrefix("<unknown>:") {
                dropping = false  // the compiler's own message, not a warning's source excerpt
            }
            if !dropping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    /// `path:line:col: error|warning|note|remark: …`, as `-diagnostic-style llvm` writes a diagnostic's first line.
    private static func isDiagnosticHeader(_ line: Substring) -> Bool {
        ["error: ", "warning: ", "note: ", "remark: "].contains { kind in
            guard let range = line.range(of: ": " + kind) else { return false }
            // `<unknown>:0`: a diagnostic of no source line (a module imported without library
            // evolution), repeated once per file of the module.
            if line[..<range.lowerBound] == "<unknown>:0" { return true }
            let location = line[..<range.lowerBound].split(separator: ":")
            return location.count >= 3 && location.suffix(2).allSatisfy { Int($0) != nil }
        }
    }

    /// Extra flags for every compile, e.g. `releaseFlags` for benchmarks.
    public var flags: [String] = Self.debugFlags

    public init(swiftc: String? = nil) throws {
        guard let found = swiftc ?? ProcessInfo.processInfo.environment["SWIFTC"] ?? ProcessRunner.which("swiftc") else {
            throw CourseError.toolFailed("swiftc was not found on PATH; install Swift or set SWIFTC")
        }
        self.swiftc = found
    }

    /// A compile's result: success, and the compiler's diagnostics.
    public struct Result: Sendable {
        public var succeeded: Bool
        public var output: String

        package init(succeeded: Bool, output: String) {
            self.succeeded = succeeded
            self.output = output
        }
    }

    /// Builds `lib<module>.a` and `<module>.swiftmodule` in `output` from `sources`.
    public func compileModule(
        _ module: String, sources: [String], workingDirectory: URL, output: URL,
        linking libraries: [(name: String, folder: URL)] = [], extraFlags: [String] = []
    ) throws -> Result {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let arguments =
            [
                "-parse-as-library", "-module-name", module, "-enable-testing",
                "-emit-module", "-emit-module-path", output.appendingPathComponent("\(module).swiftmodule").path,
                "-emit-library", "-static", "-o", output.appendingPathComponent("lib\(module).a").path
            ]
            + libraries.flatMap { ["-I", $0.folder.path] } + flags + extraFlags + sources
        return try run(arguments, in: workingDirectory)
    }

    /// Links the test runner executable against a module built by `compileModule`.
    public func compileRunner(
        _ name: String, against module: String, sources: [String], modules: URL,
        workingDirectory: URL, output: URL,
        linking libraries: [(name: String, folder: URL)] = [], extraFlags: [String] = []
    ) throws -> Result {
        let arguments =
            [
                "-module-name", name, "-I", modules.path, "-L", modules.path, "-l\(module)",
                "-o", output.path
            ]
            + libraries.flatMap { ["-I", $0.folder.path, "-L", $0.folder.path, "-l\($0.name)"] } + flags + extraFlags + sources
        return try run(arguments, in: workingDirectory)
    }

    /// Compiles `sources` as module `module` into one object file (`<output>/<module>.o`) and its
    /// `.swiftmodule`, for linking later with `link`.
    public func compileObject(
        _ module: String, sources: [String], workingDirectory: URL, output: URL,
        importing modules: [URL] = [], extraFlags: [String] = []
    ) throws -> Result {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let arguments =
            [
                "-c", "-module-name", module,
                "-emit-module", "-emit-module-path", output.appendingPathComponent("\(module).swiftmodule").path,
                "-o", output.appendingPathComponent("\(module).o").path
            ]
            + modules.flatMap { ["-I", $0.path] } + flags + extraFlags + sources
        return try run(arguments, in: workingDirectory)
    }

    /// Compiles `sources` as module `module` into the object file `output` alone, with no
    /// `.swiftmodule`, by running the frontend directly: what a submission needs when everything
    /// it links with is prebuilt.
    public func compileModuleObject(
        _ module: String, sources: [String], workingDirectory: URL, output: URL,
        importing modules: [URL] = [], extraFlags: [String] = []
    ) throws -> Result {
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        let flags = moduleObjectFlags(extraFlags)
        let imports = modules.flatMap { ["-I", $0.path] }
        if let command = DriverPlan.compileObject(swiftc: swiftc, flags: flags, sources: sources, module: module, output: output.path) {
            return try run(command: command + imports, in: workingDirectory)
        }
        return try run(["-c", "-module-name", module, "-o", output.path] + imports + flags + sources, in: workingDirectory)
    }

    private func moduleObjectFlags(_ extraFlags: [String]) -> [String] {
        ["-parse-as-library", "-enable-testing"] + flags + extraFlags
    }

    /// Learns the direct command lines of `compileModuleObject` and `link` for these flags now
    /// (kept where `DriverPlan.keepPlans` says), so that grading later need not ask the driver.
    public func planDirectCommands(extraFlags: [String]) {
        _ = DriverPlan.compileObject(swiftc: swiftc, flags: moduleObjectFlags(extraFlags), sources: ["a.swift"], module: "A", output: "a.o")
        _ = DriverPlan.link(swiftc: swiftc, objects: ["a.o"], libraries: [], output: "a", autolink: "a.autolink")
    }

    /// Links object files and static libraries into an executable; no Swift is compiled.
    public func link(objects: [URL], libraries: [(name: String, folder: URL)], output: URL, in directory: URL) throws -> Result {
        let autolink = output.path + ".autolink"
        if var jobs = DriverPlan.link(
            swiftc: swiftc, objects: objects.map(\.path), libraries: libraries, output: output.path,
            autolink: autolink)
        {
            // The first job extracts the libraries the objects ask for; reading them here saves a process.
            if let entries = AutolinkEntries.read(objects.map(\.path)),
                (try? entries.map { $0 + "\n" }.joined().write(toFile: autolink, atomically: false, encoding: .utf8)) != nil
            {
                jobs.removeFirst()
            }
            var last = Result(succeeded: false, output: "")
            for job in jobs {
                last = try run(command: job, in: directory)
                if !last.succeeded { break }
            }
            return last
        }
        let arguments = objects.map(\.path) + libraries.flatMap { ["-L", $0.folder.path, "-l\($0.name)"] } + ["-o", output.path]
        return try run(arguments, in: directory)
    }

    /// Compiles `sources` (object files among them are linked) into an executable.
    public func compileExecutable(
        _ name: String, sources: [String], importing modules: [URL],
        libraries: [(name: String, folder: URL)], output: URL, in directory: URL, extraFlags: [String] = []
    ) throws -> Result {
        let arguments =
            ["-module-name", name] + modules.flatMap { ["-I", $0.path] }
            + libraries.flatMap { ["-I", $0.folder.path, "-L", $0.folder.path, "-l\($0.name)"] } + flags + extraFlags + sources
            + ["-o", output.path]
        return try run(arguments, in: directory)
    }

    private func run(_ arguments: [String], in directory: URL) throws -> Result {
        try run(command: [swiftc] + arguments, in: directory)
    }

    /// Runs a tool (`swiftc`, or one `DriverPlan` found) under the limits.
    private func run(command tool: [String], in directory: URL) throws -> Result {
        var command = tool
        if let limits, let timeout = ProcessRunner.which("timeout"), let prlimit = ProcessRunner.which("prlimit") {
            command =
                [timeout, "-k", "5", String(limits.seconds), prlimit, "--as=\(limits.memoryBytes)", "--fsize=\(outputFileBytes)", "--"] + command
        }
        let outcome = try ProcessRunner.runWithOwnTemporaryFolder(command[0], Array(command.dropFirst()), in: directory, timeout: 900)
        if outcome.status == 124 && limits != nil {
            return Result(succeeded: false, output: "the compiler ran out of time (\(limits!.seconds) s): simplify the code")
        }
        if limits != nil && outcome.status != 0 && (outcome.signal == SIGXFSZ || outcome.output.contains("File size limit exceeded")) {
            return Result(
                succeeded: false,
                output: "the compiled code is larger than \(outputFileBytes >= 1 << 20 ? "\(outputFileBytes >> 20) MB" : "\(outputFileBytes >> 10) KB"): simplify the code")
        }
        return Result(
            succeeded: outcome.status == 0 && outcome.signal == nil && !outcome.timedOut,
            output: outcome.output)
    }
}
