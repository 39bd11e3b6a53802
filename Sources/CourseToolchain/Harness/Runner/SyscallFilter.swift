#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A seccomp filter every runner installs first thing in `main`, before any student code runs;
/// it binds the process and everything it starts. System calls that would move a process off
/// the CPU its batch worker owns (`sched_setaffinity`), reach into another process (`ptrace`,
/// `process_vm_readv`/`writev`, `pidfd_getfd`, `kcmp`), make namespaces or mounts (also through
/// `clone` flags and the new mount API), or open the kernel's larger attack surfaces (`bpf`,
/// `perf_event_open`, `userfaultfd`, `io_uring`, keyrings) fail with EPERM. Calls through another
/// ABI (`int $0x80` on x86_64, x32) fail too, and `clone3`, whose flags a filter cannot read,
/// answers ENOSYS, so the C library starts threads with `clone`.
///
/// The object rules already refuse calls to these by name; code that builds a function pointer
/// from raw memory could still make them, and the kernel cannot be talked round.
public enum SyscallFilter {
    #if arch(x86_64)
    /// AUDIT_ARCH_X86_64, and the refused numbers: sched_setaffinity, ptrace, process_vm_readv,
    /// process_vm_writev, perf_event_open, bpf, unshare, setns, mount, umount2, pivot_root, keyctl,
    /// add_key, request_key, userfaultfd, personality, kcmp, then the numbers both ABIs share:
    /// io_uring_setup, open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, pidfd_getfd,
    /// process_madvise, mount_setattr.
    public static let native: (arch: UInt32, clone: UInt32, clone3: UInt32, refused: [UInt32], otherABIFrom: UInt32?)? = (
        0xC000_003E, 56, 435,
        [203, 101, 310, 311, 298, 321, 272, 308, 165, 166, 155, 250, 248, 249, 323, 135, 312]
            + [425, 428, 429, 430, 431, 432, 433, 438, 440, 442],
        0x4000_0000
    )
    #elseif arch(arm64)
    /// AUDIT_ARCH_AARCH64 and the same calls by aarch64's numbers.
    public static let native: (arch: UInt32, clone: UInt32, clone3: UInt32, refused: [UInt32], otherABIFrom: UInt32?)? = (
        0xC000_00B7, 220, 435,
        [122, 117, 270, 271, 241, 280, 97, 268, 40, 39, 41, 219, 217, 218, 282, 92, 272]
            + [425, 428, 429, 430, 431, 432, 433, 438, 440, 442],
        nil
    )
    #else
    /// No table for this architecture: the runner goes unfiltered (the filter is a layer, not the sandbox).
    public static let native: (arch: UInt32, clone: UInt32, clone3: UInt32, refused: [UInt32], otherABIFrom: UInt32?)? = nil
    #endif

    #if arch(x86_64)
    /// fork and vfork, which make a process without flags to read (aarch64 has only `clone`).
    public static let forks: [UInt32] = [57, 58]
    #else
    public static let forks: [UInt32] = []
    #endif

    /// CLONE_THREAD: a `clone` with it starts a thread of the same process.
    public static let threadFlag: UInt32 = 0x0001_0000

    /// `clone` flags that make namespaces (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER,
    /// NEWPID, NEWNET, NEWTIME).
    public static let namespaceFlags: UInt32 = 0x7E02_0080

    /// The filter program: classic BPF over `struct seccomp_data` (nr at offset 0, arch at 4,
    /// the first argument's low word at 16 on a little-endian machine).
    public static func program() -> [UInt64] {
        guard let native else { return [instruction(give, 0, 0, allow)] }
        // Instructions with jumps to labels, resolved once the layout is known.
        enum Target { case next, refuse, enosys, allowed, cloneCheck }
        var code: [(UInt16, Target, Target, UInt32)] = []
        code.append((load, .next, .next, 4))
        code.append((jumpIfEqual, .next, .refuse, native.arch))  // another ABI's call: refused
        code.append((load, .next, .next, 0))
        if let otherABI = native.otherABIFrom { code.append((jumpIfAtLeast, .refuse, .next, otherABI)) }
        code.append((jumpIfEqual, .enosys, .next, native.clone3))
        code.append((jumpIfEqual, .cloneCheck, .next, native.clone))
        for number in native.refused { code.append((jumpIfEqual, .refuse, .next, number)) }
        let labels: [Target: Int] = [
            .allowed: code.count, .cloneCheck: code.count + 1, .refuse: code.count + 4, .enosys: code.count + 5
        ]
        code.append((give, .next, .next, allow))
        code.append((load, .next, .next, 16))
        code.append((jumpIfAnyBits, .refuse, .next, namespaceFlags))
        code.append((give, .next, .next, allow))
        code.append((give, .next, .next, 0x0005_0000 | UInt32(EPERM)))
        code.append((give, .next, .next, 0x0005_0000 | UInt32(ENOSYS)))
        return code.enumerated().map { index, step in
            func offset(_ target: Target) -> UInt8 { target == .next ? 0 : UInt8(labels[target]! - index - 1) }
            return instruction(step.0, offset(step.1), offset(step.2), step.3)
        }
    }

