/// Swift source compiled into every benchmark workload: the seeded input generator authors draw
/// from, the timer whose start and stop the grader's bench server hooks, and `blackHole`, which
/// keeps what the timed part produced so the grader can compare it with the reference's.
///
/// Output encoding (`BenchmarkOutput`), read back by `BenchmarkValue`: `D` count and IEEE doubles,
/// `F` floats, `I` Int64s (all little-endian; arrays of plain structs of doubles, such as complex
/// numbers, flatten to `D`), `B` a byte, `S` length and UTF-8, `L` count and elements, `O` count
/// and stored parts (structs, classes, tuples), `E` case name then payload, `N` nil, `?` opaque.
/// Arrays of numbers are copied in one go: encoding runs inside the timed window, for both sides.
package enum BenchmarkSupportSource {
    package static let fileName = "BenchmarkSupport.swift"

    package static let text = HarnessFile.text(PackageResources.BenchmarkSupport_swift)
}

extension BenchmarkSupportSource {
    package static let engineFileName = "EngineBenchmark.swift"

    /// Conformances for the support library's types whose storage is a buffer, each only when the
    /// course's library declares the type: rows, columns and the values, as `O[I, I, D]`.
    /// `importing` adds the library's import (a file of its own needs it; the test harness's
    /// engine file has it already).
    package static func engineText(engineSources: [String: String], importing: Bool = true) -> String {
        let declared = engineSources.values.joined(separator: "\n")
        let types = engineTypes.filter { declared.contains("public struct \($0):") || declared.contains("public struct \($0) ") }
        return (importing ? "import ResidualEngine\n" : "") + types.map(engineConformance).joined()
    }

    /// The support library's types that encode themselves.
    package static let engineTypes = ["Matrix", "FloatMatrix"]

    package static func engineConformance(_ type: String) -> String {
        """

        extension \(type): BenchmarkEncodable {
            public func benchmarkEncode(into out: inout [UInt8]) {
                out.append(UInt8(ascii: "O"))
                BenchmarkOutput.word(3, into: &out)
                BenchmarkOutput.encode(rows, depth: 0, into: &out)
                BenchmarkOutput.encode(cols, depth: 0, into: &out)
                BenchmarkOutput.encode(values, depth: 0, into: &out)
            }
        }

        """
    }

    /// The `main` of a bench runner, one per side (student, reference), each in its own sandbox.
    /// Started as `runner BENCHMARK-ID`, it answers `hello`, then for every `run SEED` line runs
    /// the workload with that seed: after the set-up it answers `ready` and waits for `go`; when
    /// the timed part ends it sends `output BYTES` and the encoded output, and `end` once the
    /// workload has returned. The grader times the window from `go` to the last output byte
    /// itself: nothing this process says about time is believed. Replies go to a private copy of
    /// stdout; the workload's own printing goes nowhere.
    package static let runnerMain = #"""
        #if canImport(Glibc)
        import Glibc
        #elseif canImport(Musl)
        import Musl
        #endif

        let channel = dup(1)
        _ = fcntl(channel, F_SETFD, FD_CLOEXEC)
        guard SyscallFilter.install(), SyscallFilter.installNoNewProcesses() else {
            _ = write(channel, "error: cannot filter system calls\n", 34)
            exit(2)
        }
        let silent = open("/dev/null", O_WRONLY)
        dup2(silent, 1)

        func reply(_ bytes: [UInt8]) {
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { write(channel, $0.baseAddress! + offset, $0.count - offset) }
                if written <= 0 { exit(3) }
                offset += written
            }
        }
        func reply(_ line: String) { reply(Array((line + "\n").utf8)) }

        let arguments = CommandLine.arguments
        guard arguments.count == 2, let workload = benchmarkRuns().first(where: { $0.0 == arguments[1] })?.1 else {
            reply("error: no such benchmark")
            exit(2)
        }
        BenchmarkTimer.willStart = {
            reply("ready")
            guard readLine(strippingNewline: true) == "go" else { exit(0) }
        }
        BenchmarkTimer.didStop = {
            let output = BenchmarkOutput.encoded()
            reply("output \(output.count)")
            reply(output)
        }
        reply("hello")
        while let line = readLine(strippingNewline: true) {
            let fields = line.split(separator: " ")
            guard fields.count == 2, fields[0] == "run", let seed = UInt64(fields[1]) else { reply("error: bad command"); exit(2) }
            workload(seed)
            reply("end")
        }
        exit(0)
        """#
}
