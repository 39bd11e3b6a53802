@testable import CourseToolchain
import Foundation
import XCTest

/// The seccomp filter every runner installs: the calls it lists fail with EPERM in the process
/// and whatever it starts, and the calls a test needs still work.
final class SyscallFilterTests: XCTestCase {
    func testListedCallsFailWithEPERMAndOrdinaryOnesWork() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let main = """
            import Dispatch
            import Glibc

            // GNU calls the Glibc module does not import, called through their addresses.
            typealias Affinity = @convention(c) (Int32, Int, UnsafeMutableRawPointer) -> Int32
            typealias Unshare = @convention(c) (Int32) -> Int32
            let library = dlopen(nil, RTLD_NOW)
            let getAffinity = unsafeBitCast(dlsym(library, "sched_getaffinity")!, to: Affinity.self)
            let setAffinity = unsafeBitCast(dlsym(library, "sched_setaffinity")!, to: Affinity.self)
            let unshare = unsafeBitCast(dlsym(library, "unshare")!, to: Unshare.self)

            func attempts() -> String {
                var set = [UInt64](repeating: 0, count: 16)  // a cpu_set_t's 1024 bits
                let read = set.withUnsafeMutableBytes { getAffinity(0, $0.count, $0.baseAddress!) }
                let moved = set.withUnsafeMutableBytes { setAffinity(0, $0.count, $0.baseAddress!) }
                let movedError = errno
                let namespace = unshare(0x0002_0000)  // CLONE_NEWNS
                let namespaceError = errno
                // A thread started after the filter is bound by it too.
                var fromThread: Int32 = 0
                DispatchQueue.global().sync {
                    fromThread = set.withUnsafeMutableBytes { setAffinity(0, $0.count, $0.baseAddress!) } == 0 ? 0 : errno
                }
                let file = fopen("/tmp/syscall-filter-\\(getpid())", "w")
                defer { if file != nil { fclose(file); unlink("/tmp/syscall-filter-\\(getpid())") } }
                return "read \\(read) moved \\(moved) \\(movedError) namespace \\(namespace) \\(namespaceError) thread \\(fromThread) file \\(file != nil)"
            }
            if CommandLine.arguments.count > 1 && !SyscallFilter.install() { print("not installed"); exit(1) }
            print(attempts())

            """
        try main.write(to: folder.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        try HarnessSource.syscallFilter.write(to: folder.appendingPathComponent("SyscallFilter.swift"), atomically: true, encoding: .utf8)
        let program = folder.appendingPathComponent("probe")
        let compiled = try ProcessRunner.run(
            try SwiftCompiler().swiftc, ["-o", program.path, "main.swift", "SyscallFilter.swift"], in: folder, timeout: 300)
        XCTAssertEqual(compiled.status, 0, compiled.output)

        let open = try ProcessRunner.run(program.path, [], in: folder, timeout: 30)
        XCTAssertTrue(open.output.hasPrefix("read 0 moved 0 "), "without the filter the process may keep its own CPUs: \(open.output)")
        let filtered = try ProcessRunner.run(program.path, ["--filter"], in: folder, timeout: 30)
        XCTAssertEqual(filtered.status, 0, filtered.output)
        XCTAssertEqual(
            filtered.output.trimmingCharacters(in: .whitespacesAndNewlines),
            "read 0 moved -1 \(EPERM) namespace -1 \(EPERM) thread \(EPERM) file true")
    }

}
