/// The anchor of each heading on a lesson's page: its slug (`HTMLRenderer.slug`), made unique in
/// document order (`-2`, `-3`, …) and kept off the ids the page gives other things. Two headings
/// with one text, or `## Exercise: Step` beside exercise `step`'s `exercise-step`, gave one id
/// to two elements, and a link to it reached only the first.
struct HeadingAnchors {
    private var byPosition: [SourceLocation: String] = [:]
    /// Every anchor of the page: headings', exercises' and figures'.
    private(set) var all: Set<String>

    init(_ lesson: Lesson) {
        var taken = Self.reserved(lesson)
        all = taken
        lesson.document.walk { node in
            guard case .heading = node.kind, let start = node.range?.lowerBound else { return }
            let base = HTMLRenderer.slug(node.plainText)
            var id = base
            var suffix = 2
            while taken.contains(id) {
                id = "\(base)-\(suffix)"
                suffix += 1
            }
            taken.insert(id)
            byPosition[start] = id
        }
        all = taken
    }

    /// The ids the page gives anything but headings: the site's own, each exercise's and figure's.
    static func reserved(_ lesson: Lesson) -> Set<String> {
        var ids: Set<String> = ["content", "menu-toggle", "search", "search-results", "site-menu", "start-here", "start-here-title", "lessons"]
        for exercise in lesson.exercises { ids.formUnion(["exercise-\(exercise.id)", "exercise-\(exercise.id)-title"]) }
        for figure in lesson.figures { ids.insert("figure-\(figure.id)") }
        return ids
    }

    /// The anchor of `heading`, a heading of this lesson's document.
    func id(for heading: MarkdownNode) -> String {
        heading.range.flatMap { byPosition[$0.lowerBound] } ?? HTMLRenderer.slug(heading.plainText)
    }
}
