extension HarnessSource {
    /// The runner's entry point. Run plainly it is an XCTest runner (`runner Module.Class/test`).
    /// Run as `runner --serve TIMEOUT` inside a sandbox it is the grader's test server:
    /// it reads `run INDEX TEST` lines on stdin and runs each test in a process forked
    /// from itself, which records its observations into a pipe the server reads, so a test costs a fork instead of starting a process that loads Swift,
    /// Foundation and XCTest (about 12 ms). After each test it kills every other process in the
    /// sandbox and empties the scratch folders before answering `done INDEX STATUS SIGNAL
    /// TIMEDOUT CLEAN OUTPUT-BYTES TRANSCRIPT-BYTES` followed by those bytes, so no test sees what
    /// an earlier one left behind, and no test can write to the grader's disk.
    ///
    /// The server holds no secret: a test's transcript is judged outside (see `Judge`). It makes
    /// itself non-dumpable all the same, so a test (same user) can neither read its memory nor
    /// open its stdin through `/proc`; it can only kill it, which the grader notices and answers
    /// by starting a fresh server.
    ///
    /// The server must stay single-threaded: a process forked from a threaded one can deadlock on
    /// a lock another thread held. (Running a rehearsal XCTestCase in it starts threads, and the
    /// forked tests then hung; `rehearse()` only warms single-threaded paths.)
    static let testServer = HarnessFile.text(PackageResources.TestServer_swift)
    /// `SyscallFilter`, which the test server and the bench runners install first.
    package static let syscallFilter = HarnessFile.text(PackageResources.SyscallFilter_swift)
}
