#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A seccomp filter every runner installs first thing in `main`, before any student code runs;
/// it binds the process and everything it starts. System calls that would move a process off
/// the CPU its batch worker owns (`sched_setaffinity`), reach into another process (`ptrace`,
/// `process_vm_readv`/`writev`), make namespaces or mounts, or open the kernel's larger attack
/// surfaces (`bpf`, `perf_event_open`, `userfaultfd`, `io_uring`, keyrings) fail with EPERM.
///
/// The object rules already refuse calls to these by name; code that builds a function pointer
/// from raw memory could still make them, and the kernel cannot be talked round.
enum SyscallFilter {
    /// Refused system calls by architecture: (AUDIT_ARCH_…, numbers, whether numbers from
    /// `x32Base` up, the x32 ABI's, are refused too).
    static let refused: [(arch: UInt32, numbers: [UInt32], refusesX32: Bool)] = [
        // x86_64: sched_setaffinity, ptrace, process_vm_readv, process_vm_writev, perf_event_open,
        // bpf, unshare, setns, mount, umount2, pivot_root, keyctl, add_key, request_key,
        // userfaultfd, io_uring_setup, personality.
        (0xC000_003E, [203, 101, 310, 311, 298, 321, 272, 308, 165, 166, 155, 250, 248, 249, 323, 425, 135], true),
        // aarch64: the same calls.
        (0xC000_00B7, [122, 117, 270, 271, 241, 280, 97, 268, 40, 39, 41, 219, 217, 218, 282, 425, 92], false)
    ]
    static let x32Base: UInt32 = 0x4000_0000

    /// The filter program: classic BPF over `struct seccomp_data` (nr at offset 0, arch at 4).
    static func program() -> [UInt64] {
        func instruction(_ code: UInt16, _ jt: UInt8, _ jf: UInt8, _ k: UInt32) -> UInt64 {
            UInt64(code) | UInt64(jt) << 16 | UInt64(jf) << 24 | UInt64(k) << 32
        }
        let load: UInt16 = 0x20, jumpIfEqual: UInt16 = 0x15, jumpIfAtLeast: UInt16 = 0x35, give: UInt16 = 0x06
        let allow: UInt32 = 0x7FFF_0000, refuse: UInt32 = 0x0005_0000 | UInt32(EPERM)
        var program = [instruction(load, 0, 0, 4)]
        for table in refused {
            // Body: load nr, the checks, allow, refuse. A check jumps to `refuse`, the body's last.
            let checks = table.numbers.count + (table.refusesX32 ? 1 : 0)
            let body = 1 + checks + 2
            program.append(instruction(jumpIfEqual, 0, UInt8(body), table.arch))
            program.append(instruction(load, 0, 0, 0))
            var remaining = checks
            if table.refusesX32 {
                remaining -= 1
                program.append(instruction(jumpIfAtLeast, UInt8(remaining + 1), 0, x32Base))
            }
            for number in table.numbers {
                remaining -= 1
                program.append(instruction(jumpIfEqual, UInt8(remaining + 1), 0, number))
            }
            program.append(instruction(give, 0, 0, allow))
            program.append(instruction(give, 0, 0, refuse))
        }
        // An architecture without a table runs unfiltered: the filter is a layer, not the sandbox.
        program.append(instruction(give, 0, 0, allow))
        return program
    }

    /// Installs the filter for this thread and every thread and process it starts; `false` when
    /// the kernel would not take it.
    static func install() -> Bool {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        // prctl is variadic in C, so it is called through its address.
        guard let prctl = dlsym(dlopen(nil, RTLD_NOW), "prctl").map({ unsafeBitCast($0, to: Prctl.self) }) else { return false }
        guard prctl(38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0) == 0 else { return false }
        let filter = program()
        return filter.withUnsafeBufferPointer { instructions in
            // struct sock_fprog: the count, padded to 8 bytes, then the instructions' address.
            var header: [UInt64] = [UInt64(instructions.count), UInt64(UInt(bitPattern: instructions.baseAddress))]
            return header.withUnsafeMutableBufferPointer { fprog in
                prctl(22 /* PR_SET_SECCOMP */, 2 /* SECCOMP_MODE_FILTER */, UInt(bitPattern: fprog.baseAddress), 0, 0) == 0
            }
        }
    }
}
