import CourseToolchain
import Foundation

/// The files every page needs: KaTeX (copied from Debian's libjs-katex and fonts-katex, links
/// dereferenced, so the site works offline from file://), the stylesheet (`SiteStylesheet.swift`)
/// and the page script (`SiteScript.swift`).
package enum SiteAssets {
    /// Where Debian installs KaTeX; `COURSE_KATEX_DIR` overrides it.
    static var katexFolder: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["COURSE_KATEX_DIR"] ?? "/usr/share/javascript/katex")
    }

    /// Copies katex.min.js, katex.min.css and the fonts into `site/katex/`.
    package static func copyKaTeX(into site: URL) throws {
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
}
