#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import XCTest

public enum TestServer {
    public static func main(_ tests: [XCTestCaseEntry]) -> Never {
        let arguments = CommandLine.arguments
        guard SyscallFilter.install() else {
            if arguments.count == 3, arguments[1] == "--serve" { answer("error: cannot filter system calls") }
            fputs("error: cannot filter system calls\n", stderr)
            exit(2)
        }
        if arguments.count == 3, arguments[1] == "--serve", let timeout = Int(arguments[2]) {
            serve(tests, timeout: timeout)
        }
        guard SyscallFilter.installNoNewProcesses() else {
            fputs("error: cannot filter system calls\n", stderr)
            exit(2)
        }
        Observe.start(path: getenv("COURSE_OBSERVATIONS").map { String(cString: $0) })
        XCTMain(tests)
    }

    private static func serve(_ tests: [XCTestCaseEntry], timeout: Int) -> Never {
        // In a pid namespace of its own (bwrap: the namespace's init is 1, this is 2),
        // `kill(-1)` reaches exactly the processes a test left behind.
        let isolated = getpid() == 2 && getppid() == 1
        guard isolated else { answer("error: --serve runs only as the sandbox's first process"); exit(2) }
        guard let prctl = dlsym(dlopen(nil, RTLD_NOW), "prctl").map({ unsafeBitCast($0, to: Prctl.self) }),
            prctl(4 /* PR_SET_DUMPABLE */, 0, 0, 0, 0) == 0
        else { answer("error: cannot protect the server"); exit(2) }
        var childSignal = sigset_t()
        sigemptyset(&childSignal)
        sigaddset(&childSignal, SIGCHLD)
        sigprocmask(SIG_BLOCK, &childSignal, nil)
        rehearse()
        answer("ready")
        while let line = readLine(strippingNewline: true) {
            let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard fields.count == 3, fields[0] == "run", let index = Int(fields[1]) else { answer("error: bad command"); continue }
            var output: [Int32] = [-1, -1], record: [Int32] = [-1, -1]
            guard pipe(&output) == 0, pipe(&record) == 0 else { answer("error: no pipe"); exit(3) }
            fflush(stdout)
            let child = fork()
            if child == 0 {
                close(output[0])
                close(record[0])
                sigprocmask(SIG_UNBLOCK, &childSignal, nil)
                runTest(fields[2], output: output[1], record: record[1], tests: tests)
            }
            close(output[1])
            close(record[1])
            var streams = [Printed(fd: output[0], limit: 1 << 16), Printed(fd: record[0], limit: 16 << 20)]
            let (status, signal, timedOut) = wait(for: child, seconds: timeout, streams: &streams, signals: &childSignal)
            for i in streams.indices { streams[i].finish() }
            let clean = killLeftovers() && empty("/scratch") && empty("/tmp") && empty("/dev/shm")
            let (printed, recorded) = (streams[0].kept + streams[0].note, streams[1].kept)
            answer("done \(index) \(status) \(signal) \(timedOut ? 1 : 0) \(clean ? 1 : 0) \(printed.count) \(recorded.count)")
            send(printed)
            send(recorded)
            if !clean { exit(3) }
        }
        exit(0)
    }

    /// Does once, in the server, the work every test's recording repeats (the runtime's
    /// conformance lookups), so that the processes forked from it start with that work done.
    private static func rehearse() {
        _ = Observe.encode([0.5])
        _ = Observe.encode(1)
        _ = Observe.encode("s")
    }

    /// In the forked child: output and observations into the server's pipes, one test.
    private static func runTest(_ name: String, output: Int32, record: Int32, tests: [XCTestCaseEntry]) -> Never {
        // The server forks; a test may not (`SyscallFilter.noNewProcessesProgram`).
        guard SyscallFilter.installNoNewProcesses() else { _exit(121) }
        let nothing = open("/dev/null", O_RDONLY)
        guard nothing >= 0 else { _exit(120) }
        dup2(nothing, 0)
        dup2(output, 1)
        dup2(output, 2)
        close(output)
        close(nothing)
        Observe.start(fd: record)
        XCTMain(tests, arguments: [CommandLine.arguments[0], name], observers: [FailureLine()])
    }

