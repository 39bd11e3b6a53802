import CourseAuthoring
import CourseToolchain
import Foundation

/// `course new lesson "Title"`: a lesson file that shows every role of a code block and whose code
/// passes `course check` as it is; `check` asks only for its placeholder objective to be replaced.
public struct NewLessonAction {
    public var workspace: Workspace
    public var title: String

    public init(workspace: Workspace, title: String) {
        self.workspace = workspace
        self.title = title
    }

    /// Creates the file and returns its path relative to the course root.
    @discardableResult
    public func perform() throws -> String {
        let id = Self.slug(title)
        guard !id.isEmpty else { throw CourseError.toolFailed("the title needs at least one letter or digit") }
        let fm = FileManager.default
        try fm.createDirectory(at: workspace.lessons, withIntermediateDirectories: true)
        var order = 1
        if let result = try? CourseLoader(root: workspace.root).load() {
            order = (result.course.lessons.map(\.meta.order).max() ?? 0) + 1
            if result.course.lesson(id) != nil { throw CourseError.toolFailed("a lesson with id '\(id)' exists already") }
        }
        let name = String(format: "%02d-%@.md", order, id)
        let url = workspace.lessons.appendingPathComponent(name)
        guard !fm.fileExists(atPath: url.path) else { throw CourseError.toolFailed("lessons/\(name) exists already") }
        let hasEngine = !(try CourseLoader.engineSources(in: workspace.root)).isEmpty
        try Self.scaffold(id: id, title: title, order: order, figure: hasEngine).write(to: url, atomically: true, encoding: .utf8)
        return "lessons/\(name)"
    }

    /// `ResNets as ODEs!` → `resnets-as-odes`.
    static func slug(_ title: String) -> String {
        let words = title.lowercased().unicodeScalars.split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }
        var slug = words.map { String(String.UnicodeScalarView($0)) }.joined(separator: "-")
        if let first = slug.unicodeScalars.first, ("0"..."9").contains(first) { slug = "lesson-" + slug }
        return slug
    }

    /// The front matter of a new lesson, ending with its closing `---` line; the title is quoted
    /// for YAML, in single quotes, where a backslash is itself (TeX in a title stays valid when the
    /// author edits it), and the objective is the placeholder `course check` refuses.
    static func frontMatter(id: String, title: String, order: Int) -> String {
        let quoted = "'" + title.replacingOccurrences(of: "'", with: "''") + "'"
        return """
            ---
            id: \(id)
            title: \(quoted)
            order: \(order)
            objectives:
              - \(ScaffoldPlaceholderCheck.placeholderObjective)
            ---

            """
    }

    /// The smallest complete lesson (one exercise, a visible and a hidden test): the fixture many
    /// tests build on. `course new lesson` writes the fuller `scaffold`.
    static func template(id: String, title: String, order: Int) -> String {
        let fence = "```"
        return frontMatter(id: id, title: title, order: order) + """

            # \(title)

            Explain the idea here. Math works inline, $x_{l+1} = x_l + F(x_l)$, and as a display:

            $$
            \\|x_{l+1} - x_l\\| = \\|F(x_l)\\|
            $$

            ## Exercise: one residual step

            Students see this block with the solution region replaced by a stub.

            \(fence)swift exercise id=residual-step points=2 title="One residual step"
            /// Returns x + f(x), elementwise.
            func residualStep(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
                // BEGIN SOLUTION
                return x.map { $0 + f($0) }
                // END SOLUTION
            }
            \(fence)

            A visible test: students run it with `swift test`.

            \(fence)swift test exercise=residual-step
            func testZeroBranchIsTheIdentity() {
                XCTAssertEqual(residualStep([1, 2, 3], { _ in 0 }), [1, 2, 3])
            }
            \(fence)

            A hidden test: only the grader sees it; it is left out of the student site and package.

            \(fence)swift hidden-test exercise=residual-step
            func testAddsTheBranch() {
                XCTAssertEqual(residualStep([1, -2], { 2 * $0 }), [3, -6])
            }
            \(fence)

            """
    }
}
