import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking  // URLSession on Linux
#endif
import XCTest
@testable import CourseToolchain

/// `course serve` (on a free port unless told one) running on a course, for the tests: started, its address read from
/// the line it prints, and stopped with Ctrl-C (SIGINT), or killed if that does not end it.
/// Call `stop()` in a `defer` right after creating it, so no server outlives a failing test.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let output = OutputBuffer(limit: 1 << 20)
    /// `http://127.0.0.1:PORT/`.
    private(set) var url: URL!

    init(root: URL, port: Int = 0, arguments: [String] = []) throws {
        process.executableURL = TestSupport.courseExecutable
        process.arguments = ["serve", "--port", String(port), "--root", root.path] + arguments
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { output.append(data) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if let match = text.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+\/)/) {
                url = URL(string: String(match.1))
                return
            }
            usleep(20_000)
        }
        stop()
        throw CourseError.toolFailed("course serve did not start: \(text)")
    }

    /// Everything it printed so far (stdout and stderr).
    var text: String { output.text }

    /// Sends Ctrl-C and returns the exit status; kills it when it has not ended within 10 s.
    @discardableResult
    func stop() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        return process.terminationStatus
    }

    /// GETs `path` from the server: status and body.
    func get(_ path: String) throws -> (status: Int, body: String) {
        let done = DispatchSemaphore(value: 0)
        let box = ResponseBox()
        let request = URLRequest(url: URL(string: path, relativeTo: url)!, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 30)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.result = (response as? HTTPURLResponse)?.statusCode ?? -1
            box.body = data.map { String(decoding: $0, as: UTF8.self) } ?? String(describing: error)
            done.signal()
        }.resume()
        done.wait()
        return (box.result, box.body)
    }
}

private final class ResponseBox: @unchecked Sendable {
    var result = -1
    var body = ""
}