    /// The second filter, for a process that runs a test or a benchmark: no new process (`fork`,
    /// `vfork`, `clone` without CLONE_THREAD fail with EPERM). A process the submission started
    /// would live beside the runner, beyond the grader's reach: a child that spins while the
    /// reference is timed slows the reference on the CPU they share, and its CPU time is not the
    /// runner's. Threads stay (a lesson may allow them); the grader stops the runner's whole
    /// process, threads and all, while the reference is timed (`BenchmarkSession.paused`).
    public static func noNewProcessesProgram() -> [UInt64] {
        guard let native else { return [instruction(give, 0, 0, allow)] }
        let refuse = 0x0005_0000 | UInt32(EPERM)
        var code: [UInt64] = [instruction(load, 0, 0, 4)]
        // Another ABI's call: the first filter refuses it already; refused here too, on its own.
        code.append(instruction(jumpIfEqual, 1, 0, native.arch))
        code.append(instruction(give, 0, 0, refuse))
        code.append(instruction(load, 0, 0, 0))
        // Each fork number jumps to the refusal at the end, past the rest of the forks and the
        // four instructions of the `clone` check.
        for (index, number) in forks.enumerated() {
            code.append(instruction(jumpIfEqual, UInt8(forks.count - index - 1 + 4), 0, number))
        }
        code.append(instruction(jumpIfEqual, 0, 2, native.clone))  // clone: read its flags; anything else is allowed
        code.append(instruction(load, 0, 0, 16))
        code.append(instruction(jumpIfAnyBits, 0, 1, threadFlag))
        code.append(instruction(give, 0, 0, allow))
        code.append(instruction(give, 0, 0, refuse))
        return code
    }

    private static let load: UInt16 = 0x20, jumpIfEqual: UInt16 = 0x15, jumpIfAtLeast: UInt16 = 0x35
    private static let jumpIfAnyBits: UInt16 = 0x45, give: UInt16 = 0x06
    private static let allow: UInt32 = 0x7FFF_0000

    private static func instruction(_ code: UInt16, _ jt: UInt8, _ jf: UInt8, _ k: UInt32) -> UInt64 {
        UInt64(code) | UInt64(jt) << 16 | UInt64(jf) << 24 | UInt64(k) << 32
    }

    /// Installs `noNewProcessesProgram` on top of `program`; `false` when the kernel would not take it.
    public static func installNoNewProcesses() -> Bool {
        install(noNewProcessesProgram())
    }

    /// Installs the filter for this thread and every thread and process it starts; `false` when
    /// the kernel would not take it.
    public static func install() -> Bool {
        install(program())
    }

    private static func install(_ filter: [UInt64]) -> Bool {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        // prctl is variadic in C, so it is called through its address.
        guard let prctl = dlsym(dlopen(nil, RTLD_NOW), "prctl").map({ unsafeBitCast($0, to: Prctl.self) }) else { return false }
        guard prctl(38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0) == 0 else { return false }
        return filter.withUnsafeBufferPointer { instructions in
            // struct sock_fprog: the count, padded to 8 bytes, then the instructions' address.
            var header: [UInt64] = [UInt64(instructions.count), UInt64(UInt(bitPattern: instructions.baseAddress))]
            return header.withUnsafeMutableBufferPointer { fprog in
                prctl(22 /* PR_SET_SECCOMP */, 2 /* SECCOMP_MODE_FILTER */, UInt(bitPattern: fprog.baseAddress), 0, 0) == 0
            }
        }
    }
}
