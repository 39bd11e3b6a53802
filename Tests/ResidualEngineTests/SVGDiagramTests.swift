import XCTest
@testable import ResidualEngine

/// Schematic figures: shapes in the order added, arrows with one marker per colour, text escaped.
final class SVGDiagramTests: XCTestCase {
    func testShapesArrowsAndTextBecomeOneDocument() {
        var diagram = SVGDiagram(width: 300, height: 120, title: "x <+> F")
        diagram.box("F & G", at: .init(150, 40), width: 60, height: 30)
        diagram.circle("+", at: .init(250, 90))
        diagram.arrow(from: .init(20, 90), to: .init(238, 90), label: "identity")
        diagram.arrow(from: .init(60, 80), to: .init(120, 40), bend: 15, color: "#c62828")
        diagram.arrow(from: .init(180, 40), to: .init(250, 78), color: "#c62828", dashed: true, head: false)
        let svg = diagram.render()
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300.0 120.0\""), svg)
        XCTAssertTrue(svg.contains("<rect x=\"120.0\" y=\"25.0\" width=\"60.0\" height=\"30.0\""), svg)
        XCTAssertTrue(svg.contains(">F &amp; G</text>") && svg.contains(">x &lt;+&gt; F</text>"), svg)
        XCTAssertTrue(svg.contains("<circle cx=\"250.0\" cy=\"90.0\" r=\"12.0\""), svg)
        // A straight arrow's control point is its middle; a bent one's is lifted to the left of travel.
        XCTAssertTrue(svg.contains("d=\"M 20.0 90.0 Q 129.0 90.0 238.0 90.0\""), svg)
        XCTAssertTrue(svg.contains("d=\"M 60.0 80.0 Q 81.7 47.5 120.0 40.0\""), "up and to the left of (90, 60): \(svg)")
        XCTAssertEqual(svg.components(separatedBy: "<marker ").count - 1, 2, "one marker per colour that has heads")
        XCTAssertTrue(svg.contains("stroke-dasharray=\"5 4\""))
        XCTAssertEqual(svg.components(separatedBy: "marker-end=").count - 1, 2, "the headless arrow has no marker")
        XCTAssertTrue(svg.hasSuffix("</svg>\n"))
    }

    func testPlotsAndDiagramsAreBothFigures() {
        let figures: [any SVGFigure] = [SVGPlot(title: "p"), SVGDiagram(title: "d")]
        XCTAssertTrue(figures.allSatisfy { $0.render().hasPrefix("<svg") })
    }
}
