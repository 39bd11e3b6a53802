import Foundation

// A hidden test copied into the student package by hand:
    func testStepOfZero() { XCTAssertEqual(step(0), 1) }
// expect: course.check.leak in exercises/Sources/Shared/Step.swift at 4:5: hidden test of step
