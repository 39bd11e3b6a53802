// Lesson 7: Lottery tickets
// Exercise imp — Iterative magnitude pruning with rewinding (4 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// The sparsity after each of `rounds` rounds: 1 − (1 − final)^(r / rounds) for r = 1 ... rounds.
public func sparsitySchedule(final: Double, rounds: Int) -> [Double] {
    precondition(final >= 0 && final <= 1 && rounds >= 0)
    // TODO: write your solution here (exercise imp).
    fatalError("TODO: exercise imp is not implemented yet")
}

/// One round of IMP: its sparsity (0 for the dense round), its mask, and the test accuracy of the
/// network trained with that mask from the rewound initial weights.
public struct PruningRound {
    public var sparsity: Double
    public var mask: Mask
    public var accuracy: Double
}

/// The test accuracy of a ticket: `mask` applied to the initial network, trained, evaluated on `test`.
public func ticketAccuracy(initial: MLP, mask: Mask, train: LabeledData, test: LabeledData, config: TrainingConfig) -> Double {
    // TODO: write your solution here (exercise imp).
    fatalError("TODO: exercise imp is not implemented yet")
}

/// IMP: round 0 trains the dense network; round r = 1 ... rounds prunes the previous round's trained
/// weights (magnitudeMask with the previous mask as `current`) to sparsitySchedule(final:rounds:)[r − 1],
/// rewinds to `initial` and trains again. Returns rounds + 1 records.
public func iterativeMagnitudePruning(initial: MLP, train: LabeledData, test: LabeledData, config: TrainingConfig,
                                      finalSparsity: Double, rounds: Int, scope: PruningScope = .global) -> [PruningRound] {
    // TODO: write your solution here (exercise imp).
    fatalError("TODO: exercise imp is not implemented yet")
}
