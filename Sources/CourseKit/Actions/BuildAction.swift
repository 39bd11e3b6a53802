import CourseAuthoring
import CourseToolchain
import Foundation
import HandinRules

/// `course build`: the student site (HTML) into `.build/site` or a folder of your choice.
public struct BuildAction {
    public var workspace: Workspace
    public var output: URL?
    public var report: (String) -> Void
    /// Build the instructor's edition (solutions, hidden tests, thresholds) into `.build/site-instructor`.
    public var instructorEdition = false
    public var errorOutput: (String) -> Void

    public init(
        workspace: Workspace, output: URL?, report: @escaping (String) -> Void,
        errorOutput: ((String) -> Void)? = nil
    ) {
        self.workspace = workspace
        self.output = output
        self.report = report
        self.errorOutput = errorOutput ?? report
    }

    /// Where the student edition goes by default: never the instructor edition's place.
    var studentSite: URL { workspace.root.appendingPathComponent(".build/site").absoluteURL.standardizedFileURL }

    /// Where the site goes: `output`, or `.build/site` (`.build/site-instructor` for the instructor's edition).
    var siteFolder: URL {
        (output ?? workspace.root.appendingPathComponent(instructorEdition ? ".build/site-instructor" : ".build/site")).absoluteURL.standardizedFileURL
    }

    /// Writes the site and returns its folder.
    @discardableResult
    public func perform() throws -> URL {
        let folder = siteFolder
        let recordFile = SiteBuildRecord.file(buildFolder: workspace.buildFolder, site: folder, instructorEdition: instructorEdition)
        // Builds into one folder take turns (`course serve` beside a manual build): otherwise one
        // could record another's pages as its own and call them up to date.
        let turn = try SiteBuildRecord.takeTurn(for: recordFile)
        defer { turn.end() }
        let before = SiteBuildRecord.current(root: workspace.root, site: folder, instructorEdition: instructorEdition)
        if SiteBuildRecord.load(from: recordFile) == before {
            report("the site in \(folder.path) is up to date: nothing it is made from changed since it was built\n")
            return folder
        }
        // Forgotten before anything is written: a build that fails or stops here is not a finished one.
        try? FileManager.default.removeItem(at: recordFile)
        let course = try workspace.loadCourse(report: errorOutput)
        // The link check and the student package need only the lessons: side by side.
        let (broken, package) = Self.checkLinksAndWritePackage(course)
        if !broken.isEmpty {
            errorOutput(DiagnosticWriter(sources: Dictionary(uniqueKeysWithValues: course.lessons.map { ($0.file, $0.source) })).format(broken))
            throw CourseError.invalidLessons(broken.count)
        }
        if instructorEdition && folder.resolvingSymlinksInPath().path == studentSite.resolvingSymlinksInPath().path {
            errorOutput(
                "warning: the instructor edition (solutions, hidden tests) is being written to \(studentSite.path), "
                    + "the student site's folder; publish that folder only after `course build` without --instructor\n")
        }
        var builder = try StudentSiteBuilder(course: course)
        builder.instructorEdition = instructorEdition
        let fragments = SiteFragmentCache(
            directory: workspace.buildFolder.appendingPathComponent("site-fragments/" + (instructorEdition ? "instructor" : "student")))
        builder.fragmentCache = fragments
        var figures = FigureRenderer(
            course: course, compiler: try SwiftCompiler(),
            cacheDirectory: workspace.buildFolder.appendingPathComponent("figures"))
        figures.progress = { self.report($0 + "\n") }
        builder.figures = try figures.render()
        let site = try builder.tree()
        do {
            // Defence in depth, before anything is written: whatever the renderer does, no hidden
            // line may reach the student site, its search index or the package it offers. (The
            // instructor edition shows solutions in its pages, but its zip is the students' too.)
            var scanned = instructorEdition ? [:] : site.files
            for (path, text) in package.files { scanned["exercises/" + path] = text }
            let leaks = LeakScanner(course: course).scan(files: scanned)
            if !leaks.isEmpty {
                errorOutput(leaks.map { $0.description + "\n" }.joined())
                throw CourseError.toolFailed("the student site would show hidden tests or solutions; nothing was written")
            }
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Files of an earlier build that this one no longer has go (a renamed lesson's page, the
        // other edition's pages); KaTeX's folder stays, to be refreshed below.
        try site.write(to: folder, removingStale: true, keeping: ["katex/", StudentSiteBuilder.exercisesArchive])
        try ZipArchiveWriter.archive(package.files, folder: "exercises")
            .write(to: folder.appendingPathComponent(StudentSiteBuilder.exercisesArchive), options: .atomic)
        try SiteAssets.copyKaTeX(into: folder)
        fragments.prune()
        // Recorded only when the inputs are still those read at the start: after an edit made during
        // the build the next build does the work again.
        let after = SiteBuildRecord.current(root: workspace.root, site: folder, instructorEdition: instructorEdition)
        if after.inputs == before.inputs { try before.withOutputs(of: folder).save(to: recordFile) }
        report("wrote the site (\(site.files.count) pages and files, KaTeX included) to \(folder.path)/index.html\n")
        return folder
    }

    /// The course's broken links, and the student package (as `course generate` writes it, offered
    /// for download by the index), made on two threads.
    static func checkLinksAndWritePackage(_ course: Course) -> (broken: [Diagnostic], package: FileTree) {
        enum Made { case broken([Diagnostic]), package(FileTree) }
        var broken: [Diagnostic] = []
        var package = FileTree()
        for made in [0, 1].parallelMap(width: 2, { $0 == 0 ? Made.broken(SiteLinks(course: course).brokenLinks()) : .package(ExercisePackageWriter(course: course).tree()) }) {
            switch made {
            case .broken(let found): broken = found
            case .package(let tree): package = tree
            }
        }
        return (broken, package)
    }
}
