@testable import CourseToolchain
import Foundation
import XCTest

/// Every lesson's numbers are checked by an independent script in `scripts/reference/`
/// (NumPy, SciPy, PyTorch). They must keep running, and the assertions inside them must hold.
final class ReferenceScriptsTests: XCTestCase {
    func testEveryLessonsReferenceScriptRuns() throws {
        let root = TestSupport.repositoryRoot
        let folder = root.appendingPathComponent("scripts/reference")
        // `lessonNN_numbers.py`; other files there are modules the scripts share.
        let scripts = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("lesson") && $0.hasSuffix("_numbers.py") }.sorted()
        let lessons = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("lessons").path)
            .filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }
        XCTAssertEqual(scripts.count, lessons.count, "one reference script per lesson: \(scripts)")

        // The venv with the pinned NumPy, SciPy and PyTorch (installed once, then reused).
        let setup = try ProcessRunner.run("/bin/bash", [root.appendingPathComponent("scripts/python-env").path], in: root, timeout: 1800)
        XCTAssertEqual(setup.status, 0, setup.output)
        let python = root.appendingPathComponent(".build-venv/bin/python").path
        // Two scripts at a time, one thread each: most of a script's time is one core's work
        // (NumPy's small arrays, PyTorch's autograd), so two run in about the time of one.
        let oneThread = ["OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"]
        let runs = try scripts.parallelMap(width: 2) { script in
            try ProcessRunner.run(python, [folder.appendingPathComponent(script).path], in: root, environment: oneThread, timeout: 600)
        }
        for (script, run) in zip(scripts, runs) {
            XCTAssertEqual(run.status, 0, "\(script):\n\(run.output.suffix(2000))")
            XCTAssertFalse(run.timedOut, script)
        }
    }
}
