import Foundation

/// One assertion call of a test block, as `AssertionRewriter` numbered it: what the recording
/// call says it saw is judged against it (`Judge`), so it lives beside the runner, not the rewriter.
public struct AssertionSite: Codable, Equatable, Sendable {
    public var id: Int
    public var kind: AssertionKind
    /// Slots (bit 0 first operand, 1 second, 2 accuracy, 3 message) that the blind form hides.
    public var hiddenMask: Int
    /// 1-based line of the call, in the file the rewritten code was taken from.
    public var line: Int

    package init(id: Int, kind: AssertionKind, hiddenMask: Int, line: Int) {
        self.id = id
        self.kind = kind
        self.hiddenMask = hiddenMask
        self.line = line
    }
}

/// The XCTest assertions the grader can judge, named as the recording functions are.
public enum AssertionKind: String, Codable, Sendable, CaseIterable {
    case isTrue, isFalse, equal, notEqual, greater, greaterOrEqual, less, lessOrEqual
    case isNil, notNil, identical, notIdentical, fail, throwsError, noThrow, unwrap

    package init?(xctestName: String) {
        let names: [String: AssertionKind] = [
            "XCTAssert": .isTrue, "XCTAssertTrue": .isTrue, "XCTAssertFalse": .isFalse,
            "XCTAssertEqual": .equal, "XCTAssertNotEqual": .notEqual,
            "XCTAssertGreaterThan": .greater, "XCTAssertGreaterThanOrEqual": .greaterOrEqual,
            "XCTAssertLessThan": .less, "XCTAssertLessThanOrEqual": .lessOrEqual,
            "XCTAssertNil": .isNil, "XCTAssertNotNil": .notNil,
            "XCTAssertIdentical": .identical, "XCTAssertNotIdentical": .notIdentical,
            "XCTFail": .fail, "XCTAssertThrowsError": .throwsError, "XCTAssertNoThrow": .noThrow, "XCTUnwrap": .unwrap
        ]
        guard let kind = names[xctestName] else { return nil }
        self = kind
    }

    /// Operands before the message argument.
    package var operandCount: Int {
        switch self {
        case .fail: 0
        case .equal, .notEqual, .greater, .greaterOrEqual, .less, .lessOrEqual, .identical, .notIdentical: 2
        default: 1
        }
    }

    /// The XCTest function, for messages.
    package var xctestName: String {
        switch self {
        case .isTrue: "XCTAssertTrue"
        case .isFalse: "XCTAssertFalse"
        case .equal: "XCTAssertEqual"
        case .notEqual: "XCTAssertNotEqual"
        case .greater: "XCTAssertGreaterThan"
        case .greaterOrEqual: "XCTAssertGreaterThanOrEqual"
        case .less: "XCTAssertLessThan"
        case .lessOrEqual: "XCTAssertLessThanOrEqual"
        case .isNil: "XCTAssertNil"
        case .notNil: "XCTAssertNotNil"
        case .identical: "XCTAssertIdentical"
        case .notIdentical: "XCTAssertNotIdentical"
        case .fail: "XCTFail"
        case .throwsError: "XCTAssertThrowsError"
        case .noThrow: "XCTAssertNoThrow"
        case .unwrap: "XCTUnwrap"
        }
    }
}
