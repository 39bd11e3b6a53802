@testable import ResidualEngine
import XCTest

final class DatasetsAndPlotTests: XCTestCase {
    func testBlobsAreSeededAndSeparated() {
        let a = Datasets.gaussianBlobs(classes: 3, perClass: 50, radius: 5, spread: 0.5, seed: 1)
        let b = Datasets.gaussianBlobs(classes: 3, perClass: 50, radius: 5, spread: 0.5, seed: 1)
        XCTAssertEqual(a.features, b.features)
        XCTAssertEqual(a.labels, b.labels)
        XCTAssertNotEqual(a.features, Datasets.gaussianBlobs(classes: 3, perClass: 50, radius: 5, spread: 0.5, seed: 2).features)
        XCTAssertEqual(a.features.rows, 150)
        XCTAssertEqual(Dictionary(grouping: a.labels, by: { $0 }).mapValues(\.count), [0: 50, 1: 50, 2: 50])
        // Each point is nearer its own class mean than any other (centers 5 apart, spread 0.5).
        var means = [[Double]](repeating: [0, 0], count: 3)
        for r in 0..<150 { means[a.labels[r]][0] += a.features[r, 0] / 50; means[a.labels[r]][1] += a.features[r, 1] / 50 }
        for r in 0..<150 {
            let d = means.map { pow($0[0] - a.features[r, 0], 2) + pow($0[1] - a.features[r, 1], 2) }
            XCTAssertEqual(d.firstIndex(of: d.min()!), a.labels[r])
        }
    }

    func testSpiralsInterleave() {
        let s = Datasets.twoSpirals(perClass: 100, noise: 0, seed: 3)
        XCTAssertEqual(s.features.rows, 200)
        // Without noise, the two arms are point reflections of each other.
        for p in 0..<100 {
            XCTAssertEqual(s.features[p, 0], -s.features[100 + p, 0], accuracy: 1e-12)
            XCTAssertEqual(s.features[p, 1], -s.features[100 + p, 1], accuracy: 1e-12)
        }
    }

    func testPlotHasAxesLabelsLegendAndSeries() {
        var plot = SVGPlot(title: "Gradient norm", xLabel: "depth", yLabel: "‖∂L/∂x‖")
        plot.yScale = .log
        plot.add(.init("plain", x: [1, 10, 100], y: [1, 1e-3, 1e-9]))
        plot.add(.init("residual", x: [1, 10, 100], y: [1, 0.9, 0.8], style: .scatter))
        let svg = plot.render()
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(svg.contains(">Gradient norm</text>"))
        XCTAssertTrue(svg.contains(">depth</text>"))
        XCTAssertTrue(svg.contains("class=\"legend\" x=") && svg.contains(">plain</text>") && svg.contains(">residual</text>"))
        XCTAssertTrue(svg.contains(">1e-9</text>"), "log axis ticks reach the smallest value")
        XCTAssertEqual(svg.components(separatedBy: "<circle class=\"series\"").count - 1, 3)
        XCTAssertEqual(svg.components(separatedBy: "<polyline class=\"series\"").count - 1, 1)
        XCTAssertEqual(SVGPlot.niceStep(0.37), 0.5)
        XCTAssertEqual(SVGPlot.ticks(0, 10, .linear), [0, 2, 4, 6, 8, 10])
    }
}
