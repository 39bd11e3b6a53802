// Lesson 3: Long-range links
// Exercise chain-distances — Distances on a chain with bonds (3 points)
// Replace each TODO with your code; keep the names and signatures the tests use.

import Foundation

/// Distances (numbers of edges) from `source` to every residue of a chain 0 – 1 – … – (residues − 1)
/// with extra edges `bonds`, by breadth-first search.
public func chainDistances(residues: Int, bonds: [(Int, Int)], from source: Int) -> [Int] {
    precondition(residues >= 1 && (0..<residues).contains(source), "source \(source) is not a residue of \(residues)")
    for (a, b) in bonds { precondition((0..<residues).contains(a) && (0..<residues).contains(b), "bond (\(a), \(b)) is off the chain") }
    // TODO: write your solution here (exercise chain-distances).
    fatalError("TODO: exercise chain-distances is not implemented yet")
}

/// The mean distance over all pairs i < j (0 for a single residue) and the diameter.
public func chainSummary(residues: Int, bonds: [(Int, Int)]) -> (meanDistance: Double, diameter: Int) {
    // TODO: write your solution here (exercise chain-distances).
    fatalError("TODO: exercise chain-distances is not implemented yet")
}
