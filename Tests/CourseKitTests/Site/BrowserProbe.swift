@testable import CourseToolchain
import Foundation
import XCTest

/// Measures built pages in headless Chromium as a reader gets them. A copy of the site gets two
/// scripts before `</body>`: axe-core 4.12 (from the PyPI package axe-playwright-python, installed by
/// `scripts/python-env scripts/requirements-site.txt`) and `probe.js`, which measures the page,
/// drives the search box, runs axe and leaves a JSON report in `<pre id="probe-result">`, read
/// back with `--dump-dom`. No WebDriver is needed, and it works from file:// like the site.
struct BrowserProbe {
    /// What the probe found on one page at one width and scheme.
    struct Report {
        var json: [String: Any]
        var pageOverflow: Int { json["pageOverflow"] as? Int ?? -1 }
        var dark: Bool { json["dark"] as? Bool ?? false }
        var cutSignatures: [String] { json["cutSignatures"] as? [String] ?? ["(not measured)"] }
        /// Whether `/` focused the search box and ArrowDown then reached the first result.
        var keyboardWorks: Bool { json["slashFocusesSearch"] as? Bool == true && json["arrowReachesFirstResult"] as? Bool == true }
        /// Serious and critical axe violations, as "rule: help (nodes)".
        var violations: [String] {
            guard let list = json["violations"] as? [[String: Any]] else { return ["axe did not run"] }
            return list.map { "\($0["id"] ?? ""): \($0["help"] ?? "") \($0["nodes"] ?? "")" }
        }
        func search(_ query: String) -> (results: Int, snippet: String, noResults: String) {
            let entry = (json["search"] as? [String: [String: Any]])?[query] ?? [:]
            return (entry["results"] as? Int ?? 0, entry["snippet"] as? String ?? "", entry["noResults"] as? String ?? "")
        }
    }

    static let queries = ["λ", "lambda", "qqqzzzq"]
    let chromium: String
    let folder: URL

    /// axe.min.js in the site venv, or nil when `scripts/python-env scripts/requirements-site.txt` has not run.
    static func axeScript() -> URL? {
        let lib = TestSupport.repositoryRoot.appendingPathComponent(".build-venv-site/lib")
        let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        return pythons.map { lib.appendingPathComponent("\($0)/site-packages/axe_playwright_python/axe.min.js") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// A copy of `site` in `folder` whose pages load axe and the probe.
    init(chromium: String, site: URL, axe: URL, folder: URL) throws {
        self.chromium = chromium
        self.folder = folder
        try FileManager.default.copyItem(at: site, to: folder)
        try FileManager.default.copyItem(at: axe, to: folder.appendingPathComponent("axe.min.js"))
        try Self.script.write(to: folder.appendingPathComponent("probe.js"), atomically: true, encoding: .utf8)
        for page in try FileManager.default.contentsOfDirectory(atPath: folder.path) where page.hasSuffix(".html") {
            let url = folder.appendingPathComponent(page)
            let html = try String(contentsOf: url, encoding: .utf8)
            try html.replacingOccurrences(of: "</body>", with: "<script src=\"axe.min.js\"></script><script src=\"probe.js\"></script></body>")
                .write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// Loads `page` at `width` px in the light or dark scheme and returns the probe's report.
    /// Safe to call from several threads: each call is a browser process of its own.
    func measure(_ page: String, width: Int, dark: Bool) throws -> Report {
        var arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=\(width),900", "--virtual-time-budget=30000"]
        if dark { arguments.append("--blink-settings=preferredColorScheme=0") }  // Blink's enum: 0 is dark
        arguments += ["--dump-dom", folder.appendingPathComponent(page).absoluteString]
        let outcome = try ProcessRunner.run(chromium, arguments, timeout: 180, outputLimit: 32 << 20)
        guard let match = outcome.output.firstMatch(of: /<pre id="probe-result">(.*?)<\/pre>/) else {
            throw CourseError.toolFailed("\(page): the probe left no report (status \(outcome.status))")
        }
        let text = String(match.1).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&amp;", with: "&")
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        return Report(json: json)
    }

    static let script = #"""
        (function () {
          function report(result) {
            var pre = document.createElement("pre");
            pre.id = "probe-result";
            pre.textContent = JSON.stringify(result);
            document.body.appendChild(pre);
          }
          window.addEventListener("load", function () {
            setTimeout(function () {
              var root = document.documentElement;
              var result = { width: window.innerWidth, dark: window.matchMedia("(prefers-color-scheme: dark)").matches,
                             pageOverflow: root.scrollWidth - root.clientWidth, cutSignatures: [], search: {} };
              // A signature is cut when its code box scrolls or the line runs past the box's edge.
              document.querySelectorAll(".exercise pre").forEach(function (pre) {
                var box = pre.getBoundingClientRect();
                pre.querySelectorAll(".line").forEach(function (line) {
                  if (!/\bfunc\s|\binit\(/.test(line.textContent)) return;
                  if (pre.scrollWidth > pre.clientWidth + 1 || line.getBoundingClientRect().right > box.right + 1) result.cutSignatures.push(line.textContent.trim());
                });
              });
              var input = document.getElementById("search"), list = document.getElementById("search-results");
              ["λ", "lambda", "Schrodinger", "Runge-Kutta", "qqqzzzq"].forEach(function (q) {
                input.value = q;
                input.dispatchEvent(new Event("input"));
                var snippet = list.querySelector(".snippet"), none = list.querySelector(".no-results");
                result.search[q] = { results: list.querySelectorAll("a").length, snippet: snippet ? snippet.textContent : "",
                                     noResults: none ? none.textContent : "" };
              });
              // Keys: "/" from anywhere focuses the box; ArrowDown moves into the results.
              function key(name) { document.activeElement.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true })); }
              input.blur();
              key("/");
              result.slashFocusesSearch = document.activeElement === input;
              input.value = "lambda";
              input.dispatchEvent(new Event("input"));
              key("ArrowDown");
              result.arrowReachesFirstResult = document.activeElement === list.querySelector("a");
              input.value = "";
              input.dispatchEvent(new Event("input"));
              input.blur();
              if (!window.axe) { report(result); return; }
              axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
                result.violations = r.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; })
                  .map(function (v) { return { id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); }) }; });
                report(result);
              }, function (error) { result.violations = [{ id: "axe-failed", help: String(error), nodes: [] }]; report(result); });
            }, 100);
          });
        })();
        """#
}
