import Synchronization

extension ExpectedValueFlow {
    /// The flow of these blocks, computed once per process: the witness and blind forms of a
    /// class and `course check`'s exposure check all ask for the same class's flow, and the walk
    /// is the larger part of `course generate`.
    static func of(blocks: [String], constants: Set<String>, valueTypes: LessonValueTypes) -> ExpectedValueFlow {
        let key = MemoKey(blocks: blocks, constants: constants, valueTypes: valueTypes)
        if let known = memo.withLock({ $0[key] }) { return known }
        let flow = ExpectedValueFlow(blocks: blocks, constants: constants, valueTypes: valueTypes)
        memo.withLock { known in
            // `course serve` generates after every edit: old classes go rather than pile up.
            if known.count >= 256 { known.removeAll() }
            known[key] = flow
        }
        return flow
    }

    fileprivate struct MemoKey: Hashable {
        var blocks: [String]
        var constants: Set<String>
        var valueTypes: LessonValueTypes
    }

    fileprivate static let memo = Mutex<[MemoKey: ExpectedValueFlow]>([:])
}
