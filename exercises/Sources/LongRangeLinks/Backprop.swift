// Lesson 3: Long-range links
// Exercise backprop — Backpropagation through a plain and a residual stack (4 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// The stack's output for a batch X (rows are samples).
public func stackForward(_ stack: DenseStack, _ input: Matrix) -> Matrix {
    // TODO: write your solution here (exercise backprop).
    fatalError("TODO: exercise backprop is not implemented yet")
}

/// ∂ℓ/∂X for a loss ℓ whose gradient at the output is `outputGradient` (same shape as the output).
public func backpropagate(_ stack: DenseStack, input: Matrix, outputGradient: Matrix) -> Matrix {
    precondition(outputGradient.rows == input.rows && outputGradient.cols == input.cols,
                 "gradient \(outputGradient.shape) for a batch \(input.shape)")
    // TODO: write your solution here (exercise backprop).
    fatalError("TODO: exercise backprop is not implemented yet")
}

/// The loss ½‖Y‖² (summed over the whole batch) and its gradient with respect to the input.
public func squaredLoss(_ stack: DenseStack, input: Matrix) -> (loss: Double, gradient: Matrix) {
    // TODO: write your solution here (exercise backprop).
    fatalError("TODO: exercise backprop is not implemented yet")
}
