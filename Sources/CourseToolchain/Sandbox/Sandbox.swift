import Foundation

/// Runs a test process under bubblewrap: no network, its own pid namespace, a read-only view of
/// the system libraries only (not the course, the bundle or the grader's files), size-limited
/// in-memory `/scratch`, `/tmp` and `/dev/shm` (everything else read-only), and resource limits;
/// the whole tree dies with its parent.
public struct Sandbox: Sendable {
    /// Where the per-test results folder is mounted inside the sandbox.
    public static let resultsMount = "/results"
    static let runnerMount = "/grader/runner"

    public var bwrap: String
    /// Address-space limit; XCTest needs about 100 MiB to start.
    public var memoryBytes: Int = 2 << 30
    /// Largest file the test may write (`prlimit --fsize`; a larger write gets SIGXFSZ).
    public var fileBytes: Int = 16 << 20
    /// Size of the in-memory `/scratch` (the test's working and home folder); a write beyond it
    /// fails with ENOSPC. Each tmpfs is memory, so these bound what files can take from the host.
    public var scratchBytes: Int = 64 << 20
    /// Size of the in-memory `/tmp` (`TMPDIR`).
    public var tmpBytes: Int = 64 << 20
    /// Size of the sandbox's own `/dev/shm` (POSIX shared memory, `shm_open`); the host's
    /// `/dev/shm` is not visible inside.
    public var sharedMemoryBytes: Int = 64 << 20
    /// Open files.
    public var openFiles: Int = 256
    /// Processes and threads of the sandbox user (enforced when the grader runs as root and drops
    /// to `nobody`; the limit is not applied to root, and an ordinary user's count includes all
    /// their other processes).
    public var processes: Int = 128
    /// `setpriv`, when the grader runs as root: tests then run as `nobody`, not as root.
    var dropToNobody: String?
    /// The CPU every sandboxed process runs on (`taskset`), or `nil` for any: a batch worker's
    /// processes share one CPU, so a submission that starts threads slows only itself.
    public var cpu: Int?
    private var taskset: String?
    /// Whether `cpu` is honoured (`taskset` is installed).
    package var canPin: Bool { taskset != nil }

    /// A sandbox, or an error saying how to install bubblewrap.
    public init() throws {
        guard let bwrap = ProcessRunner.which("bwrap") else {
            throw CourseError.toolFailed("bubblewrap (bwrap) is not installed; run scripts/bootstrap, or grade with --no-sandbox on trusted code only")
        }
        self.bwrap = bwrap
        if getuid() == 0 { dropToNobody = ProcessRunner.which("setpriv") }
        taskset = ProcessRunner.which("taskset")
    }

    /// Makes `folder` writable for the sandbox user (it runs as `nobody` when the grader is root).
    public func prepareResults(_ folder: URL) {
        chmod(folder.path, 0o777)
    }

    /// A copy of `executable` that the sandbox user can reach: `nobody` cannot open a file below a
    /// folder only root may enter (a course cloned under /root, say). Remove the folder when done.
    public func stage(_ executable: URL) throws -> (executable: URL, folder: URL) {
        let folder = try Self.makeReachableFolder("course-runner")
        chmod(folder.path, 0o755)
        let copy = folder.appendingPathComponent(executable.lastPathComponent)
        try FileManager.default.copyItem(at: executable, to: copy)
        // Execute-only for others: the kernel runs it, but a test running as nobody cannot read
        // the compiled hidden tests (or, for benchmarks, the reference) out of it.
        chmod(copy.path, 0o711)
        return (copy, folder)
    }

    /// The folders a Swift test runner needs to start: the C and Swift runtime libraries. Found once
    /// per process (every test's command line needs them).
    static let systemFolders: [String] = {
        var folders = ["/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo"]
        // The Swift runtime next to the compiler (…/usr/bin/swiftc → …/usr/lib/swift/linux).
        if let swiftc = ProcessRunner.which("swiftc") {
            let resolved = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
            folders.append(resolved.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lib/swift/linux").path)
        }
        return folders.filter { FileManager.default.fileExists(atPath: $0) }
    }()

    /// The command line that runs `command` (whose first element is `runner`) inside the sandbox.
    /// Only `environment` reaches the test: the grader's own variables stay outside.
    /// `results`: a host folder the test may write to, mounted at `resultsMount` (`nil`: none; the
    /// test server passes everything back through its pipe instead).
    public func wrap(_ command: [String], runner: URL, results: URL?, environment: [String: String]) -> [String] {
        var arguments: [String] = []
        if let cpu, let taskset { arguments = [taskset, "--cpu-list", String(cpu)] }
        if let setpriv = dropToNobody { arguments += [setpriv, "--reuid", "65534", "--regid", "65534", "--clear-groups"] }
        arguments += [
            bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
            "--proc", "/proc", "--dev", "/dev",
            // `--size` applies to the `--tmpfs` after it (bubblewrap 0.8).
            "--size", String(sharedMemoryBytes), "--tmpfs", "/dev/shm",
            "--size", String(tmpBytes), "--tmpfs", "/tmp",
            "--size", String(scratchBytes), "--tmpfs", "/scratch", "--chdir", "/scratch",
            "--setenv", "HOME", "/scratch", "--setenv", "TMPDIR", "/tmp"
        ]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["--setenv", key, value] }
        for folder in Self.systemFolders { arguments += ["--ro-bind", folder, folder] }
        arguments += ["--ro-bind", runner.path, Self.runnerMount]
        if let results { arguments += ["--bind", results.path, Self.resultsMount] }
        arguments += ["--ro-bind", "/usr/bin/prlimit", "/usr/bin/prlimit"]
        // The root and /dev are tmpfs mounts without a size: read-only, so the only writable places
        // are the three sized ones above and the results folder (mounts below stay as they are).
        arguments += ["--remount-ro", "/dev", "--remount-ro", "/"]
        // prlimit inside the sandbox, so the limits bind the test and whatever it starts.
        var limits = ["prlimit", "--as=\(memoryBytes)", "--fsize=\(fileBytes)", "--nofile=\(openFiles)", "--core=0"]
        if dropToNobody != nil { limits.append("--nproc=\(processes)") }
        limits.append("--")
        return arguments + limits + [Self.runnerMount] + command.dropFirst()
    }
}
