import Foundation

/// Grading could not be done: the submission could not be read, or the grader itself could not
/// work (no sandbox, no compiler, no bundle). It is never a score: `course grade` exits 2, says
/// why on stderr, and any report it was asked for says "could not grade" and why (the reports
/// are grading's, `GradingFault.report`; the sandbox probe and the runner throw it from here).
public struct GradingFault: Error, LocalizedError, Equatable, Sendable {
    /// What went wrong, written for the person who can fix it ("bubblewrap could not start a sandbox: …").
    public var reason: String

    /// The exit status of a `course grade` that could not grade.
    public static let exitStatus: Int32 = 2

    public init(reason: String) {
        self.reason = reason
    }

    /// Any error met while grading, as a fault; a fault stays as it is.
    public init(_ error: any Error) {
        if let fault = error as? GradingFault {
            self = fault
        } else if let described = (error as? LocalizedError)?.errorDescription {
            reason = described
        } else {
            // Foundation's generic description ("The operation could not be completed") names nothing.
            reason = String(describing: error)
        }
    }

    public var errorDescription: String? { reason }
}
