import CourseToolchain
import Foundation
import Mustache

/// The page layout as a Mustache template. A course replaces it by placing its own
/// `page.mustache` (or `course.css`) in `lessons/templates/`; anything it does not provide keeps
/// the default, as mdBook's themes do.
public struct SiteTemplates {
    var library: MustacheLibrary
    /// The stylesheet: the course's own, or the default.
    var stylesheet: String

    /// Where a course keeps its overrides.
    static func folder(root: URL) -> URL { root.appendingPathComponent("lessons/templates") }

    /// The default templates, with any override found under `root`.
    public static func load(root: URL?) throws -> SiteTemplates {
        var page = defaultPage
        var css = SiteAssets.stylesheet
        if let root {
            let overrides = folder(root: root)
            if let custom = try? String(contentsOf: overrides.appendingPathComponent("page.mustache"), encoding: .utf8) { page = custom }
            if let custom = try? String(contentsOf: overrides.appendingPathComponent("course.css"), encoding: .utf8) { css = custom }
        }
        var library = MustacheLibrary()
        do {
            try library.register(page, named: "page")
        } catch {
            throw CourseError.toolFailed("lessons/templates/page.mustache is not a valid Mustache template: \(error)")
        }
        return SiteTemplates(library: library, stylesheet: css)
    }

    /// A page: `title`, `courseTitle`, `lessons` (each `title`, `href`, `current`), `body` (HTML),
    /// `instructorEdition` (true on the edition with solutions: banner and `noindex`) and
    /// `reference` (`title`, `href`, `current` of the support library's page; false without one).
    func page(_ context: [String: Any]) -> String {
        library.render(context, withTemplate: "page") ?? ""
    }

    static let defaultPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{#instructorEdition}}
        <meta name="robots" content="noindex, nofollow">
        {{/instructorEdition}}
        <title>{{title}}</title>
        <link rel="stylesheet" href="katex/katex.min.css">
        <link rel="stylesheet" href="course.css">
        </head>
        <body>
        <a class="skip-link" href="#content">Skip to the text</a>
        {{#instructorEdition}}
        <div class="edition-banner" role="note">Instructor edition: shows solutions, hidden tests and thresholds. Do not publish it to students.</div>
        {{/instructorEdition}}
        <div class="layout">
        <nav class="sidebar" aria-label="Course">
        <a class="course" href="index.html">{{courseTitle}}</a>
        <input id="search" type="search" placeholder="Search (press /)" aria-label="Search the course" aria-controls="search-results">
        <ol id="search-results" aria-live="polite" aria-label="Search results" hidden></ol>
        <button id="menu-toggle" class="menu-toggle" type="button" aria-expanded="false" aria-controls="site-menu" hidden>{{#reference}}Lessons and reference{{/reference}}{{^reference}}Lessons{{/reference}}</button>
        <div id="site-menu">
        <ol class="lesson-list">
        {{#lessons}}
        <li{{#current}} class="current"{{/current}}><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{{titleHTML}}}</a></li>
        {{/lessons}}
        </ol>
        {{#reference}}
        <p class="reference-link"><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></p>
        {{/reference}}
        </div>
        </nav>
        <main id="content">
        {{{body}}}</main>
        </div>
        <script src="search-index.js"></script>
        <script src="katex/katex.min.js"></script>
        <script src="course.js"></script>
        </body>
        </html>

        """
}
