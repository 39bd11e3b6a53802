@testable import CourseToolchain
import Foundation
import XCTest

/// Two builds of the same content side by side (two workers of a batch, cold): the one that
/// finishes second uses the first's folder and never replaces it under the first's feet.
final class BuildCacheTests: XCTestCase {
    func testAReadyBuildIsNeverReplacedWhileAnotherUsesIt() throws {
        let directory = try TestSupport.temporaryFolder(self)
        let secondStarted = DispatchSemaphore(value: 0)
        let firstStored = DispatchSemaphore(value: 0)
        let second = OutputBuffer(limit: 1 << 10)
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) {
            let result = try? BuildCache.folder("same", in: directory) { building in
                try "second".write(to: building.appendingPathComponent("product"), atomically: true, encoding: .utf8)
                secondStarted.signal()
                firstStored.wait()  // finishes after the first build is stored and in use
            }
            second.append(Data("\(result?.folder.lastPathComponent ?? "nil") built=\(result?.built ?? false)".utf8))
        }
        secondStarted.wait()
        let first = try BuildCache.folder("same", in: directory) { building in
            try "first".write(to: building.appendingPathComponent("product"), atomically: true, encoding: .utf8)
        }
        XCTAssertTrue(first.built)
        let product = first.folder.appendingPathComponent("product")
        let inode = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: product.path)[.systemFileNumber] as? UInt64)
        firstStored.signal()
        done.wait()

        XCTAssertEqual(second.text, "same built=false", "the second build uses the first's folder")
        XCTAssertEqual(try String(contentsOf: product, encoding: .utf8), "first", "the folder in use was not replaced")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: product.path)[.systemFileNumber] as? UInt64, inode)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["same"], "no building folder is left behind")
    }

    func testALeftoverWithoutReadyIsReplaced() throws {
        let directory = try TestSupport.temporaryFolder(self)
        let leftover = directory.appendingPathComponent("same")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        try "half".write(to: leftover.appendingPathComponent("product"), atomically: true, encoding: .utf8)
        let result = try BuildCache.folder("same", in: directory) { building in
            try "whole".write(to: building.appendingPathComponent("product"), atomically: true, encoding: .utf8)
        }
        XCTAssertTrue(result.built)
        XCTAssertEqual(try String(contentsOf: result.folder.appendingPathComponent("product"), encoding: .utf8), "whole")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["same"])
        var rebuilt = false
        _ = try BuildCache.folder("same", in: directory) { _ in rebuilt = true }
        XCTAssertFalse(rebuilt, "a ready folder is used as it is")
    }
}
