/// A position in a source file: 1-based line and column (column counts UTF-8 bytes, as cmark does).
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open span of source, from the first character to the last one (inclusive, as cmark reports).
public typealias SourceRange = ClosedRange<SourceLocation>
