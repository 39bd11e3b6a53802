@testable import CourseToolchain
import Foundation
import XCTest

/// What a sandboxed process may write: sized in-memory `/tmp`, `/scratch` and `/dev/shm` of its
/// own, nothing else, and nothing of the host's `/dev/shm`.
final class SandboxTests: XCTestCase {
    /// Runs a bash script through `Sandbox.wrap` (bash, not sh, because its `printf` names the errno).
    private func run(_ script: String, in sandbox: Sandbox) throws -> ProcessRunner.Outcome {
        let bash = try XCTUnwrap(["/bin/bash", "/usr/bin/bash"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let results = try TestSupport.temporaryFolder(self)
        sandbox.prepareResults(results)
        let command = sandbox.wrap([bash, "-c", script], runner: URL(fileURLWithPath: bash), results: results, environment: [:])
        return try ProcessRunner.run(command[0], Array(command.dropFirst()), timeout: 60)
    }

    /// Bytes in use on the file system holding `path` (`statvfs`).
    private func usedBytes(_ path: String) throws -> Int {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { throw CocoaError(.fileReadUnknown) }
        return Int(stats.f_blocks - stats.f_bfree) * Int(stats.f_frsize)
    }

    func testWritesBeyondEachTmpfsGetENOSPCAndLeaveTheHostAlone() throws {
        var sandbox = try Sandbox()
        // Under the 16 MiB file-size limit, so the file system, not SIGXFSZ, stops the writes.
        sandbox.tmpBytes = 4 << 20
        sandbox.scratchBytes = 6 << 20
        sandbox.sharedMemoryBytes = 8 << 20
        let hostSharedMemory = try usedBytes("/dev/shm")
        // Writes 1 MiB at a time, up to 12 MiB, and says how many writes fit in each folder.
        let outcome = try run(
            """
            s=0123456789abcdef; for i in {1..16}; do s="$s$s"; done
            for folder in /tmp /scratch /dev/shm; do
              for n in {0..12}; do printf %s "$s" >> $folder/fill || break; done
              echo "$folder: $n MiB"
            done
            """, in: sandbox)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertEqual(outcome.output.components(separatedBy: "No space left on device").count - 1, 3, outcome.output)
        XCTAssertTrue(outcome.output.contains("/tmp: 4 MiB\n"), outcome.output)
        XCTAssertTrue(outcome.output.contains("/scratch: 6 MiB\n"), outcome.output)
        XCTAssertTrue(outcome.output.contains("/dev/shm: 8 MiB\n"), outcome.output)
        XCTAssertLessThan(try usedBytes("/dev/shm") - hostSharedMemory, 4 << 20, "the sandbox's /dev/shm is the host's")
    }

    func testDefaultSizesAndEverythingElseReadOnly() throws {
        let sandbox = try Sandbox()
        XCTAssertEqual([sandbox.tmpBytes, sandbox.scratchBytes, sandbox.sharedMemoryBytes], [64 << 20, 64 << 20, 64 << 20])
        let outcome = try run(
            """
            while read -r device folder type options rest; do
              case "$folder" in /tmp|/scratch|/dev/shm|/|/dev) echo "$folder $type $options";; esac
            done < /proc/mounts
            for file in /escaped /dev/escaped /usr/lib/escaped; do
              echo x > "$file" 2>/dev/null && echo "wrote $file"
            done
            echo x > /scratch/kept && echo x > /tmp/kept && echo x > /dev/shm/kept && echo "wrote the three"
            """, in: sandbox)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        let mounts = Dictionary(
            outcome.output.split(separator: "\n").compactMap { line -> (String, String)? in
                let fields = line.split(separator: " ")
                return fields.count == 3 ? (String(fields[0]), String(fields[2])) : nil
            }, uniquingKeysWith: { $1 })
        for folder in ["/tmp", "/scratch", "/dev/shm"] {
            XCTAssertTrue(
                mounts[folder]?.hasPrefix("rw,") == true && mounts[folder]?.contains("size=65536k") == true,
                "\(folder): \(mounts[folder] ?? "not mounted")")
        }
        for folder in ["/", "/dev"] {
            XCTAssertTrue(mounts[folder]?.hasPrefix("ro,") == true, "\(folder) is writable: \(mounts[folder] ?? "not mounted")")
        }
        XCTAssertFalse(outcome.output.contains("wrote /"), outcome.output)
        XCTAssertTrue(outcome.output.contains("wrote the three"), outcome.output)
    }
}
