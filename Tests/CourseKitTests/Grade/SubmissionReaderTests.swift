@testable import CourseGrading
@testable import CourseToolchain
import Foundation
@testable import HandinRules
import XCTest

/// Archives at intake: bombs (declared honestly, and with headers that lie), too many entries and
/// odd names, all read without writing anything to disk.
final class SubmissionReaderTests: XCTestCase {
    /// Writes archives with Python, which writes whatever sizes and names it is told to.
    private func python(_ script: String, _ arguments: [String]) throws {
        let python = try XCTUnwrap(ProcessRunner.which("python3"), "python3 makes the test archives")
        let made = try ProcessRunner.run(python, ["-c", script] + arguments, timeout: 300)
        XCTAssertEqual(made.status, 0, made.output)
    }

    /// A zip of one deflated entry of `bytes` zeros; with `declared`, both its local header and
    /// the central directory claim that size instead.
    private func zipBomb(_ url: URL, entry: String, bytes: Int, declared: Int? = nil) throws {
        try python(
            """
            import struct, sys, zipfile
            path, entry, real, declared = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
                with z.open(entry, "w", force_zip64=False) as f:
                    chunk = bytes(1 << 20)
                    for _ in range(real >> 20): f.write(chunk)
            if declared >= 0:
                data = bytearray(open(path, "rb").read())
                central = struct.unpack_from("<I", data, data.rfind(b"PK\\x05\\x06") + 16)[0]
                struct.pack_into("<I", data, 22, declared)            # local header: uncompressed size
                struct.pack_into("<I", data, central + 24, declared)  # central directory: the same
                open(path, "wb").write(data)
            """, [url.path, entry, String(bytes), String(declared ?? -1)])
    }

    /// A `.tar.gz` whose first entry is `bytes` zeros, followed by a small Swift file.
    private func tarBomb(_ url: URL, entry: String, bytes: Int) throws {
        try python(
            """
            import io, sys, tarfile
            class Zeros(io.RawIOBase):
                def __init__(self, n): self.n = n
                def readable(self): return True
                def readinto(self, b):
                    k = min(len(b), self.n); b[:k] = bytes(k); self.n -= k; return k
            with tarfile.open(sys.argv[1], "w:gz", compresslevel=1) as t:
                info = tarfile.TarInfo(sys.argv[2]); info.size = int(sys.argv[3])
                t.addfile(info, io.BufferedReader(Zeros(info.size), 1 << 20))
                small = b"let x = 1\\n"
                info = tarfile.TarInfo("Sources/A/Small.swift"); info.size = len(small); t.addfile(info, io.BytesIO(small))
            """, [url.path, entry, String(bytes)])
    }

    /// An archive (`zip` or `gz`, by the name's suffix) of the given files (path → text).
    private func archive(_ url: URL, _ files: [(String, String)]) throws {
        let script = """
            import io, json, sys, tarfile, zipfile
            path, files = sys.argv[1], json.loads(sys.argv[2])
            if path.endswith(".zip"):
                with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
                    for name, text in files: z.writestr(name, text)
            else:
                with tarfile.open(path, "w:gz") as t:
                    for name, text in files:
                        data = text.encode(); info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
            """
        let json = String(decoding: try JSONSerialization.data(withJSONObject: files.map { [$0.0, $0.1] }), as: UTF8.self)
        try python(script, [url.path, json])
    }

