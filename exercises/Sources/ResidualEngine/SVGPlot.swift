/// A small SVG plotter for lesson figures and grading feedback: lines and scatter points,
/// linear or logarithmic axes, ticks, axis labels, a title and a legend.
public struct SVGPlot: Sendable {
    /// How an axis places values.
    public enum Scale: Sendable {
        /// Equal steps for equal differences.
        case linear
        /// Equal steps for equal ratios (decades); values ≤ 0 are left out.
        case log
    }

    /// How a series is drawn.
    public enum Style: Sendable {
        /// A line through the points in the order given.
        case line
        /// A dot at each point.
        case scatter
    }

    /// One labelled set of points (non-finite values are left out).
    public struct Series: Sendable {
        /// The series' text in the legend; empty: no legend entry.
        public var label: String
        /// The x coordinates.
        public var x: [Double]
        /// The y coordinates, one per x.
        public var y: [Double]
        /// A line or dots.
        public var style: Style
        /// The points (x[i], y[i]); `x` and `y` must have the same count.
        public init(_ label: String, x: [Double], y: [Double], style: Style = .line) {
            require(x.count == y.count, "series '\(label)' has \(x.count) x values and \(y.count) y values")
            self.label = label
            self.x = x
            self.y = y
            self.style = style
        }
    }

    /// A heading above the plot; empty for none.
    public var title = ""
    /// The x axis's label; empty for none.
    public var xLabel = ""
    /// The y axis's label; empty for none.
    public var yLabel = ""
    /// Linear (the default) or logarithmic x axis.
    public var xScale = Scale.linear
    /// Linear (the default) or logarithmic y axis.
    public var yScale = Scale.linear
    /// The picture's width in SVG units (the page scales it); a legend label wider than that widens it.
    public var width = 640.0
    /// The picture's height in SVG units, axes, labels and a legend below the plot included.
    public var height = 400.0
    /// The series, drawn in order, each in the next colour of `palette`.
    public var series: [Series] = []

