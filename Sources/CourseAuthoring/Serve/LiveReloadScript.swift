import CourseToolchain
import Foundation

/// The script `course serve` adds to every HTML page it serves (never to `course build`'s
/// files): it long-polls `/__course/events` and reloads the page when a build succeeds, or shows
/// the failed build's diagnostics over the page, which stays the last good one.
///
/// Long polling, not Server-Sent Events: one plain request that the server answers when the
/// next build is done (or after 10 s, and the page asks again), so the server needs no
/// streaming response and a closed connection costs nothing.
enum LiveReloadScript {
    static let eventsPath = "/__course/events"
    /// The overlay's element id (the tests look for it).
    static let overlayID = "course-serve-diagnostics"

    /// `html` with the script before `</body>` (or at the end when there is none).
    static func inject(into html: String, status: LiveBuildStatus.Snapshot, serverID: String) -> String {
        // A page served while the last build failed asks for that build at once, so it shows the overlay too.
        let since = status.succeeded ? status.build : status.build - 1
        let script =
            "<script id=\"course-serve\">" + source.replacingOccurrences(of: "SINCE", with: String(since)).replacingOccurrences(of: "SERVER", with: serverID) + "</script>\n"
        guard let end = html.range(of: "</body>", options: .backwards) else { return html + script }
        return html.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: script)
    }

    /// The answer to `/__course/events`: the latest build, as JSON.
    static func event(_ status: LiveBuildStatus.Snapshot, serverID: String) -> Data {
        let object: [String: Any] = ["build": status.build, "ok": status.succeeded, "diagnostics": status.diagnostics, "server": serverID]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// A page for a path the last good build does not have (or no build has succeeded yet), with
    /// the script, so the overlay still shows why.
    static func missingPage(_ path: String, status: LiveBuildStatus.Snapshot, serverID: String) -> String {
        let html =
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built</title></head>"
            + "<body><main><h1>No page at \(HTMLEscaping.escape(path))</h1><p>The site has no such page (yet). "
            + "<a href=\"/index.html\">Index</a></p></main></body></html>\n"
        return inject(into: html, status: status, serverID: serverID)
    }

    static let source = #"""
        (function () {
          var since = SINCE, server = "SERVER";
          function overlay(text) {
            var box = document.getElementById("course-serve-diagnostics");
            if (!box) {
              box = document.createElement("pre");
              box.id = "course-serve-diagnostics";
              box.setAttribute("role", "alert");
              box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:1000;margin:0;" +
                "padding:1rem;background:#3b0d0d;color:#fff;font:0.85rem/1.4 ui-monospace,monospace;white-space:pre-wrap;border-top:3px solid #ff6b6b";
              document.body.appendChild(box);
            }
            box.textContent = "course serve: the build failed; this is the last page that built.\n\n" + text;
          }
          function poll() {
            fetch("/__course/events?since=" + since + "&server=" + server, { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
              if (s.server !== server) { location.reload(); return; }  // course serve was restarted
              if (s.build > since) {
                if (s.ok) { location.reload(); return; }
                overlay(s.diagnostics);
                since = s.build;
              }
              poll();
            }, function () { setTimeout(poll, 1000); });
          }
          poll();
        })();
        """#
}
