// Wrong by the lesson's rule, right by every number: the backward pass is the support library's
// `DenseLayer.backward`, which the lesson asks students to write themselves (front matter
// `refuse`). Only the grader's refusal of the compiled module's symbols can take its points.
import ResidualEngine

/// The stack's output for a batch X (rows are samples).
public func stackForward(_ stack: DenseStack, _ input: Matrix) -> Matrix {
    var x = input
    for layer in stack.layers {
        let (t, _) = layer.forward(x)
        if stack.residual { x.add(t) } else { x = t }
    }
    return x
}

/// ∂ℓ/∂X for a loss ℓ whose gradient at the output is `outputGradient` (same shape as the output).
public func backpropagate(_ stack: DenseStack, input: Matrix, outputGradient: Matrix) -> Matrix {
    precondition(outputGradient.rows == input.rows && outputGradient.cols == input.cols,
                 "gradient \(outputGradient.shape) for a batch \(input.shape)")
    var caches: [DenseLayer.Cache] = []
    var x = input
    for layer in stack.layers {
        let (t, cache) = layer.forward(x)
        caches.append(cache)
        if stack.residual { x.add(t) } else { x = t }
    }
    var g = outputGradient
    for (layer, cache) in zip(stack.layers, caches).reversed() {
        let back = layer.backward(g, cache: cache).input
        if stack.residual { g.add(back) } else { g = back }
    }
    return g
}

/// The loss ½‖Y‖² (summed over the whole batch) and its gradient with respect to the input.
public func squaredLoss(_ stack: DenseStack, input: Matrix) -> (loss: Double, gradient: Matrix) {
    let y = stackForward(stack, input)
    let loss = 0.5 * y.values.reduce(0) { $0 + $1 * $1 }
    return (loss, backpropagate(stack, input: input, outputGradient: y))
}
