// Wrong on purpose (a plausible shortcut: the diameter by two sweeps, exact on trees only, and a bond closes a cycle).
import Foundation

/// Distances (numbers of edges) from `source` to every residue of a chain 0 – 1 – … – (residues − 1)
/// with extra edges `bonds`, by breadth-first search.
public func chainDistances(residues: Int, bonds: [(Int, Int)], from source: Int) -> [Int] {
    precondition(residues >= 1 && (0..<residues).contains(source), "source \(source) is not a residue of \(residues)")
    for (a, b) in bonds { precondition((0..<residues).contains(a) && (0..<residues).contains(b), "bond (\(a), \(b)) is off the chain") }
    var neighbours = [[Int]](repeating: [], count: residues)
    for i in 0..<(residues - 1) {
        neighbours[i].append(i + 1)
        neighbours[i + 1].append(i)
    }
    for (a, b) in bonds where a != b {
        neighbours[a].append(b)
        neighbours[b].append(a)
    }
    var distance = [Int](repeating: -1, count: residues)
    distance[source] = 0
    var queue = [source]
    var head = 0
    while head < queue.count {
        let v = queue[head]
        head += 1
        for w in neighbours[v] where distance[w] < 0 {
            distance[w] = distance[v] + 1
            queue.append(w)
        }
    }
    return distance
}

/// The mean distance over all pairs i < j (0 for a single residue) and the diameter.
public func chainSummary(residues: Int, bonds: [(Int, Int)]) -> (meanDistance: Double, diameter: Int) {
    guard residues > 1 else { return (0, 0) }
    var total = 0
    let fromFirst = chainDistances(residues: residues, bonds: bonds, from: 0)
    let farthest = fromFirst.firstIndex(of: fromFirst.max()!)!
    let diameter = chainDistances(residues: residues, bonds: bonds, from: farthest).max()!
    for i in 0..<residues {
        let d = chainDistances(residues: residues, bonds: bonds, from: i)
        for j in (i + 1)..<residues {
            total += d[j]
        }
    }
    return (Double(total) / Double(residues * (residues - 1) / 2), diameter)
}
