import Foundation

/// The files every page needs: KaTeX (copied from Debian's libjs-katex and fonts-katex, links
/// dereferenced, so the site works offline from file://), the stylesheet and the page script.
enum SiteAssets {
    /// Where Debian installs KaTeX; `COURSE_KATEX_DIR` overrides it.
    static var katexFolder: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["COURSE_KATEX_DIR"] ?? "/usr/share/javascript/katex")
    }

    /// Copies katex.min.js, katex.min.css and the fonts into `site/katex/`.
    static func copyKaTeX(into site: URL) throws {
        let source = katexFolder
        let css = source.appendingPathComponent("katex.min.css"), js = source.appendingPathComponent("katex.min.js")
        guard FileManager.default.fileExists(atPath: css.path), FileManager.default.fileExists(atPath: js.path) else {
            throw CourseError.toolFailed("KaTeX was not found in \(source.path); install libjs-katex and fonts-katex (scripts/bootstrap)")
        }
        let target = site.appendingPathComponent("katex")
        let fonts = target.appendingPathComponent("fonts")
        try FileManager.default.createDirectory(at: fonts, withIntermediateDirectories: true)
        for (from, name) in [(css, "katex.min.css"), (js, "katex.min.js")] {
            try copyResolved(from, to: target.appendingPathComponent(name))
        }
        let fontSource = source.appendingPathComponent("fonts").resolvingSymlinksInPath()
        for name in try FileManager.default.contentsOfDirectory(atPath: fontSource.path) where name.hasPrefix("KaTeX_") {
            try copyResolved(fontSource.appendingPathComponent(name), to: fonts.appendingPathComponent(name))
        }
    }

    /// Copies the file a link points to (not the link), skipping an identical copy.
    static func copyResolved(_ source: URL, to target: URL) throws {
        let data = try Data(contentsOf: source.resolvingSymlinksInPath())
        if (try? Data(contentsOf: target)) == data { return }
        try data.write(to: target)
    }

    static let script = #"""
    // Typesets math with KaTeX and runs the search box. The page reads without it, math aside.
    (function () {
      function renderMath() {
        if (!window.katex) return;
        document.querySelectorAll(".math").forEach(function (el) {
          if (el.dataset.rendered) return;
          katex.render(el.textContent, el, { displayMode: el.classList.contains("display"), throwOnError: false });
          el.dataset.rendered = "1";
        });
      }
      function search(query) {
        var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
        if (words.length === 0 || !window.COURSE_SEARCH_INDEX) return [];
        var hits = [];
        window.COURSE_SEARCH_INDEX.forEach(function (entry) {
          var haystack = (entry.title + " " + entry.section + " " + entry.text).toLowerCase();
          var score = 0;
          for (var i = 0; i < words.length; i++) {
            var count = haystack.split(words[i]).length - 1;
            if (count === 0) return;
            score += count + (entry.title.toLowerCase().indexOf(words[i]) >= 0 ? 10 : 0);
          }
          hits.push({ entry: entry, score: score });
        });
        hits.sort(function (a, b) { return b.score - a.score; });
        return hits.slice(0, 20);
      }
      function showResults(query) {
        var list = document.getElementById("search-results");
        if (!list) return;
        list.innerHTML = "";
        search(query).forEach(function (hit) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = hit.entry.page + (hit.entry.anchor ? "#" + hit.entry.anchor : "");
          link.textContent = hit.entry.title + (hit.entry.section ? " › " + hit.entry.section : "");
          item.appendChild(link);
          list.appendChild(item);
        });
      }
      window.courseSearch = search;
      document.addEventListener("DOMContentLoaded", function () {
        renderMath();
        var box = document.getElementById("search");
        if (!box) return;
        box.addEventListener("input", function () { showResults(box.value); });
        var q = new URLSearchParams(window.location.search).get("q");
        if (q) { box.value = q; showResults(q); }
      });
    })();
    """#

    static let stylesheet = """
        :root { --fg: #1d1d1f; --bg: #fff; --muted: #666; --accent: #1a7f4b; --code-bg: #f5f5f2; --line: #ddd;
                --kw: #a0227f; --str: #b5400e; --com: #6a737d; --num: #1750eb; --type: #0b6e79; --attr: #8a5a00; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e6e6e6; --bg: #161618; --muted: #9a9a9a; --accent: #5fd39a; --code-bg: #202024; --line: #333;
                  --kw: #ff7ab2; --str: #ff8170; --com: #7f8c98; --num: #d9c97c; --type: #6bdfff; --attr: #e0b060; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; font: 17px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        .layout { display: grid; grid-template-columns: 17rem minmax(0, 1fr); min-height: 100vh; }
        .sidebar { border-right: 1px solid var(--line); padding: 1rem; position: sticky; top: 0; height: 100vh; overflow-y: auto; }
        .sidebar .course { font-weight: 600; display: block; margin-bottom: .8rem; text-decoration: none; }
        .sidebar ol { padding-left: 1.2rem; } .sidebar li.current > a { font-weight: 600; color: var(--fg); }
        #search { width: 100%; padding: .4rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
        #search-results { font-size: .9em; }
        main { max-width: 48rem; padding: 1.5rem 2rem 4rem; }
        .toc { font-size: .9em; border-left: 3px solid var(--line); padding-left: .8rem; margin: 1rem 0 2rem; }
        .toc ul { list-style: none; padding-left: .8rem; margin: .2rem 0; }
        pre { background: var(--code-bg); padding: .8rem 1rem; overflow-x: auto; border-radius: 6px; line-height: 1.45; }
        code { font-family: ui-monospace, "SF Mono", Menlo, monospace; font-size: .88em; }
        .tok-keyword { color: var(--kw); } .tok-string { color: var(--str); } .tok-comment { color: var(--com); font-style: italic; }
        .tok-number { color: var(--num); } .tok-type { color: var(--type); } .tok-attribute { color: var(--attr); }
        .points { color: var(--muted); font-size: .85em; font-weight: normal; }
        .exercise { border-left: 4px solid var(--accent); padding-left: 1rem; margin: 2rem 0; }
        .objectives { background: var(--code-bg); padding: .6rem 1rem; border-radius: 6px; }
        .math.display { display: block; text-align: center; margin: 1rem 0; overflow-x: auto; }
        figure { margin: 1.5rem 0; } figure svg { width: 100%; height: auto; background: #fff; border-radius: 6px; }
        figcaption { color: var(--muted); font-size: .9em; text-align: center; }
        .pager { display: flex; justify-content: space-between; border-top: 1px solid var(--line); margin-top: 3rem; padding-top: 1rem; }
        table { border-collapse: collapse; } td, th { border: 1px solid var(--line); padding: .2rem .5rem; }
        @media (max-width: 52rem) {
          .layout { display: block; } .sidebar { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--line); }
          main { padding: 1rem; }
        }
        @media print {
          .sidebar, .pager, #search, .toc { display: none; } .layout { display: block; } main { max-width: none; padding: 0; }
          pre { white-space: pre-wrap; border: 1px solid #ccc; } a { color: inherit; }
        }

        """
}