    /// Reads `url` with the temporary folder pointed at an empty folder of its own, and checks that
    /// nothing was written there, nor (beyond `slack`) to the disk and `/dev/shm` of the host.
    private func readWithoutTouchingDisk(_ url: URL, slack: Int = 256 << 20) throws -> Result<Submission, Error> {
        let quarantine = try TestSupport.temporaryFolder(self).appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: quarantine, withIntermediateDirectories: true)
        let hostTemporary = FileManager.default.temporaryDirectory.path
        let (diskBefore, shmBefore) = (try usedBytes(hostTemporary), try usedBytes("/dev/shm"))
        let previous = ProcessInfo.processInfo.environment["TMPDIR"]
        setenv("TMPDIR", quarantine.path, 1)
        defer { if let previous { setenv("TMPDIR", previous, 1) } else { unsetenv("TMPDIR") } }
        XCTAssertEqual(FileManager.default.temporaryDirectory.standardizedFileURL.path, quarantine.standardizedFileURL.path)
        let result = Result { try SubmissionReader().read(url) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: quarantine.path), [], "the reader wrote to the temporary folder")
        XCTAssertLessThan(try usedBytes(hostTemporary) - diskBefore, slack, "the host's disk filled while reading \(url.lastPathComponent)")
        XCTAssertLessThan(try usedBytes("/dev/shm") - shmBefore, slack, "the host's /dev/shm filled while reading \(url.lastPathComponent)")
        return result
    }

    /// Bytes in use on the file system holding `path` (`statvfs`).
    private func usedBytes(_ path: String) throws -> Int {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { throw CocoaError(.fileReadUnknown) }
        return Int(stats.f_blocks - stats.f_bfree) * Int(stats.f_frsize)
    }

    /// The message of the `SubmissionError` that `result` failed with.
    private func message(_ result: Result<Submission, Error>, file: StaticString = #filePath, line: UInt = #line) -> String {
        guard case .failure(let error) = result else { XCTFail("the archive was accepted", file: file, line: line); return "" }
        guard let error = error as? SubmissionError else { XCTFail("not a SubmissionError: \(error)", file: file, line: line); return "" }
        return error.message
    }

    func testZipBombDeclaredHonestlyIsRefusedFromItsListing() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let swift = folder.appendingPathComponent("swift.zip"), data = folder.appendingPathComponent("data.zip")
        try zipBomb(swift, entry: "Sources/A/Big.swift", bytes: 1 << 30)
        try zipBomb(data, entry: "Sources/A/zeros.bin", bytes: 1 << 30)
        XCTAssertLessThan(try XCTUnwrap(FileManager.default.attributesOfItem(atPath: swift.path)[.size] as? Int), 8 << 20)
        let started = Date()
        XCTAssertEqual(message(try readWithoutTouchingDisk(swift)), "swift.zip: 'Sources/A/Big.swift' is larger than 1024 KB")
        XCTAssertEqual(
            message(try readWithoutTouchingDisk(data)),
            "data.zip expands to more than 32 MB; hand in only your source files (leave out .build)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "refused from the listing, without inflating 1 GiB")
    }

    func testZipWhoseHeadersLieIsCutAtTheFileLimit() throws {
        let liar = try TestSupport.temporaryFolder(self).appendingPathComponent("liar.zip")
        try zipBomb(liar, entry: "Sources/A/Big.swift", bytes: 1 << 30, declared: 100)
        let listed = try SubmissionArchive(url: liar, format: .zip).list { _ in }
        XCTAssertEqual(listed, [ArchiveEntry(path: "Sources/A/Big.swift", kind: .file, declaredBytes: 100)], "the listing believes the lie")
        let started = Date()
        XCTAssertEqual(message(try readWithoutTouchingDisk(liar)), "liar.zip: 'Sources/A/Big.swift' is larger than 1024 KB")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "unzip was stopped at the limit, not left to inflate 1 GiB")
    }

    func testTarGzipBombIsRefusedFromItsListing() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let swift = folder.appendingPathComponent("swift.tar.gz"), data = folder.appendingPathComponent("data.tgz")
        try tarBomb(swift, entry: "Sources/A/Big.swift", bytes: 1 << 30)
        try tarBomb(data, entry: "zeros.bin", bytes: 1 << 30)
        let started = Date()
        XCTAssertEqual(message(try readWithoutTouchingDisk(swift)), "swift.tar.gz: 'Sources/A/Big.swift' is larger than 1024 KB")
        XCTAssertEqual(
            message(try readWithoutTouchingDisk(data)),
            "data.tgz expands to more than 32 MB; hand in only your source files (leave out .build)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "tar was stopped at the first header, not left to skip 1 GiB")
    }

    func testStreamedFilesStopAtTheirLimitWhateverTheListingSaid() throws {
        let tarball = try TestSupport.temporaryFolder(self).appendingPathComponent("big.tar.gz")
        try tarBomb(tarball, entry: "Sources/A/Big.swift", bytes: 8 << 20)
        let archive = SubmissionArchive(url: tarball, format: .tarGzip)
        let listed = try archive.list { _ in }
        XCTAssertEqual(listed.map(\.declaredBytes), [8 << 20, 10])
        let small = listed[1]
        XCTAssertEqual(try archive.contents(of: [small], fileLimit: 1 << 20, totalLimit: 1 << 20), ["Sources/A/Small.swift": Data("let x = 1\n".utf8)])
        XCTAssertEqual(try archive.contents(of: listed, fileLimit: 8 << 20, totalLimit: 9 << 20)["Sources/A/Big.swift"]?.count, 8 << 20)
        // Entries whose sizes understate what tar gives: the read stops at the sum, not at 8 MiB.
        var lying = listed[0]
        lying.declaredBytes = 100
        XCTAssertThrowsError(try archive.contents(of: [lying, small], fileLimit: 1 << 20, totalLimit: 1 << 20)) { error in
            XCTAssertEqual((error as? SubmissionError)?.message, "big.tar.gz could not be read: its files do not hold the sizes its headers declare")
        }
        XCTAssertThrowsError(try archive.contents(of: listed, fileLimit: 1 << 20, totalLimit: 32 << 20)) { error in
            XCTAssertEqual((error as? SubmissionError)?.message, "big.tar.gz: 'Sources/A/Big.swift' is larger than 1024 KB")
        }
    }

    func testZipFilesThatLieTogetherStopAtTheTotalLimit() throws {
        // Three entries that each claim 10 bytes and give 600 KiB: each is under the file limit,
        // together over a total limit of 1 MiB.
        let zip = try TestSupport.temporaryFolder(self).appendingPathComponent("three.zip")
        try python(
            """
            import struct, sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                for name in ["A.swift", "B.swift", "C.swift"]: z.writestr(name, "//" * (300 << 10))
            data = bytearray(open(sys.argv[1], "rb").read())
            at = 0
            while (at := data.find(b"PK\\x01\\x02", at)) >= 0: struct.pack_into("<I", data, at + 24, 10); at += 4
            open(sys.argv[1], "wb").write(data)
            """, [zip.path])
        let archive = SubmissionArchive(url: zip, format: .zip)
        let listed = try archive.list { _ in }
        XCTAssertEqual(listed.map(\.declaredBytes), [10, 10, 10])
        XCTAssertThrowsError(try archive.contents(of: listed, fileLimit: 1 << 20, totalLimit: 1 << 20)) { error in
            XCTAssertEqual((error as? SubmissionError)?.message, "three.zip: the Swift files exceed 1 MB")
        }
        XCTAssertEqual(try archive.contents(of: listed, fileLimit: 1 << 20, totalLimit: 2 << 20).count, 3)
    }

    func testTooManyEntriesAreRefused() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let many = (0...2000).map { ("f\($0).txt", "") }
        for name in ["many.zip", "many.tar.gz"] {
            let url = folder.appendingPathComponent(name)
            try archive(url, many)
            XCTAssertEqual(message(try readWithoutTouchingDisk(url)), "\(name) holds more than 2000 entries; hand in only your exercise files")
        }
        let enough = folder.appendingPathComponent("enough.zip")
        try archive(enough, Array(many.dropLast()))
        XCTAssertEqual(try SubmissionReader().read(enough).files, [:], "2000 entries, none of them Swift")
    }

    func testSwiftFilesAreReadIntoMemoryWithTheirOwnNames() throws {
        let folder = try TestSupport.temporaryFolder(self)
        // Names that unzip would take for wildcards or an option, a space, a folder that is skipped.
        let files = [
            ("exercises/Sources/A/Step.swift", "let a = 1\n"), ("exercises/Sources/A/[b]*?.swift", "let b = 2\n"),
            ("-x.swift", "let c = 3\n"), ("Sources/A/with space.swift", "let d = 4\n"),
            ("Sources/A/Step.swift.orig", "not read"), (".build/checkouts/Other.swift", "not read"),
            ("Sources/A/Ünïcode.swift", "let e = \"é\"\n")
        ]
        for name in ["student.zip", "student.tar.gz"] {
            let url = folder.appendingPathComponent(name)
            try archive(url, files)
            let read = try readWithoutTouchingDisk(url).get()
            XCTAssertEqual(read.name, "student")
            XCTAssertEqual(
                read.files,
                [
                    "exercises/Sources/A/Step.swift": "let a = 1\n", "exercises/Sources/A/[b]*?.swift": "let b = 2\n",
                    "-x.swift": "let c = 3\n", "Sources/A/with space.swift": "let d = 4\n",
                    "Sources/A/Ünïcode.swift": "let e = \"é\"\n"
                ], name)
        }
    }

    /// A folder whose names are not UTF-8 (Latin-1 from an old archiver) is read by its bytes:
    /// its Swift files are graded, shown with U+FFFD, and other files are left alone; macOS's
    /// resource-fork shadows (`._Step.swift`) are not Swift files (a red team's, round 25).
    func testFolderNamesThatAreNotUTF8AreReadAndResourceForksSkipped() throws {
        let folder = try TestSupport.temporaryFolder(self)
        var bytes = Array(folder.path.utf8) + [UInt8(ascii: "/"), 0xDC] + Array("bung".utf8)
        XCTAssertEqual((bytes + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) } }, 0)
        bytes += Array("/Step.swift".utf8)
        let made = (bytes + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
        XCTAssertGreaterThanOrEqual(made, 0)
        _ = "let a = 1\n".withCString { write(made, $0, 10) }
        close(made)
        let resume = Array(folder.path.utf8) + Array("/r".utf8) + [0xE9] + Array("sum.txt".utf8) + [0]
        close(resume.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } })
        try Data([0x00, 0x05, 0x16, 0x07]).write(to: folder.appendingPathComponent("._Step.swift"))
        let read = try SubmissionReader().read(folder)
        XCTAssertEqual(read.files, ["\u{FFFD}bung/Step.swift": "let a = 1\n"])
    }

    func testDuplicateEncryptedAndNonUTF8EntriesAreRefused() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let twice = folder.appendingPathComponent("twice.tar.gz")
        try archive(twice, [("Sources/A/Step.swift", "let a = 1\n"), ("Sources/A/Step.swift", "let a = 2\n")])
        XCTAssertEqual(
            message(Result { try SubmissionReader().read(twice) }),
            "twice.tar.gz: entry 'Sources/A/Step.swift' appears twice; hand in one copy of each file")
        let latin = folder.appendingPathComponent("latin.zip")
        try python("import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('A.swift', b'// \\xe9\\xff\\n')", [latin.path])
        XCTAssertEqual(message(Result { try SubmissionReader().read(latin) }), "'A.swift' is not UTF-8 text; save it as UTF-8 and hand it in again")
        // A NUL byte is valid UTF-8 but no Swift source; the parser reads one in a comment as part of it.
        let nul = folder.appendingPathComponent("nul")
        try FileManager.default.createDirectory(at: nul.appendingPathComponent("Sources/A"), withIntermediateDirectories: true)
        try Data("let a = 1 //\u{0}hidden\n".utf8).write(to: nul.appendingPathComponent("Sources/A/Step.swift"))
        XCTAssertEqual(
            message(Result { try SubmissionReader().read(nul) }),
            "'Sources/A/Step.swift' contains a NUL byte, which is not Swift source; save it as plain text and hand it in again")
        // An encrypted entry: zip can write one (Python's zipfile cannot).
        let zip = try XCTUnwrap(ProcessRunner.which("zip"), "zip (installed by scripts/bootstrap) writes encrypted entries")
        let plain = folder.appendingPathComponent("A.swift")
        try "let a = 1\n".write(to: plain, atomically: true, encoding: .utf8)
        let locked = folder.appendingPathComponent("locked.zip")
        let made = try ProcessRunner.run(zip, ["-q", "-j", "-P", "secret", locked.path, plain.path])
        XCTAssertEqual(made.status, 0, made.output)
        XCTAssertEqual(
            message(Result { try SubmissionReader().read(locked) }),
            "locked.zip: 'A.swift' is encrypted; hand in an archive without a password")
    }

    /// Two entries graded under one path are refused, not merged (a red team's `./X` and `X`, or
    /// names in NFC and NFD, graded whichever came last).
    func testEntriesGradedUnderOnePathAreRefused() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let dotted = folder.appendingPathComponent("dotted.zip")
        try archive(dotted, [("Sources/A/Step.swift", "let a = 1\n"), ("./Sources/A/Step.swift", "let a = 2\n")])
        XCTAssertEqual(
            message(Result { try SubmissionReader().read(dotted) }),
            "dotted.zip: entry './Sources/A/Step.swift' appears twice; hand in one copy of each file")
        let nfc = "Sources/A/\u{E9}t\u{E9}.swift", nfd = "Sources/A/e\u{301}te\u{301}.swift"
        let named = folder.appendingPathComponent("named")
        for (name, text) in [(nfc, "let a = 1\n"), (nfd, "let a = 2\n")] {
            let file = named.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            XCTAssertTrue(FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8)), "the file system keeps both names")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: named.appendingPathComponent("Sources/A").path).count, 2)
        XCTAssertTrue(message(Result { try SubmissionReader().read(named) }).hasSuffix("appears twice (names that differ only in how their letters are encoded); keep one copy"))
    }

    /// Windows PowerShell 5's `Compress-Archive` writes `\` between folders (the entries' host is
    /// FAT). Read literally, `exercises\Sources\A\Step.swift` matched no exercise and the student's
    /// work was graded as stubs.
    func testBackslashesInArchiveNamesSeparateFolders() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let windows = folder.appendingPathComponent("windows.zip")
        try python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                for name, text in [("exercises\\\\Sources\\\\A\\\\Step.swift", "let a = 1\\n"),
                                   (".build\\\\checkouts\\\\Other.swift", "not read")]:
                    info = zipfile.ZipInfo(name); info.create_system = 0; z.writestr(info, text)
            """, [windows.path])
        XCTAssertEqual(try readWithoutTouchingDisk(windows).get().files, ["exercises/Sources/A/Step.swift": "let a = 1\n"])
        for name in ["mixed.zip", "mixed.tar.gz"] {
            let mixed = folder.appendingPathComponent(name)
            try archive(mixed, [("Sources/A/Step.swift", "let a = 1\n"), ("Sources\\A\\Step.swift", "let a = 2\n")])
            XCTAssertEqual(
                message(Result { try SubmissionReader().read(mixed) }),
                "\(name): entry 'Sources\\A\\Step.swift' appears twice; hand in one copy of each file")
        }
        let outside = folder.appendingPathComponent("outside.zip")
        try archive(outside, [("Sources\\..\\..\\Step.swift", "let a = 1\n")])
        XCTAssertEqual(message(Result { try SubmissionReader().read(outside) }), "outside.zip: entry 'Sources\\..\\..\\Step.swift' points outside the archive")
    }

    func testBrokenArchivesAreNamedAndEmptyOnesHoldNothing() throws {
        let folder = try TestSupport.temporaryFolder(self)
        for (name, kind) in [("broken.zip", "zip"), ("broken.tar.gz", "tar.gz")] {
            let url = folder.appendingPathComponent(name)
            try Data("not an archive".utf8).write(to: url)
            let said = message(Result { try SubmissionReader().read(url) })
            XCTAssertTrue(said.hasPrefix("\(name) is not a readable \(kind) archive ("), said)
        }
        let empty = folder.appendingPathComponent("empty.zip")
        try archive(empty, [])
        XCTAssertEqual(try SubmissionReader().read(empty).files, [:])
    }

    func testGradeCommandExitsWithStatusTwoForAnArchiveBomb() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let liar = folder.appendingPathComponent("liar.zip")
        try zipBomb(liar, entry: "exercises/Sources/A/Step.swift", bytes: 64 << 20, declared: 100)
        let outcome = try TestSupport.runCourse(["grade", liar.path], in: folder)
        XCTAssertEqual(outcome.status, 2, outcome.output)
        XCTAssertTrue(
            outcome.output.contains("could not grade: liar.zip: 'exercises/Sources/A/Step.swift' is larger than 1024 KB"),
            outcome.output)
    }
}
