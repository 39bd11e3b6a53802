// Wrong on purpose (a review of wrong implementations, round 28): each round's mask is made from
// the trained weights without the previous mask as 'current', so a weight pruned before can come back
// when a kept weight ends a round at exactly 0 and ties with it. Scored 4 of 4 on 'imp' while no
// hidden test's network had exact zeros.
import Foundation

import ResidualEngine

/// The sparsity after each of `rounds` rounds: 1 − (1 − final)^(r / rounds) for r = 1 ... rounds.
public func sparsitySchedule(final: Double, rounds: Int) -> [Double] {
    precondition(final >= 0 && final <= 1 && rounds >= 0)
    // BEGIN SOLUTION
    guard rounds > 0 else { return [] }
    return (1...rounds).map { r in 1 - pow(1 - final, Double(r) / Double(rounds)) }
    // END SOLUTION
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
    // BEGIN SOLUTION
    return trainMasked(initial, mask: mask, data: train, config: config).accuracy(on: test)
    // END SOLUTION
}

/// IMP: round 0 trains the dense network; round r = 1 ... rounds prunes the previous round's trained
/// weights (magnitudeMask with the previous mask as `current`) to sparsitySchedule(final:rounds:)[r − 1],
/// rewinds to `initial` and trains again. Returns rounds + 1 records.
public func iterativeMagnitudePruning(initial: MLP, train: LabeledData, test: LabeledData, config: TrainingConfig,
                                      finalSparsity: Double, rounds: Int, scope: PruningScope = .global) -> [PruningRound] {
    // BEGIN SOLUTION
    var mask = fullMask(initial)
    var history: [PruningRound] = []
    let sparsities = [0] + sparsitySchedule(final: finalSparsity, rounds: rounds)
    var trained = initial
    for (r, sparsity) in sparsities.enumerated() {
        // mutant-equivalent: relational-boundary: round 0 has sparsity 0, and pruning nothing from the full mask gives the full mask
        // mutant-equivalent: '0' → '(-1)': round 0 has sparsity 0, and pruning nothing from the full mask gives the full mask
        if r > 0 { mask = magnitudeMask(trained.weights, sparsity: sparsity, scope: scope) }
        trained = trainMasked(initial, mask: mask, data: train, config: config)
        history.append(PruningRound(sparsity: sparsity, mask: mask, accuracy: trained.accuracy(on: test)))
    }
    return history
    // END SOLUTION
}
