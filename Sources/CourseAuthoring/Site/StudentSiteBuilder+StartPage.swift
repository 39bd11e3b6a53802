import CourseToolchain

/// The index: how to get the exercises and run their tests, then the lessons.
extension StudentSiteBuilder {
    /// The student package's file name beside the pages.
    public static let exercisesArchive = "exercises.zip"

    func indexBody() -> String {
        var out = "<h1>\(HTMLEscaping.escape(courseTitle))</h1>\n" + startSection()
        out += "<h2 id=\"lessons\">Lessons</h2>\n<ol class=\"lessons\">\n"
        for lesson in course.lessons {
            out += "<li><a href=\"\(Self.pageName(lesson))\">\(Self.inlineHTML(lesson.meta.title))</a>"
            out += " <span class=\"points\">\(SwiftSourceBuilder.format(points: lesson.points))</span>"
            if let summary = lesson.meta.summary { out += "<p>\(Self.inlineHTML(summary))</p>" }
            out += "<ul class=\"objectives\">" + lesson.meta.objectives.map { "<li>\(Self.inlineHTML($0))</li>" }.joined() + "</ul></li>\n"
        }
        return out + "</ol>\n"
    }

    /// The hand-in step: the package's `handin` command when the course carries the grader's rules.
    var handinStep: String {
        guard !course.handinSources.isEmpty else {
            return "Hand in the files you edited, or the whole <code>exercises</code> folder as a zip, as your instructor asks."
        }
        return """
            Hand in <code>handin.zip</code>, which this writes after checking your files with the grader's own admission
            rules (the same messages, with file and line) and limits:</p>
            <pre><code>swift package --allow-writing-to-package-directory handin</code></pre>
            <p>
            """
    }

    /// Where the support library's API is listed, when the course has one.
    var referenceNote: String {
        guard hasReference else { return "" }
        return "\n<p>The types and functions your code can use from <code>\(EngineModule.name)</code> are listed "
            + "with their documentation on the <a href=\"\(Self.referencePageName)\">\(HTMLEscaping.escape(Self.referenceTitle))</a>.</p>"
    }

    /// "Start here": every step from the zip to a handed-in file, with the real names of this course.
    func startSection() -> String {
        let lessons = course.lessons.filter { !$0.exercises.isEmpty }
        guard let lesson = lessons.first, let exercise = lesson.exercises.first else { return "" }
        let exerciseCount = lessons.map(\.exercises.count).reduce(0, +)
        let filter = Self.testCommand(exercise, in: lesson) ?? "swift test --filter \(lesson.testModuleName)"
        return """
            <section class="start" id="start-here" aria-labelledby="start-here-title">
            <h2 id="start-here-title">Start here</h2>
            <ol>
            <li><p><a href="\(Self.exercisesArchive)" download>Download <code>\(Self.exercisesArchive)</code></a>: a Swift package
            with a module per lesson (\(lessons.count) lessons, \(exerciseCount) exercises), each exercise a file of stubs, and the
            visible tests. Unzip it and open a terminal in it:</p>
            <pre><code>unzip \(Self.exercisesArchive)
            cd exercises</code></pre></li>
            <li><p>With Swift 6.0 or newer (<code>swift --version</code>), see where you stand: this builds the package, runs
            every visible test in a process of its own and prints one line per exercise (tests passed, points, the first
            failure of an unfinished one; <code>--verbose</code> shows each failing test in full):</p>
            <pre><code>swift package progress</code></pre>
            <p><code>swift test --parallel</code> runs the same tests the plain way; an unfinished stub either stops its
            test with one line, <code>Fatal error: TODO</code>, or returns a placeholder (zeros, say) that fails it. Its count
            is XCTest's line <code>Executed N tests, with M failures</code>; a last line about Swift Testing's
            tests (<q>0 tests … passed</q>) counts none of these.</p></li>
            <li><p>Each exercise's box on its lesson page names its file, its points, its benchmark (if any) and the command
            for its own tests. For the first exercise, edit <code>\(HTMLEscaping.escape(Self.packagePath(exercise, in: lesson)))</code>
            (in <code>exercises/</code>) and run:</p>
            <pre><code>\(HTMLEscaping.escape(filter))</code></pre>\(referenceNote)</li>
            <li><p>\(handinStep)
            Only the exercise files (<code>Sources/<var>Module</var>/<var>Exercise</var>.swift</code>) are graded, against
            hidden tests and, for some exercises, against the reference solution's time; changes to tests or
            <code>Package.swift</code> are ignored. \(HTMLEscaping.escape(ExercisePackageWriter.slipsChargedOnce.replacingOccurrences(of: "\n   ", with: " ")))</p></li>
            </ol>
            </section>

            """
    }
}
