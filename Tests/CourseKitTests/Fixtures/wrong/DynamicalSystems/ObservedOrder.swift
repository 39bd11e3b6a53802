// Wrong on purpose (a plausible slip, review round 30): the order's size, so a finer run that is
// worse reads as converging; every hidden case once had the coarse error the larger.
import Foundation

/// The order p such that the error shrinks by refinement^p when the step shrinks by `refinement`.
public func observedOrder(coarseError: Double, fineError: Double, refinement: Double = 2) -> Double {
    precondition(coarseError > 0 && fineError > 0 && refinement > 1)
    return abs(log(coarseError / fineError) / log(refinement))
}
