import CourseGrading
import CourseToolchain
import FlyingFox
import FlyingSocks
import Foundation

/// Serves a built site folder on 127.0.0.1 for `course serve`, with the live-reload script in
/// every HTML page and `/__course/events` for it to wait on. The only file that imports
/// FlyingFox: the rest of `course serve` is synchronous, so this bridges to its async API.
package final class SiteServer: @unchecked Sendable {
    private let server: HTTPServer
    private var running: Task<Void, Never>?

    /// Listens on 127.0.0.1 only (a course in progress is not for the network); port 0 takes a free one.
    package init(folder: @escaping @Sendable () -> URL, port: UInt16, status: LiveBuildStatus) throws {
        // The connection timeout bounds a long poll too: events answer within 10 s, well under it.
        server = HTTPServer(
            address: try .inet(ip4: "127.0.0.1", port: port), timeout: 30, logger: .disabled,
            handler: SiteRequestHandler(folder: folder, status: status))
    }

    /// Starts listening and returns the port; throws one line when it cannot (port in use).
    package func start(port requested: UInt16) throws -> UInt16 {
        let failure = FailureBox()
        running = Task { [server] in
            do { try await server.run() } catch { failure.error = error }
        }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let error = failure.error {
                throw CourseError.toolFailed("cannot listen on 127.0.0.1:\(requested): \(Self.describe(error))")
            }
            if case .ip4(_, let port)? = Self.blocking({ [server] in await server.listeningAddress }) { return port }
            usleep(10_000)
        }
        throw CourseError.toolFailed("cannot listen on 127.0.0.1:\(requested): the server did not start within 10 s")
    }

    /// Closes the socket; requests in flight (a long poll) are cancelled after a second.
    package func stop() {
        Self.blocking { [server] in await server.stop(timeout: 1) }
        running?.cancel()
    }

    private static func describe(_ error: Error) -> String {
        if case .failed(_, let errno, let message)? = error as? SocketError {
            return errno == EADDRINUSE ? "the port is in use (try --port with another number)" : message
        }
        return ErrorDescription.line(error)
    }

    /// Runs async work from synchronous code and waits for its value.
    private static func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        let box = ValueBox<T>()
        Task {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

/// Answers one request: a file of the last good build, or the next build's event.
struct SiteRequestHandler: HTTPHandler {
    let folder: @Sendable () -> URL
    let status: LiveBuildStatus

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let headers: HTTPHeaders = [.cacheControl: "no-store"]
        if request.path == LiveReloadScript.eventsPath {
            let since = request.query.first { $0.name == "since" }.flatMap { Int($0.value) } ?? -1
            let sameServer = request.query.first { $0.name == "server" }?.value == status.serverID
            // Answer as soon as a build newer than the page's is done (at once to a page of an
            // earlier run, which reloads); else in 10 s, and the page asks again.
            let deadline = ContinuousClock.now + .seconds(10)
            while sameServer, status.snapshot.build <= since, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            var json = headers
            json[.contentType] = "application/json"
            return HTTPResponse(statusCode: .ok, headers: json, body: LiveReloadScript.event(status.snapshot, serverID: status.serverID))
        }
        guard request.method == .GET || request.method == .HEAD else { return HTTPResponse(statusCode: .methodNotAllowed) }
        var typed = headers
        guard let file = Self.file(for: request.path, in: folder()) else {
            typed[.contentType] = "text/html; charset=utf-8"
            return HTTPResponse(
                statusCode: .notFound, headers: typed,
                body: Data(LiveReloadScript.missingPage(request.path, status: status.snapshot, serverID: status.serverID).utf8))
        }
        typed[.contentType] = Self.contentType(file.pathExtension)
        var data = try Data(contentsOf: file)
        if file.pathExtension == "html" {
            data = Data(LiveReloadScript.inject(into: String(decoding: data, as: UTF8.self), status: status.snapshot, serverID: status.serverID).utf8)
        }
        return HTTPResponse(statusCode: .ok, headers: typed, body: data)
    }

    /// The file a request path names inside `folder` (a folder's `index.html`), or nil when there
    /// is none or the path tries to leave the folder.
    static func file(for path: String, in folder: URL) -> URL? {
        let parts = (path.removingPercentEncoding ?? path).split(separator: "/").map(String.init)
        guard !parts.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        var url = parts.reduce(folder) { $0.appendingPathComponent($1) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue {
            url = url.appendingPathComponent("index.html")
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        }
        return url
    }

    static func contentType(_ pathExtension: String) -> String {
        switch pathExtension {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "json": return "application/json"
        case "zip": return "application/zip"
        case "png": return "image/png"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "ttf": return "font/ttf"
        default: return "application/octet-stream"
        }
    }
}

/// Hands a value from a task to the thread waiting for it (the semaphore orders the accesses).
private final class ValueBox<T>: @unchecked Sendable {
    var value: T?
}

/// The error the server's task ended with, read by the thread starting it.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); defer { lock.unlock() }; stored = newValue }
    }
}
