/// What a lesson's figure block returns: anything that draws itself as one SVG document.
/// `SVGPlot` draws data; `SVGDiagram` draws schematics (blocks, arrows, chains).
public protocol SVGFigure: Sendable {
    /// The figure as a standalone SVG document (one `<svg>` element and a newline).
    func render() -> String
}

extension SVGPlot: SVGFigure {}

/// A small schematic drawer for lesson figures: labelled boxes and circles, straight or bent
/// arrows and plain text, placed in a fixed coordinate system (`width` × `height`, y down).
/// Shapes are drawn in the order they were added; arrows end at the border they point at
/// because authors give the end point, so the drawing stays predictable.
public struct SVGDiagram: SVGFigure {
    /// A position in the diagram's own units, y pointing down; in a figure block usually `.init(x, y)`.
    public struct Point: Sendable {
        /// The distance from the left edge.
        public var x: Double
        /// The distance from the top edge.
        public var y: Double
        /// The point (x, y).
        public init(_ x: Double, _ y: Double) { (self.x, self.y) = (x, y) }
    }

    /// The drawing's width in its own units (the SVG's viewBox; the page scales the picture).
    public var width: Double
    /// The drawing's height in its own units.
    public var height: Double
    /// A heading drawn at the top centre; empty for none.
    public var title: String
    private var elements: [String] = []
    /// The colours arrows with heads use: one arrowhead marker is defined per colour.
    private var markerColors: [String] = []

    /// Pale fills that tell boxes apart; `box` takes the first unless given another.
    public static let fills = ["#e8f0fe", "#fde7e7", "#e6f4ea", "#fff4e0", "#f1e8fd"]

    /// An empty diagram of `width` × `height` units.
    public init(width: Double = 640, height: Double = 240, title: String = "") {
        (self.width, self.height, self.title) = (width, height, title)
    }

    /// A rounded box centred at `center`, with a one-line label.
    public mutating func box(_ label: String, at center: Point, width: Double = 90, height: Double = 40, fill: String = fills[0]) {
        elements.append(
            "<rect x=\"\(fmt(center.x - width / 2))\" y=\"\(fmt(center.y - height / 2))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" rx=\"6\" fill=\"\(fill)\" stroke=\"#333\"/>"
        )
        text(label, at: Point(center.x, center.y + 4.5))
    }

    /// A circle centred at `center`; a short label (`+`, a residue number) sits inside it.
    public mutating func circle(_ label: String = "", at center: Point, radius: Double = 12, fill: String = "#fff") {
        elements.append("<circle cx=\"\(fmt(center.x))\" cy=\"\(fmt(center.y))\" r=\"\(fmt(radius))\" fill=\"\(fill)\" stroke=\"#333\"/>")
        if !label.isEmpty { text(label, at: Point(center.x, center.y + 4.5), size: radius < 10 ? 9 : 13) }
    }

    /// An arrow from `start` to `end`. `bend` lifts its middle by that many units to the left of
    /// the direction of travel (negative: to the right), for arcs such as skips and bonds.
    public mutating func arrow(
        from start: Point, to end: Point, label: String = "", bend: Double = 0,
        color: String = "#333", dashed: Bool = false, head: Bool = true
    ) {
        let (dx, dy) = (end.x - start.x, end.y - start.y)
        let length = max(1e-9, (dx * dx + dy * dy).squareRoot())
        let control = Point((start.x + end.x) / 2 + bend * dy / length, (start.y + end.y) / 2 - bend * dx / length)
        let dash = dashed ? " stroke-dasharray=\"5 4\"" : ""
        let marker = head ? " marker-end=\"url(#arrow-\(color.dropFirst()))\"" : ""
        elements.append(
            "<path d=\"M \(fmt(start.x)) \(fmt(start.y)) Q \(fmt(control.x)) \(fmt(control.y)) \(fmt(end.x)) \(fmt(end.y))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\"\(dash)\(marker)/>"
        )
        if head && !markerColors.contains(color) { markerColors.append(color) }
        if !label.isEmpty {
            // The label sits beside the curve's middle (a quadratic's midpoint is halfway to its control point).
            let middle = Point((start.x + end.x) / 4 + control.x / 2, (start.y + end.y) / 4 + control.y / 2)
            let side = bend >= 0 ? -1.0 : 1.0
            text(label, at: Point(middle.x + side * 8 * dy / length, middle.y - side * 8 * dx / length + 4), size: 11, color: color)
        }
    }
    /// Plain text, centred on `point` unless `anchor` says `start` or `end`.
    public mutating func text(_ text: String, at point: Point, size: Double = 13, anchor: String = "middle", color: String = "#111") {
        elements.append("<text x=\"\(fmt(point.x))\" y=\"\(fmt(point.y))\" text-anchor=\"\(anchor)\" font-size=\"\(fmt(size))\" fill=\"\(color)\">\(escape(text))</text>")
    }

    /// The diagram as a standalone SVG document, shapes in the order they were added.
    public func render() -> String {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" font-family=\"sans-serif\">\n<defs>"
        for color in markerColors {
            svg +=
                "<marker id=\"arrow-\(color.dropFirst())\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"\(color)\"/></marker>"
        }
        svg += "</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
        if !title.isEmpty { svg += "<text x=\"\(fmt(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">\(escape(title))</text>\n" }
        return svg + elements.joined(separator: "\n") + "\n</svg>\n"
    }

    private func fmt(_ v: Double) -> String { SVGText.number(v) }
    private func escape(_ s: String) -> String { SVGText.escaped(s) }
}

/// Numbers and text as the SVG writers put them in a document.
enum SVGText {
    /// To a tenth of a unit: enough for a screen, short in the file.
    static func number(_ v: Double) -> String { String((v * 10).rounded() / 10) }

    static func escaped(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
