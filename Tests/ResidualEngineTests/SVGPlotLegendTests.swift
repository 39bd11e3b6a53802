import Foundation
@testable import ResidualEngine
import XCTest

/// The legend is laid out from its labels' widths: a long label is never cut off at the edge.
final class SVGPlotLegendTests: XCTestCase {
    /// The numbers of an attribute in every element of a kind, in document order (`<text class="legend" x=…`).
    private func values(_ attribute: String, of prefix: String, in svg: String) -> [Double] {
        svg.components(separatedBy: prefix).dropFirst().compactMap { element in
            guard let start = element.range(of: " \(attribute)=\"") else { return nil }
            return Double(element[start.upperBound...].prefix { $0 != "\"" })
        }
    }

    private func viewBox(_ svg: String) -> (width: Double, height: Double) {
        let numbers = svg.components(separatedBy: "viewBox=\"")[1].prefix { $0 != "\"" }.split(separator: " ").compactMap { Double($0) }
        return (numbers[2], numbers[3])
    }

    private func plot(_ labels: [String]) -> SVGPlot {
        var plot = SVGPlot(title: "Global error", xLabel: "depth L", yLabel: "error")
        for (index, label) in labels.enumerated() { plot.add(.init(label, x: [1, 2, 3], y: [1, 2, Double(index + 3)])) }
        return plot
    }

    func testTheEstimateIsAtLeastHelveticasWidthAndGrowsWithTheText() {
        // Helvetica: "Euler blocks" is 5446/1000 em, 65.4 px at 12 px; DejaVu Sans about 15 % more.
        let euler = SVGTextWidth.estimate("Euler blocks", fontSize: 12)
        XCTAssertGreaterThanOrEqual(euler, 65.3)
        XCTAssertLessThan(euler, 65.4 * 1.3)
        XCTAssertGreaterThan(SVGTextWidth.estimate("WWWW", fontSize: 12), 2 * SVGTextWidth.estimate("iiii", fontSize: 12))
        XCTAssertEqual(SVGTextWidth.estimate("λ", fontSize: 10), 11.5, accuracy: 1e-9, "outside ASCII: a full em, widened")
        XCTAssertEqual(SVGTextWidth.estimate("e\u{301}", fontSize: 12), SVGTextWidth.estimate("e", fontSize: 12), "a combining accent takes no room")
    }

    func testShortLabelsStayInsideThePlotWhereTheyWere() {
        let svg = plot(["plain", "residual"]).render()
        // The plot's frame is x 70…620 at the default 640 × 400; the legend text starts 132 before its right edge.
        XCTAssertEqual(values("x", of: "<text class=\"legend\"", in: svg), [488, 488])
        XCTAssertEqual(viewBox(svg).width, 640)
        XCTAssertEqual(values("height", of: "<rect x=\"70", in: svg), [305], "the plot keeps its height")
    }

    func testAMediumLabelMovesTheLegendLeftSoItEndsInsideThePlot() {
        let label = "Euler blocks, 24 steps (h=1/24)"  // 31 characters: past the old fixed slot
        let svg = plot([label, "exact"]).render()
        let x = values("x", of: "<text class=\"legend\"", in: svg)[0]
        XCTAssertLessThan(x, 488)
        XCTAssertLessThanOrEqual(x + SVGTextWidth.estimate(label, fontSize: 12), 620, "the label ends inside the frame")
        XCTAssertGreaterThan(x, 70)
    }

    func testALongLabelPutsTheLegendBelowAndShrinksThePlot() {
        let labels = ["residual network with 64 blocks, trained with SGD", "plain network of the same depth"]
        let svg = plot(labels).render()
        let (width, height) = viewBox(svg)
        XCTAssertEqual(width, 640, "the rows below have the whole width")
        let frameHeight = values("height", of: "<rect x=\"70", in: svg)[0]
        XCTAssertLessThan(frameHeight, 305, "the plot gave up height for two rows")
        let frameBottom = 40 + frameHeight
        let x = values("x", of: "<text class=\"legend\"", in: svg), y = values("y", of: "<text class=\"legend\"", in: svg)
        XCTAssertEqual(x, [88, 88])
        for (label, (left, baseline)) in zip(labels, zip(x, y)) {
            XCTAssertLessThanOrEqual(left + SVGTextWidth.estimate(label, fontSize: 12), width, label)
            XCTAssertGreaterThan(baseline, frameBottom + 30, "below the tick labels and the axis label")
            XCTAssertLessThanOrEqual(baseline, height - 4)
        }
        XCTAssertEqual(y[1] - y[0], 18)
    }

    func testALabelWiderThanThePictureWidensIt() {
        let label = String(repeating: "a very long series label ", count: 6)
        let svg = plot([label]).render()
        XCTAssertGreaterThanOrEqual(viewBox(svg).width, 88 + SVGTextWidth.estimate(label, fontSize: 12))
    }
}