    /// Prints what XCTest itself records as a failure: assertions are rewritten into records, so
    /// that is an error thrown out of a `throws` test (`caught error: "unknownToken(\"p\")"`),
    /// which then reaches the student's feedback with the test's output.
    final class FailureLine: XCTestObservation {
        func testCase(_ testCase: XCTestCase, didFailWithDescription description: String, inFile filePath: String?, atLine lineNumber: Int) {
            print(description)
        }
    }

    /// What a test writes to a pipe (its output, or its observations): the first `limit`
    /// bytes are kept, the rest is read and counted, so that writing much costs the test
    /// nothing but time.
    struct Printed {
        let fd: Int32
        let limit: Int
        var kept: [UInt8] = []
        var dropped = 0
        var ended = false

        init(fd: Int32, limit: Int) {
            self.fd = fd
            self.limit = limit
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }

        /// A line saying how much was dropped, if anything was.
        var note: [UInt8] { dropped > 0 ? Array("\n[… \(dropped) more bytes of output not kept]\n".utf8) : [] }

        /// Reads what is there now.
        mutating func drain() {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while !ended {
                let count = read(fd, &buffer, buffer.count)
                if count == 0 { ended = true }
                if count <= 0 { return }
                let room = max(0, limit - kept.count)
                kept += buffer[..<min(count, room)]
                dropped += max(0, count - room)
            }
        }

        /// Reads what is left and closes the pipe.
        mutating func finish() {
            drain()
            close(fd)
        }
    }

    /// Exit status, signal (0 when none) and whether the test ran out of time. Reads the test's
    /// output meanwhile, so a test that prints much never blocks on a full pipe.
    private static func wait(for child: pid_t, seconds: Int, streams: inout [Printed], signals: inout sigset_t) -> (Int32, Int32, Bool) {
        var status: Int32 = 0
        guard child > 0 else { return (121, 0, false) }
        let deadline = now() + Double(seconds)
        while waitpid(child, &status, WNOHANG) == 0 {
            let left = deadline - now()
            if left <= 0 {
                kill(child, SIGKILL)
                waitpid(child, &status, 0)
                return (0, SIGKILL, true)
            }
            if streams.allSatisfy(\.ended) {
                var pause = timespec(tv_sec: Int(left), tv_nsec: Int((left - left.rounded(.down)) * 1e9))
                _ = sigtimedwait(&signals, nil, &pause)
            } else {
                // Short slices: the test may exit while something it started keeps a pipe open.
                var probes = streams.filter { !$0.ended }.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
                _ = poll(&probes, nfds_t(probes.count), Int32(min(left, 0.02) * 1000) + 1)
                for i in streams.indices { streams[i].drain() }
            }
        }
        let signal = status & 0x7f
        return signal == 0 ? ((status >> 8) & 0xff, 0, false) : (0, signal, false)
    }

    /// Kills whatever a test started and reaps it; `false` if something survives a second.
    private static func killLeftovers() -> Bool {
        for _ in 0..<1000 {
            if kill(-1, SIGKILL) != 0 { return true }
            while waitpid(-1, nil, WNOHANG) > 0 {}
            usleep(1000)
        }
        return false
    }

    /// Removes what a test wrote to a scratch folder; `false` when something cannot be removed.
    private static func empty(_ folder: String) -> Bool {
        guard let directory = opendir(folder) else { return true }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(directory)
        return names.allSatisfy { name in
            let path = "\(folder)/\(name)"
            var info = stat()
            if lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
                chmod(path, 0o700)
                return empty(path) && rmdir(path) == 0
            }
            return unlink(path) == 0
        }
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Writes all of `bytes` to the grader.
    private static func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { exit(3) }
            offset += written
        }
    }

    private static func answer(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    /// `prctl`, which Swift does not import because it is variadic in C.
    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
}
