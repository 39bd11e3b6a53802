import Foundation

/// `course build`: the student site (HTML) into `.build/site` or a folder of your choice.
public struct BuildAction {
    public var workspace: Workspace
    public var output: URL?
    public var report: (String) -> Void
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
        let folder = output ?? workspace.root.appendingPathComponent(".build/site")
        let site = StudentSiteBuilder(course: course).tree()
        try site.write(to: folder)
        report("wrote the site (\(site.files.count) files) to \(folder.path)/index.html\n")
        return folder
    }
}
