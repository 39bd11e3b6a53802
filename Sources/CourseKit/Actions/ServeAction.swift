import CourseAuthoring
import CourseGrading
import CourseToolchain
import Foundation

/// `course serve`: builds the site as `course build` does, serves it on 127.0.0.1, rebuilds when
/// a lesson or the support library changes, and has open pages reload (or show the failed
/// build's diagnostics over the last good page). Returns when interrupted (Ctrl-C).
public struct ServeAction {
    public var workspace: Workspace
    /// 0 takes a free port (the tests use it; the line printed at start says which).
    public var port: UInt16 = 3000
    public var instructorEdition = false
    public var report: (String) -> Void
    public var errorOutput: (String) -> Void
    /// How often the sources are looked at; also how long a burst of writes must be quiet before a build.
    var pollInterval: TimeInterval = 0.3

    public init(workspace: Workspace, report: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void) {
        self.workspace = workspace
        self.report = report
        self.errorOutput = errorOutput
    }

    public func perform() throws {
        let stop = StopFlag()
        let signals = Self.stopOnSignals(stop)
        defer { signals.forEach { $0.cancel() } }
        let status = LiveBuildStatus()
        let folder = FolderBox()
        let server = try SiteServer(folder: { folder.url }, port: port, status: status)
        let listening = try server.start(port: port)
        defer { server.stop() }

        let watcher = SourceWatcher(workspace: workspace)
        var seen = watcher.snapshot()
        build(status: status, folder: folder)
        report("serving http://127.0.0.1:\(listening)/ (rebuilt when lessons/ changes; Ctrl-C stops)\n")
        while !stop.isSet {
            Thread.sleep(forTimeInterval: pollInterval)
            var latest = watcher.snapshot()
            guard latest != seen else { continue }
            // An editor's save or a `git checkout` writes in bursts: build once nothing changed for one poll.
            while !stop.isSet {
                Thread.sleep(forTimeInterval: pollInterval)
                let next = watcher.snapshot()
                if next == latest { break }
                latest = next
            }
            seen = latest
            if !stop.isSet { build(status: status, folder: folder) }
        }
        report("stopped serving\n")
    }

    /// One build through `BuildAction`. A failure leaves the last good site where it is (the
    /// build writes nothing until everything has passed) and keeps its diagnostics for the pages.
    private func build(status: LiveBuildStatus, folder: FolderBox) {
        let started = Date()
        var diagnostics = ""
        var action = BuildAction(
            workspace: workspace, output: nil, report: report,
            errorOutput: { text in
                diagnostics += text; self.errorOutput(text)
            })
        action.instructorEdition = instructorEdition
        folder.url = action.siteFolder
        do {
            try action.perform()
            report(String(format: "built in %.2f s; open pages reload\n", Date().timeIntervalSince(started)))
            status.finish(succeeded: true, diagnostics: "")
            reportUntypesetMath()
        } catch {
            // The full message: a figure's failure spans lines (its compiler output).
            let message = (error as? LocalizedError)?.errorDescription ?? ErrorDescription.line(error)
            errorOutput("error: \(message)\n")
            status.finish(succeeded: false, diagnostics: diagnostics + "error: " + message + "\n")
        }
    }

    /// Formulas KaTeX cannot typeset, each at its line as `course check` reports them: the page
    /// shows KaTeX's red text, the terminal the place to fix. After the build, so that pages
    /// reload first; the build itself does not typeset (nor does `course build`).
    private func reportUntypesetMath() {
        guard MathTypesetCheck.unavailableReason == nil, let course = try? workspace.loadCourse(report: { _ in }) else { return }
        guard let untypeset = try? MathTypesetCheck.diagnostics(for: course.lessons), !untypeset.isEmpty else { return }
        let writer = DiagnosticWriter(sources: Dictionary(uniqueKeysWithValues: course.lessons.map { ($0.file, $0.source) }))
        errorOutput(writer.format(untypeset))
    }

    /// Ctrl-C and SIGTERM set `stop` instead of killing the process, so the server closes its socket.
    private static func stopOnSignals(_ stop: StopFlag) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.set() }
            source.resume()
            return source
        }
    }
}

/// The folder the server reads, set by the build loop.
private final class FolderBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = URL(fileURLWithPath: "/nonexistent")
    var url: URL {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); defer { lock.unlock() }; stored = newValue }
    }
}
