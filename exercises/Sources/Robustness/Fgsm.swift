// Lesson 4: Robustness and Lipschitz bounds
// Exercise fgsm — The fast gradient sign method (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// X + ε·sign(∂loss/∂X), with sign(0) = 0.
public func fgsm(_ model: Classifier, _ x: Matrix, labels: [Int], epsilon: Double) -> Matrix {
    precondition(epsilon >= 0 && labels.count == x.rows)
    // TODO: write your solution here (exercise fgsm).
    return x
}

/// `steps` FGSM steps of size `stepSize`, each followed by clipping every entry to [x − ε, x + ε].
public func iteratedFGSM(_ model: Classifier, _ x: Matrix, labels: [Int], epsilon: Double,
                         steps: Int, stepSize: Double) -> Matrix {
    precondition(epsilon >= 0 && steps >= 0 && labels.count == x.rows)
    // TODO: write your solution here (exercise fgsm).
    return x
}

/// The accuracy on fgsm(model, data.features, ...) for each ε.
public func accuracyUnderAttack(_ model: Classifier, _ data: LabeledData, epsilons: [Double]) -> [Double] {
    // TODO: write your solution here (exercise fgsm).
    return epsilons.map { _ in model.accuracy(data.features, labels: data.labels) }
}
