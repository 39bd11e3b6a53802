import Foundation
import ResidualEngine
import XCTest

/// Reads the JSON fixtures that scripts/fixtures/make_engine_fixtures.py writes with NumPy/PyTorch.
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func matrix(_ value: Any?) throws -> Matrix {
        let object = try XCTUnwrap(value as? [String: Any])
        let shape = try XCTUnwrap(object["shape"] as? [Int])
        return Matrix(rows: shape[0], cols: shape[1], try vector(object["data"]))
    }

    static func vector(_ value: Any?) throws -> [Double] {
        try XCTUnwrap(value as? [Any]).map { try XCTUnwrap(($0 as? NSNumber)?.doubleValue) }
    }
}

/// max |a − b| / max(1, |b|) over all entries; NaN if any entry of `a` is NaN (see `Vector.maxAbs`).
func maxRelativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return Vector.maxAbs(zip(a, b).map { ($0 - $1) / max(1, abs($1)) })
}
