import Foundation

/// `course build`: the student site (HTML) into `.build/site` or a folder of your choice.
public struct BuildAction {
    public var workspace: Workspace
    public var output: URL?
    public var report: (String) -> Void
    /// Build the instructor's edition (solutions, hidden tests, thresholds) into `.build/site-instructor`.
    public var instructorEdition = false
    public var errorOutput: (String) -> Void

    public init(workspace: Workspace, output: URL?, report: @escaping (String) -> Void,
                errorOutput: ((String) -> Void)? = nil) {
        self.workspace = workspace
        self.output = output
        self.report = report
        self.errorOutput = errorOutput ?? report
    }

    /// Writes the site and returns its folder.
    @discardableResult
    public func perform() throws -> URL {
        let course = try workspace.loadCourse(report: errorOutput)
        let broken = SiteLinks(course: course).brokenLinks()
        if !broken.isEmpty {
            errorOutput(DiagnosticWriter(sources: Dictionary(uniqueKeysWithValues: course.lessons.map { ($0.file, $0.source) })).format(broken))
            throw CourseError.invalidLessons(broken.count)
        }
        let folder = output ?? workspace.root.appendingPathComponent(instructorEdition ? ".build/site-instructor" : ".build/site")
        var builder = try StudentSiteBuilder(course: course)
        builder.instructorEdition = instructorEdition
        var figures = FigureRenderer(course: course, compiler: try SwiftCompiler(),
                                     cacheDirectory: workspace.buildFolder.appendingPathComponent("figures"))
        figures.progress = { self.report($0 + "\n") }
        builder.figures = try figures.render()
        let site = try builder.tree()
        if !instructorEdition {
            // Defence in depth, before anything is written: whatever the renderer does, no hidden
            // line may reach the student site or its search index.
            let leaks = LeakScanner(course: course).scan(files: site.files)
            if !leaks.isEmpty {
                errorOutput(leaks.map { $0.description + "\n" }.joined())
                throw CourseError.toolFailed("the student site would show hidden tests or solutions; nothing was written")
            }
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Files of an earlier build that this one no longer has go (a renamed lesson's page, the
        // other edition's pages); KaTeX's folder stays, to be refreshed below.
        try site.write(to: folder, removingStale: true, keeping: ["katex/"])
        try SiteAssets.copyKaTeX(into: folder)
        report("wrote the site (\(site.files.count) pages and files, KaTeX included) to \(folder.path)/index.html\n")
        return folder
    }
}
