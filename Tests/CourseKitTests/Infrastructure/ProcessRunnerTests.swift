@testable import CourseToolchain
import Foundation
import XCTest

/// A child's output is kept to its last byte, however quickly the child exits.
final class ProcessRunnerTests: XCTestCase {
    func testNoOutputIsLostWhenTheChildExitsAtOnce() throws {
        // Four callers at once on two cores: the race this guards against lost an answer now and
        // then when the machine was busy.
        let lost = OutputBuffer(limit: 1 << 16)
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            for run in 0..<150 {
                let answer = "answer \(caller)-\(run)"
                let outcome = try? ProcessRunner.run("/bin/sh", ["-c", "printf '\(answer)'"])
                if outcome?.output != answer || outcome?.status != 0 { lost.append(Data("\(answer): \(outcome?.output ?? "not run")\n".utf8)) }
            }
        }
        XCTAssertEqual(lost.text, "", "answers lost or damaged")
    }

    func testLongOutputIsKeptWhole() throws {
        let outcome = try ProcessRunner.run("/bin/sh", ["-c", "seq 1 100000"])
        XCTAssertEqual(outcome.output.split(separator: "\n").count, 100_000)
        XCTAssertTrue(outcome.output.hasSuffix("99999\n100000\n"))
    }
}