    /// The series' colours, in order, starting again after the last.
    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    /// An empty plot with a title and axis labels.
    public init(title: String = "", xLabel: String = "", yLabel: String = "") {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Appends a series; it takes the next colour of `palette`.
    public mutating func add(_ s: Series) { series.append(s) }

    /// The figure as a standalone SVG document.
    public func render() -> String {
        let left = 70.0, right = 20.0, top = title.isEmpty ? 20.0 : 40.0
        let legend = legendLayout(plotWidth: width - left - right)
        let bottom = 55.0 + (legend.below ? Self.legendRowHeight * Double(legend.rows.count) + 4 : 0)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        // A label too long even for a row of its own widens the picture rather than being cut off.
        let canvasWidth = legend.below ? max(width, left + legend.width + right) : width
        let xs = usable(series.flatMap(\.x), xScale), ys = usable(series.flatMap(\.y), yScale)
        let (x0, x1) = Self.range(xs, xScale), (y0, y1) = Self.range(ys, yScale)
        func px(_ x: Double) -> Double { left + plotWidth * (transform(x, xScale) - transform(x0, xScale)) / (transform(x1, xScale) - transform(x0, xScale)) }
        func py(_ y: Double) -> Double { top + plotHeight * (1 - (transform(y, yScale) - transform(y0, yScale)) / (transform(y1, yScale) - transform(y0, yScale))) }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(canvasWidth)) \(fmt(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        if !title.isEmpty { svg += "<text x=\"\(fmt(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">\(escape(title))</text>\n" }
        svg += "<rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(plotWidth))\" height=\"\(fmt(plotHeight))\" fill=\"none\" stroke=\"#444\"/>\n"
        for t in Self.ticks(x0, x1, xScale) {
            svg += "<line x1=\"\(fmt(px(t)))\" y1=\"\(fmt(top + plotHeight))\" x2=\"\(fmt(px(t)))\" y2=\"\(fmt(top + plotHeight + 5))\" stroke=\"#444\"/>"
            svg += "<text x=\"\(fmt(px(t)))\" y=\"\(fmt(top + plotHeight + 18))\" text-anchor=\"middle\">\(Self.label(t))</text>\n"
        }
        for t in Self.ticks(y0, y1, yScale) {
            svg += "<line x1=\"\(fmt(left - 5))\" y1=\"\(fmt(py(t)))\" x2=\"\(fmt(left))\" y2=\"\(fmt(py(t)))\" stroke=\"#444\"/>"
            svg += "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(py(t) + 4))\" text-anchor=\"end\">\(Self.label(t))</text>\n"
        }
        if !xLabel.isEmpty { svg += "<text x=\"\(fmt(left + plotWidth / 2))\" y=\"\(fmt(top + plotHeight + 43))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n" }
        if !yLabel.isEmpty { svg += "<text transform=\"translate(16 \(fmt(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n" }
        for (index, s) in series.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            let points = zip(s.x, s.y).filter { isUsable($0.0, xScale) && isUsable($0.1, yScale) }
            switch s.style {
            case .line:
                let path = points.map { "\(fmt(px($0.0))),\(fmt(py($0.1)))" }.joined(separator: " ")
                svg += "<polyline class=\"series\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
            case .scatter:
                for (x, y) in points { svg += "<circle class=\"series\" cx=\"\(fmt(px(x)))\" cy=\"\(fmt(py(y)))\" r=\"3\" fill=\"\(color)\"/>" }
                svg += "\n"
            }
        }
        // Legend: top right inside the plot when it is narrow, else in rows under the x-axis label.
        let legendX = legend.below ? left : left + plotWidth - max(150, legend.width + 8)
        let legendTop = legend.below ? top + plotHeight + 55 : top
        for (row, index) in legend.rows.enumerated() {
            let y = legendTop + 16 + Self.legendRowHeight * Double(legend.below ? row : index)
            let color = Self.palette[index % Self.palette.count]
            svg += "<rect x=\"\(fmt(legendX))\" y=\"\(fmt(y - 9))\" width=\"12\" height=\"12\" fill=\"\(color)\"/>"
            svg += "<text class=\"legend\" x=\"\(fmt(legendX + 18))\" y=\"\(fmt(y + 1))\">\(escape(series[index].label))</text>\n"
        }
        return svg + "</svg>\n"
    }

    static let legendFontSize = 12.0
    static let legendRowHeight = 18.0

    /// The legend's rows (indices of the labelled series), its width (swatch, gap and the widest
    /// label) and whether it goes below the plot: it does when it would cover more than 40 % of
    /// the plot's width (labels of about 30 characters or more at the default size).
    func legendLayout(plotWidth: Double) -> (rows: [Int], width: Double, below: Bool) {
        let rows = series.indices.filter { !series[$0].label.isEmpty }
        let widest = rows.map { SVGTextWidth.estimate(series[$0].label, fontSize: Self.legendFontSize) }.max() ?? 0
        let width = 18 + widest
        return (rows, width, !rows.isEmpty && width + 8 > 0.4 * plotWidth)
    }

    private func isUsable(_ v: Double, _ scale: Scale) -> Bool { v.isFinite && (scale == .linear || v > 0) }
    private func usable(_ values: [Double], _ scale: Scale) -> [Double] { values.filter { isUsable($0, scale) } }
    private func transform(_ v: Double, _ scale: Scale) -> Double { scale == .log ? libm_log(v) / libm_log(10) : v }

    static func range(_ values: [Double], _ scale: Scale) -> (Double, Double) {
        guard var low = values.min(), var high = values.max() else { return scale == .log ? (1, 10) : (0, 1) }
        if scale == .log {
            low = pow10(floorLog10(low)); high = pow10(ceilLog10(high))
            if low == high { high = low * 10 }
            return (low, high)
        }
        if low == high { low -= max(1, abs(low) * 0.1); high += max(1, abs(high) * 0.1) }
        let step = niceStep((high - low) / 5)
        return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
    }

    static func ticks(_ low: Double, _ high: Double, _ scale: Scale) -> [Double] {
        if scale == .log {
            let first = floorLog10(low), last = ceilLog10(high)
            let every = max(1, (last - first) / 8)
            return stride(from: first, through: last, by: every).map(pow10)
        }
        let step = niceStep((high - low) / 5)
        return stride(from: low, through: high + step / 2, by: step).map { ($0 / step).rounded() * step }
    }

    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow10(floorLog10(raw))
        let fraction = raw / magnitude
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
    }

    static func floorLog10(_ v: Double) -> Int { Int((libm_log(v) / libm_log(10) + 1e-9).rounded(.down)) }
    static func ceilLog10(_ v: Double) -> Int { Int((libm_log(v) / libm_log(10) - 1e-9).rounded(.up)) }
    static func pow10(_ e: Int) -> Double { var r = 1.0; for _ in 0..<abs(e) { r *= 10 }; return e < 0 ? 1 / r : r }

    static func label(_ v: Double) -> String {
        if v != 0 && (abs(v) >= 1e5 || abs(v) < 1e-3) {
            let e = floorLog10(abs(v))
            let mantissa = v / pow10(e)
            return abs(mantissa - 1) < 1e-9 ? "1e\(e)" : "\(trim(mantissa))e\(e)"
        }
        return trim(v)
    }

    static func trim(_ v: Double) -> String {
        let rounded = (v * 1e6).rounded() / 1e6
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private func fmt(_ v: Double) -> String { SVGText.number(v) }
    private func escape(_ s: String) -> String { SVGText.escaped(s) }
}
