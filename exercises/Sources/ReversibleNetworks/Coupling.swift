// Lesson 6: Reversible residual networks and the memory problem
// Exercise coupling — One reversible block and its inverse (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

import ResidualEngine

/// y₁ = x₁ + F(x₂), y₂ = x₂ + G(y₁).
public func blockForward(_ block: ReversibleBlock, _ x: Halves) -> Halves {
    precondition(x.first.cols == block.halfWidth, "halves of width \(x.first.cols) into a block of width \(block.halfWidth)")
    // TODO: write your solution here (exercise coupling).
    fatalError("TODO: exercise coupling is not implemented yet")
}

/// The input of the block whose output is y: x₂ = y₂ − G(y₁), x₁ = y₁ − F(x₂).
public func blockInverse(_ block: ReversibleBlock, _ y: Halves) -> Halves {
    precondition(y.first.cols == block.halfWidth, "halves of width \(y.first.cols) into a block of width \(block.halfWidth)")
    // TODO: write your solution here (exercise coupling).
    fatalError("TODO: exercise coupling is not implemented yet")
}
