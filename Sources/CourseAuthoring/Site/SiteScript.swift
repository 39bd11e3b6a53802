extension SiteAssets {
    /// `course.js`: typesets math, runs the search box, folds the menu on phones. One script with
    /// no module or fetch, so it works from file://; every page reads without it, math aside.
    static let script = #"""
        (function () {
          "use strict";
          function renderMath() {
            if (!window.katex) return scrollersTakeFocus();
            document.querySelectorAll(".math").forEach(function (el) {
              if (el.dataset.rendered) return;
              katex.render(el.textContent, el, { displayMode: el.classList.contains("display"), throwOnError: false });
              el.dataset.rendered = "1";
            });
            scrollersTakeFocus();
          }

          // A formula or table wider than the screen scrolls in its own box; keyboard users reach
          // it with Tab and scroll it with the arrows (WCAG 2.1.1, axe's scrollable-region-focusable).
          // While there is more to the right, a shadow at the edge says so (phones show no scrollbar).
          function scrollersTakeFocus() {
            document.querySelectorAll(".math.display, table, pre, figure").forEach(function (el) {
              var scrolls = el.scrollWidth > el.clientWidth + 1;
              if (scrolls && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
              if (!scrolls && el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
              markMore(el);
              if (!el.dataset.watched) { el.dataset.watched = "1"; el.addEventListener("scroll", function () { markMore(el); }, { passive: true }); }
            });
          }
          function markMore(el) {
            el.classList.toggle("scrolls", el.scrollLeft + el.clientWidth < el.scrollWidth - 1);
          }
          window.addEventListener("resize", scrollersTakeFocus);

          // Text as search compares it: lower case, accents dropped and dashes made "-", so that
          // "Schrodinger" finds Schrödinger and "Runge-Kutta" finds Runge–Kutta. Character by
          // character, so positions in the folded text are positions in the original (snippets).
          var folded = {};
          function fold(text) {
            var out = "";
            for (var i = 0; i < text.length; i++) {
              var c = text.charAt(i), f = folded[c];
              if (f === undefined) {
                f = c.toLowerCase();
                if (/[\u2010-\u2015\u2212]/.test(f)) f = "-";
                var bare = f.normalize ? f.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : f;
                if (bare.length === 1) f = bare;
                if (f.length !== 1) f = c;
                folded[c] = f;
              }
              out += f;
            }
            return out;
          }

          // Words of a query, folded; a leading backslash is dropped, so "\lambda" finds λ too.
          function queryWords(query) {
            return fold(query).split(/\s+/).map(function (w) { return w.replace(/^\\/, ""); })
              .filter(function (w) { return w.length > 0; });
          }
          function occurrences(haystack, word) { return haystack.split(word).length - 1; }

          // Whether `section` is named by `word`: it is the section, or its last name (`Activation.relu`,
          // `Matrix.random(rows:cols:)`), so the entry of "relu" comes before entries that mention it.
          function namedBy(section, word) {
            var at = section.lastIndexOf(word), end = at + word.length;
            return at >= 0 && (at === 0 || " .".indexOf(section.charAt(at - 1)) >= 0) &&
              (end === section.length || (section.charAt(end) === "(" && section.charAt(section.length - 1) === ")" && section.indexOf("(") === end));
          }

          // Whether `word` starts a word of `text` somewhere ("matrix" in "Matrix(rows:", not in "FloatMatrix").
          function startsAWord(text, word) {
            for (var at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
              if (at === 0 || !/[a-z0-9]/.test(text.charAt(at - 1))) return true;
            }
            return false;
          }

          // Ranked hits: a word in the section's heading weighs most (more where it starts a word,
          // more again when it names the section), then in the lesson's title, then in the text
          // (capped, so a long section does not win by length alone).
          function search(query) {
            var words = queryWords(query);
            if (words.length === 0 || !window.COURSE_SEARCH_INDEX) return [];
            var hits = [];
            window.COURSE_SEARCH_INDEX.forEach(function (entry) {
              // Folded once per page load, not per keystroke.
              var f = entry.folded || (entry.folded = {
                title: fold(entry.title), section: fold(entry.section), text: fold(entry.text), terms: fold(" " + entry.terms + " ")
              });
              var title = f.title, section = f.section, text = f.text, terms = f.terms;
              var score = 0;
              for (var i = 0; i < words.length; i++) {
                var w = words[i];
                var inSection = section.indexOf(w) >= 0, inTitle = title.indexOf(w) >= 0;
                var count = occurrences(text, w) + (terms.indexOf(" " + w + " ") >= 0 ? 1 : 0);
                if (!inSection && !inTitle && count === 0) return;
                score += (inSection ? 30 : 0) + (inSection && startsAWord(section, w) ? 10 : 0) + (namedBy(section, w) ? 15 : 0) +
                  (inTitle ? 10 : 0) + Math.min(count, 10);
              }
              hits.push({ entry: entry, score: score, words: words });
            });
            hits.sort(function (a, b) { return b.score - a.score; });
            return hits.slice(0, 20);
          }

          // About 140 characters of the section's text around the first word found, the word marked.
          function snippet(hit) {
            var text = hit.entry.text, lower = fold(text), at = -1, word = "";
            for (var i = 0; i < hit.words.length && at < 0; i++) { at = lower.indexOf(hit.words[i]); word = hit.words[i]; }
            var span = document.createElement("span");
            span.className = "snippet";
            if (at < 0) { span.textContent = text.slice(0, 140) + (text.length > 140 ? "…" : ""); return span; }
            var start = Math.max(0, at - 60), end = Math.min(text.length, at + word.length + 80);
            span.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
            var mark = document.createElement("mark");
            mark.textContent = text.slice(at, at + word.length);
            span.appendChild(mark);
            span.appendChild(document.createTextNode(text.slice(at + word.length, end) + (end < text.length ? "…" : "")));
            return span;
          }

          function showResults(query) {
            var list = document.getElementById("search-results");
            if (!list) return;
            list.innerHTML = "";
            var hits = search(query);
            list.hidden = queryWords(query).length === 0;
            if (hits.length === 0 && !list.hidden) {
              var none = document.createElement("li");
              none.className = "no-results";
              none.textContent = "No results for “" + query.trim() + "”.";
              list.appendChild(none);
            }
            hits.forEach(function (hit) {
              var item = document.createElement("li");
              var link = document.createElement("a");
              link.href = hit.entry.page + (hit.entry.anchor ? "#" + hit.entry.anchor : "");
              var where = document.createElement("span");
              where.className = "result-title";
              where.textContent = hit.entry.title + (hit.entry.section ? " › " + hit.entry.section : "");
              link.appendChild(where);
              link.appendChild(snippet(hit));
              item.appendChild(link);
              list.appendChild(item);
            });
          }

          // `/` focuses the box; arrows move through the results; Enter opens the one chosen (or the first).
          function wireKeyboard(box) {
            function links() { return Array.prototype.slice.call(document.querySelectorAll("#search-results a")); }
            document.addEventListener("keydown", function (event) {
              var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
              if (event.key === "/" && !typing) { event.preventDefault(); box.focus(); box.select(); return; }
              var all = links(), at = all.indexOf(document.activeElement);
              if (document.activeElement !== box && at < 0) return;
              if (event.key === "ArrowDown" && all.length) { event.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus(); }
              else if (event.key === "ArrowUp" && at >= 0) { event.preventDefault(); (at === 0 ? box : all[at - 1]).focus(); }
              else if (event.key === "Enter" && document.activeElement === box && all.length) { event.preventDefault(); window.location.href = all[0].href; }
              else if (event.key === "Escape") { box.value = ""; showResults(""); box.focus(); }
            });
          }

          // On a phone the lesson list folds behind a button, and the objectives and contents
          // start folded, so the lesson's text comes first. Without the script everything shows.
          function foldForPhones() {
            if (!window.matchMedia("(max-width: 52rem)").matches) return;
            var toggle = document.getElementById("menu-toggle"), menu = document.getElementById("site-menu");
            if (toggle && menu) {
              toggle.hidden = false;
              menu.hidden = true;
              toggle.addEventListener("click", function () {
                var open = toggle.getAttribute("aria-expanded") === "true";
                toggle.setAttribute("aria-expanded", open ? "false" : "true");
                menu.hidden = open;
              });
            }
            document.querySelectorAll("details.foldable").forEach(function (el) { el.open = false; });
          }

          window.courseSearch = search;
          document.addEventListener("DOMContentLoaded", function () {
            renderMath();
            foldForPhones();
            var box = document.getElementById("search");
            if (!box) return;
            // "/" is a key only a keyboard has.
            if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) box.placeholder = "Search";
            box.addEventListener("input", function () { showResults(box.value); });
            wireKeyboard(box);
            var q = new URLSearchParams(window.location.search).get("q");
            if (q) { box.value = q; showResults(q); }
          });
        })();

        """#
}
