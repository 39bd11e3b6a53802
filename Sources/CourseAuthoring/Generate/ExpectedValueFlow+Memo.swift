import CourseToolchain

extension ExpectedValueFlow {
    /// The flow of these blocks, computed once per process: the witness and blind forms of a
    /// class and `course check`'s exposure check all ask for the same class's flow, and the walk
    /// is the larger part of `course generate`.
    static func of(blocks: [String], constants: Set<String>, valueTypes: LessonValueTypes) -> ExpectedValueFlow {
        memo.value(for: MemoKey(blocks: blocks, constants: constants, valueTypes: valueTypes)) {
            ExpectedValueFlow(blocks: blocks, constants: constants, valueTypes: valueTypes)
        }
    }

    fileprivate struct MemoKey: Hashable {
        var blocks: [String]
        var constants: Set<String>
        var valueTypes: LessonValueTypes
    }

    fileprivate static let memo = ContentMemo<MemoKey, ExpectedValueFlow>()
}
