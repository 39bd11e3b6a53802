@testable import CourseToolchain
import Foundation
import XCTest

/// The seccomp filter every runner installs: the calls it lists fail with EPERM in the process
/// and whatever it starts, and the calls a test needs still work; the second filter of test and
/// benchmark processes refuses new processes and keeps threads.
final class SyscallFilterTests: XCTestCase {
    func testListedCallsFailWithEPERMAndOrdinaryOnesWork() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let main = """
            import Glibc

            // GNU calls the Glibc module does not import, called through their addresses.
            typealias Affinity = @convention(c) (Int32, Int, UnsafeMutableRawPointer) -> Int32
            typealias Unshare = @convention(c) (Int32) -> Int32
            typealias Syscall = @convention(c) (Int, Int, Int, Int, Int, Int) -> Int
            let library = dlopen(nil, RTLD_NOW)
            let getAffinity = unsafeBitCast(dlsym(library, "sched_getaffinity")!, to: Affinity.self)
            let setAffinity = unsafeBitCast(dlsym(library, "sched_setaffinity")!, to: Affinity.self)
            let unshare = unsafeBitCast(dlsym(library, "unshare")!, to: Unshare.self)
            let syscall = unsafeBitCast(dlsym(library, "syscall")!, to: Syscall.self)
            #if arch(x86_64)
            let cloneNumber = 56
            #else
            let cloneNumber = 220
            #endif

            nonisolated(unsafe) var fromThread: Int32 = -99
            func moveSelf() -> Int32 {
                var set = [UInt64](repeating: 0, count: 16)  // a cpu_set_t's 1024 bits
                _ = set.withUnsafeMutableBytes { getAffinity(0, $0.count, $0.baseAddress!) }
                return set.withUnsafeMutableBytes { setAffinity(0, $0.count, $0.baseAddress!) } == 0 ? 0 : errno
            }

            func attempts() -> String {
                let moved = moveSelf()
                let namespace = unshare(0x0002_0000) == 0 ? 0 : errno  // CLONE_NEWNS
                // clone with CLONE_NEWUSER | SIGCHLD: a child (which leaves at once) or a refusal.
                let cloned = syscall(cloneNumber, 0x1000_0000 | 17, 0, 0, 0, 0)
                if cloned == 0 { _exit(0) }
                let cloneResult = cloned > 0 ? 0 : errno
                // A thread still starts (clone3 answers ENOSYS, the C library falls back to clone)
                // and is bound by the filter too.
                var thread = pthread_t()
                let started = pthread_create(&thread, nil, { _ in fromThread = moveSelf(); return nil }, nil)
                if started == 0 { pthread_join(thread, nil) }
                let file = fopen("/tmp/syscall-filter-\\(getpid())", "w")
                defer { if file != nil { fclose(file); unlink("/tmp/syscall-filter-\\(getpid())") } }
                return "moved \\(moved) namespace \\(namespace) clone \\(cloneResult) thread \\(started) \\(fromThread) file \\(file != nil)"
            }
            // A new process, three ways; a thread still starts and runs.
            func processAttempts() -> String {
                let forked = fork()
                if forked == 0 { _exit(0) }
                let forkResult = forked > 0 ? 0 : errno
                #if arch(x86_64)
                let vforked = syscall(58, 0, 0, 0, 0, 0)
                if vforked == 0 { _exit(0) }
                let vforkResult = vforked > 0 ? 0 : errno
                #else
                let vforkResult = EPERM
                #endif
                let cloned = syscall(cloneNumber, 17, 0, 0, 0, 0)  // SIGCHLD only: what fork asks for
                if cloned == 0 { _exit(0) }
                let cloneResult = cloned > 0 ? 0 : errno
                var thread = pthread_t()
                let started = pthread_create(&thread, nil, { _ in fromThread = 7; return nil }, nil)
                if started == 0 { pthread_join(thread, nil) }
                return "fork \\(forkResult) vfork \\(vforkResult) clone \\(cloneResult) thread \\(started) \\(fromThread)"
            }
            let mode = CommandLine.arguments.dropFirst().first
            if mode != nil && !SyscallFilter.install() { print("not installed"); exit(1) }
            if mode == "--no-processes" {
                guard SyscallFilter.installNoNewProcesses() else { print("not installed"); exit(1) }
                print(processAttempts())
            } else {
                print(attempts())
            }

            """
        try main.write(to: folder.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        try HarnessSource.syscallFilter.write(to: folder.appendingPathComponent("SyscallFilter.swift"), atomically: true, encoding: .utf8)
        let program = folder.appendingPathComponent("probe")
        let compiled = try ProcessRunner.run(
            try SwiftCompiler().swiftc, ["-o", program.path, "main.swift", "SyscallFilter.swift"], in: folder, timeout: 300)
        XCTAssertEqual(compiled.status, 0, compiled.output)

        let open = try ProcessRunner.run(program.path, [], in: folder, timeout: 30)
        XCTAssertTrue(open.output.hasPrefix("moved 0 "), "without the filter the process may keep its own CPUs: \(open.output)")
        let filtered = try ProcessRunner.run(program.path, ["--filter"], in: folder, timeout: 30)
        XCTAssertEqual(filtered.status, 0, filtered.output)
        XCTAssertEqual(
            filtered.output.trimmingCharacters(in: .whitespacesAndNewlines),
            "moved \(EPERM) namespace \(EPERM) clone \(EPERM) thread 0 \(EPERM) file true")
        // The second filter, which test and benchmark processes add: no process of their own.
        let alone = try ProcessRunner.run(program.path, ["--no-processes"], in: folder, timeout: 30)
        XCTAssertEqual(alone.status, 0, alone.output)
        XCTAssertEqual(
            alone.output.trimmingCharacters(in: .whitespacesAndNewlines), "fork \(EPERM) vfork \(EPERM) clone \(EPERM) thread 0 7")
    }

}
