import Foundation

import ResidualEngine

/// y₁ = x₁ + F(x₂), y₂ = x₂ + G(y₁).
public func blockForward(_ block: ReversibleBlock, _ x: Halves) -> Halves {
    precondition(x.first.cols == block.halfWidth, "halves of width \(x.first.cols) into a block of width \(block.halfWidth)")
    // BEGIN SOLUTION
    let y1 = x.first + block.f(x.second)
    let y2 = x.second + block.g(x.first)
    return Halves(y1, y2)
    // END SOLUTION
}

/// The input of the block whose output is y: x₂ = y₂ − G(y₁), x₁ = y₁ − F(x₂).
public func blockInverse(_ block: ReversibleBlock, _ y: Halves) -> Halves {
    precondition(y.first.cols == block.halfWidth, "halves of width \(y.first.cols) into a block of width \(block.halfWidth)")
    // BEGIN SOLUTION
    let x2 = y.second - block.g(y.first)
    let x1 = y.first - block.f(x2)
    return Halves(x1, x2)
    // END SOLUTION
}
