import CourseToolchain
import CourseGrading
import HandinRules
import Yams

/// Reads a lesson's YAML front matter (`---` … `---` at the top) into `LessonMeta`.
struct FrontMatterParser {
    let file: String
    var diagnostics: [Diagnostic] = []
    /// Where each front matter key was written, for diagnostics that span lessons.
    var keyLocations: [String: SourceLocation] = [:]

    static let knownKeys = ["id", "title", "order", "objectives", "summary", "module", "feedback", "visibility", "allow", "refuse"]

    init(file: String) { self.file = file }

    /// Splits the front matter off. The body keeps every line (front matter lines become blank)
    /// so cmark's line numbers stay those of the file.
    mutating func parse(_ source: String) -> (meta: LessonMeta?, body: String) {
        let lines = source.lineSlices
        guard lines.first.map({ $0.trimmingTrailingSpace() == "---" }) == true else {
            error(
                "course.frontMatter.missing", at: 1, 1,
                "a lesson must start with YAML front matter: a line '---', keys id, title, order, objectives, and '---'")
            return (nil, source)
        }
        guard let close = lines.indices.dropFirst().first(where: { ["---", "..."].contains(lines[$0].trimmingTrailingSpace()) }) else {
            error("course.frontMatter.unterminated", at: 1, 1, "front matter opened here is never closed with '---'")
            return (nil, source)
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let body = String(repeating: "\n", count: close + 1) + lines[(close + 1)...].joined(separator: "\n")
        return (meta(fromYAML: yaml), body)
    }

    private mutating func meta(fromYAML yaml: String) -> LessonMeta? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            report(error)
            return nil
        } catch {
            self.error("course.frontMatter.yaml", at: 2, 1, "front matter is not valid YAML: \(error)")
            return nil
        }
        guard let mapping = root?.mapping else {
            error("course.frontMatter.notMapping", at: 2, 1, "front matter must be a mapping of keys to values (id: …, title: …)")
            return nil
        }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if !Self.knownKeys.contains(name) {
                let hint = Suggestion.closest(to: name, in: Self.knownKeys).map { "; did you mean '\($0)'?" } ?? ""
                error("course.frontMatter.unknownKey", at: key.mark, "unknown front matter key '\(name)'\(hint)")
            }
            values[name] = value
            if let mark = key.mark { keyLocations[name] = SourceLocation(line: mark.line + 1, column: mark.column) }
        }
        let id = requiredString("id", values)
        if let id, !SwiftName.isSlug(id) {
            error(
                "course.frontMatter.badId", at: values["id"]?.mark,
                "lesson id '\(id)' must be lower-case letters, digits and single '-' (like 'resnets-as-odes')")
        }
        let title = requiredString("title", values)
        var order: Int?
        if let node = values["order"] {
            order = node.int
            if order == nil || order! < 0 { error("course.frontMatter.badOrder", at: node.mark, "order must be a whole number ≥ 0, not '\(node.string ?? "a list")'") }
        } else {
            error("course.frontMatter.missingKey", at: 1, 1, "front matter has no 'order' (the lesson's place in the course)")
        }
        var objectives: [String] = []
        if let node = values["objectives"] {
            if let list = node.sequence, !list.isEmpty, list.allSatisfy({ $0.scalar != nil }) {
                objectives = list.compactMap(\.string)
            } else {
                error("course.frontMatter.badObjectives", at: node.mark, "objectives must be a non-empty list of sentences ('- Explain …')")
            }
        } else {
            error("course.frontMatter.missingKey", at: 1, 1, "front matter has no 'objectives' (a list of what students will be able to do)")
        }
        var module: String?
        if let node = values["module"] {
            module = node.string
            if !SwiftName.isIdentifier(module ?? "") {
                error("course.frontMatter.badModule", at: node.mark, "module '\(module ?? "")' is not a Swift identifier")
                module = nil
            }
        }
        let feedback = choice("feedback", values, HiddenTestFeedback.allCases.map(\.rawValue)).flatMap(HiddenTestFeedback.init) ?? .messages
        let visibility = choice("visibility", values, LessonMeta.visibilities) ?? "visible"
        var allows: [String] = []
        if let node = values["allow"] {
            let names = node.sequence?.compactMap(\.string) ?? []
            let known = AdmissionLists.optIns.keys.sorted()
            if names.isEmpty || names.count != node.sequence?.count || names.contains(where: { !known.contains($0) }) {
                error(
                    "course.frontMatter.badChoice", at: node.mark,
                    "allow must be a list of \(known.map { "'\($0)'" }.joined(separator: ", "))")
            } else {
                allows = names
            }
        }
        var refuses: [String] = []
        if let node = values["refuse"] {
            let names = node.sequence?.compactMap(\.string) ?? []
            if names.isEmpty || names.count != node.sequence?.count || !names.allSatisfy(Self.isDeclarationPath) {
                error(
                    "course.frontMatter.badRefuse", at: node.mark,
                    "refuse must be a list of the support library's declarations, written as `Type.member` or `function` (e.g. [DenseLayer.backward])")
            } else {
                refuses = names
            }
        }
        guard let id, let title, let order, !objectives.isEmpty else { return nil }
        var meta = LessonMeta(
            id: id, title: title, order: order, objectives: objectives,
            summary: values["summary"]?.string, module: module, feedback: feedback, visibility: visibility, allows: allows)
        meta.refuses = refuses
        return meta
    }

    /// `Type.member`, `Type.Nested.member` or `function`: Swift identifiers joined by dots.
    static func isDeclarationPath(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { SwiftName.isIdentifier(String($0)) }
    }

    /// An optional key whose value must be one of `allowed`.
    private mutating func choice(_ key: String, _ values: [String: Node], _ allowed: [String]) -> String? {
        guard let node = values[key] else { return nil }
        guard let value = node.string, allowed.contains(value) else {
            let hint = node.string.flatMap { Suggestion.closest(to: $0, in: allowed) }.map { "; did you mean '\($0)'?" } ?? ""
            error(
                "course.frontMatter.badChoice", at: node.mark,
                "\(key) must be one of \(allowed.map { "'\($0)'" }.joined(separator: ", ")), not '\(node.string ?? "a list")'\(hint)")
            return nil
        }
        return value
    }

    private mutating func requiredString(_ key: String, _ values: [String: Node]) -> String? {
        guard let node = values[key] else {
            error("course.frontMatter.missingKey", at: 1, 1, "front matter has no '\(key)'")
            return nil
        }
        guard let value = node.scalar?.string, !value.isEmpty else {
            error("course.frontMatter.badValue", at: node.mark, "'\(key)' must be a non-empty text")
            return nil
        }
        return value
    }

    private mutating func report(_ yamlError: YamlError) {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // libyaml notices a missing `]` where the next token starts; the context says where the
            // unfinished construct began, which is the line an author has to fix.
            // `title: "… $\gamma$"`: in double quotes a backslash starts an escape.
            let hint =
                problem.contains("unknown escape character")
                ? "; in double quotes a backslash starts an escape: put text with TeX in single quotes ('$\\gamma$')" : ""
            if let context {
                error(
                    "course.frontMatter.yaml", at: context.mark,
                    "front matter is not valid YAML: \(problem) \(context.text)\(hint)")
            } else {
                error("course.frontMatter.yaml", at: mark, "front matter is not valid YAML: \(problem)")
            }
        default:
            error("course.frontMatter.yaml", at: 2, 1, "front matter is not valid YAML: \(yamlError)")
        }
    }

    /// YAML marks count from the line after the opening `---`.
    private mutating func error(_ id: String, at mark: Mark?, _ message: String) {
        error(id, at: (mark?.line ?? 0) + 1, mark?.column ?? 1, message)
    }

    private mutating func error(_ id: String, at line: Int, _ column: Int, _ message: String) {
        diagnostics.append(Diagnostic(id, file: file, at: SourceLocation(line: line, column: column), message))
    }
}

extension Substring {
    func trimmingTrailingSpace() -> Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
        return s
    }
}
