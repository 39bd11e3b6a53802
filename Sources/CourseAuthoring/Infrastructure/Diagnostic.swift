/// One problem found in a lesson, as a value: passes collect these and one writer prints them.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How bad a problem is.
    public enum Severity: String, Sendable { case error, warning, note }

    /// A stable identifier such as `course.exercise.unterminatedSolution`, for tests and docs.
    public var id: String
    public var severity: Severity
    /// The file as the user named it, relative to the course root where possible.
    public var file: String
    public var location: SourceLocation
    public var message: String
    /// Further lines ("previous definition is here") printed under the main message.
    public var notes: [Note]

    /// A secondary message pointing at another place.
    public struct Note: Sendable, Equatable {
        public var location: SourceLocation?
        public var message: String
        public init(location: SourceLocation? = nil, message: String) {
            self.location = location
            self.message = message
        }
    }

    public init(
        _ id: String, _ severity: Severity = .error, file: String, at location: SourceLocation,
        _ message: String, notes: [Note] = []
    ) {
        self.id = id
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
        self.notes = notes
    }

    /// `file:line:col: error: message [id]`, the form compilers and editors understand, with the
    /// stable id at the end (as clang's `[-Wflag]`) so an author can look it up in docs/authoring.md.
    public var description: String {
        "\(file):\(location.line):\(location.column): \(severity.rawValue): \(message) [\(id)]"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any entry is an error (warnings do not fail a run).
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
