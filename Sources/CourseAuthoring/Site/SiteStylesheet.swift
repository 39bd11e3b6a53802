extension SiteAssets {
    /// `course.css`. Prose and display math keep a readable column (46rem) while code, exercises
    /// and tables use the free width; nothing may make the page wider than a 375 px phone: on a
    /// wide screen code wraps with a hanging indent; on a phone, where wrapping broke names in the
    /// middle and split indentation from its line, code, tables, display math and figures scroll
    /// in their own box, with a shadow at the edge while there is more (`.scrolls`, set by the
    /// script). Printing always uses the light scheme.
    /// Colours pass WCAG AA contrast in both schemes (the browser test runs axe-core on them).
    static let stylesheet = """
        :root { --fg: #1d1d1f; --bg: #fff; --muted: #595959; --accent: #17703f; --code-bg: #f5f5f2; --line: #d0d0d0;
                --kw: #a0227f; --str: #a33a0c; --com: #5c636b; --num: #1750eb; --type: #0b6e79; --attr: #7a5000;
                --mark: #fff0a8; --banner-bg: #8b1a1a; --banner-fg: #fff; --focus: #1750eb; }
        @media screen and (prefers-color-scheme: dark) {
          :root { --fg: #e6e6e6; --bg: #161618; --muted: #a8a8a8; --accent: #5fd39a; --code-bg: #202024; --line: #3a3a3a;
                  --kw: #ff7ab2; --str: #ff8170; --com: #8f9ba6; --num: #d9c97c; --type: #6bdfff; --attr: #e0b060;
                  --mark: #5c4d00; --banner-bg: #f0b4b4; --banner-fg: #2a0000; --focus: #8cb4ff; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; font: 17px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
        .skip-link { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .4rem .8rem; z-index: 10; }
        .skip-link:focus { left: .5rem; }
        .edition-banner { background: var(--banner-bg); color: var(--banner-fg); padding: .5rem 1rem; font-weight: 600; text-align: center; }
        .layout { display: grid; grid-template-columns: 16rem minmax(0, 1fr); min-height: 100vh; }
        .sidebar { border-right: 1px solid var(--line); padding: 1rem; position: sticky; top: 0; height: 100vh; overflow-y: auto; }
        .sidebar .course { font-weight: 600; display: block; margin-bottom: .8rem; text-decoration: none; }
        .sidebar ol { padding-left: 1.2rem; } .sidebar li.current > a { font-weight: 600; color: var(--fg); }
        .menu-toggle { font: inherit; margin-top: .6rem; padding: .3rem .8rem; border: 1px solid var(--line); border-radius: 4px;
                       background: var(--code-bg); color: var(--fg); }
        #search { width: 100%; padding: .4rem; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); font: inherit; }
        #search-results { list-style: none; padding: 0; margin: .4rem 0 1rem; font-size: .9em; border: 1px solid var(--line);
                          border-radius: 6px; background: var(--code-bg); max-height: 70vh; overflow-y: auto; }
        #search-results li { border-bottom: 1px solid var(--line); } #search-results li:last-child { border-bottom: 0; }
        #search-results a { display: block; padding: .4rem .6rem; text-decoration: none; color: var(--fg); }
        #search-results .result-title { display: block; color: var(--accent); font-weight: 600; }
        #search-results .snippet { display: block; color: var(--fg); font-size: .92em; overflow-wrap: anywhere; }
        #search-results .no-results { padding: .4rem .6rem; color: var(--muted); }
        mark { background: var(--mark); color: inherit; }
        main { padding: 1.5rem 2rem 4rem; max-width: 84rem; min-width: 0; }
        article > p, article > ul, article > ol, article > blockquote, article > h1, article > h2, article > h3,
        article > h4, article > aside, article > details.foldable, article > .math.display, .pager, figure, .start { max-width: 46rem; }
        .anchor { color: var(--muted); text-decoration: none; font-weight: normal; }
        .anchor:hover, .anchor:focus-visible { color: var(--accent); }
        .toc { font-size: .9em; border-left: 3px solid var(--line); padding-left: .8rem; margin: 1rem 0 2rem; }
        .toc ul { list-style: none; padding-left: .8rem; margin: .2rem 0; }
        details.foldable > summary { cursor: pointer; font-weight: 600; }
        pre { background: var(--code-bg); padding: .8rem 1rem; overflow-x: auto; border-radius: 6px; line-height: 1.45;
              white-space: pre-wrap; tab-size: 4; }
        pre .line { display: inline-block; width: 100%; padding-left: 4ch; text-indent: -4ch; overflow-wrap: anywhere; }
        code { font-family: ui-monospace, "SF Mono", Menlo, monospace; font-size: .86em; overflow-wrap: anywhere; }
        .tok-keyword { color: var(--kw); } .tok-string { color: var(--str); } .tok-comment { color: var(--com); font-style: italic; }
        .tok-number { color: var(--num); } .tok-type { color: var(--type); } .tok-attribute { color: var(--attr); }
        .points { color: var(--muted); font-size: .85em; font-weight: normal; }
        .support-label { color: var(--muted); font-size: .9em; margin-bottom: .25em; }
        .exercise { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 6px; padding: .2rem 1rem .6rem; margin: 2rem 0; }
        .exercise dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2rem 1rem; margin: .5rem 0; }
        .exercise dt { color: var(--muted); } .exercise dd { margin: 0; min-width: 0; }
        .objectives { background: var(--code-bg); padding: .6rem 1rem; border-radius: 6px; }
        .math.display { display: block; text-align: center; margin: 1rem 0; overflow-x: auto; overflow-y: hidden; }
        figure { margin: 1.5rem 0; } figure svg { width: 100%; height: auto; background: #fff; border-radius: 6px; }
        figcaption { color: var(--muted); font-size: .9em; text-align: center; }
        .scrolls { box-shadow: inset -14px 0 10px -10px rgba(0, 0, 0, .45); }
        .pager { display: flex; justify-content: space-between; gap: 1rem; border-top: 1px solid var(--line); margin-top: 3rem; padding-top: 1rem; }
        table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; }
        td, th { border: 1px solid var(--line); padding: .2rem .5rem; }
        .start { border: 1px solid var(--line); border-radius: 6px; padding: .2rem 1rem .8rem; margin: 1rem 0 2rem; }
        .sidebar .reference-link { margin: .4rem 0 0; padding-left: .2rem; }
        .symbol { border-top: 1px solid var(--line); margin-top: 1.5rem; } .symbol .kind { color: var(--muted); font-size: .8em; font-weight: normal; }
        .reference .doc, .reference .conformances { max-width: 46rem; }
        .members { margin: .5rem 0 1rem; } .members dt pre { margin: .8rem 0 .2rem; } .members dd { margin: 0 0 0 1.2rem; max-width: 46rem; }
        .members dd .doc p { margin: .2rem 0; }
        .reference .refused { border-left: 4px solid var(--str); padding-left: .6rem; } .reference .note { color: var(--muted); }
        .reference pre a { color: inherit; text-decoration: underline dotted; }
        .sidebar .reference-link a[aria-current] { font-weight: 600; color: var(--fg); }
        @media (max-width: 52rem) {
          .layout { display: block; } .sidebar { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--line); }
          main { padding: 1rem; }
          pre { padding: .6rem; white-space: pre; }
          pre .line { display: inline; padding-left: 0; text-indent: 0; overflow-wrap: normal; }
          pre code { overflow-wrap: normal; }
          figure { overflow-x: auto; } figure svg { min-width: 36rem; }
          /* A declaration is one line: wrapped with a hanging indent it stays readable, where scrolled its return type hid. */
          .reference pre { white-space: pre-wrap; }
          .reference pre .line { display: inline-block; width: 100%; padding-left: 4ch; text-indent: -4ch; overflow-wrap: anywhere; }
        }
        @media print {
          .sidebar, .pager, #search, .toc, .skip-link { display: none; } .layout { display: block; } main { max-width: none; padding: 0; }
          pre { border: 1px solid #ccc; } a { color: inherit; }
        }

        """
}
