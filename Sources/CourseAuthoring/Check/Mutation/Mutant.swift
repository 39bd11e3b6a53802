/// A kind of small change that turns a correct solution into a plausible wrong one.
public enum MutationOperator: String, Sendable, Codable, CaseIterable {
    /// `a + b` → `a - b`, `*` ↔ `/`.
    case arithmetic
    /// `x += y` → `x -= y`, `*=` ↔ `/=`.
    case compoundAssignment = "compound-assignment"
    /// `<` ↔ `<=`, `>` ↔ `>=`, `==` ↔ `!=`.
    case relationalBoundary = "relational-boundary"
    /// `&&` ↔ `||`.
    case logicalConnective = "logical-connective"
    /// `if c` → `if !(c)` (also `guard`, `while` and `c ? a : b`).
    case negatedCondition = "negated-condition"
    /// A number literal replaced by 0, itself ± 1 or its negation.
    case constant
    /// An assignment or a call statement left out.
    case removedStatement = "removed-statement"
    /// `return e` → `return 0` (`false`, `[]`, `nil`, … by the declared return type).
    case defaultReturn = "default-return"
    /// `f(a, b)` → `f(b, a)` where both arguments have the same evident type.
    case swappedArguments = "swapped-arguments"
    /// `for i in a..<b` → `a..<(b - 1)`, `a..<(b + 1)`, `(a + 1)..<b`.
    case loopBound = "loop-bound"
    /// The skip connection forgotten: `x + f(x)` → `f(x)`, `x += d` → `x = d`.
    case droppedResidual = "dropped-residual"
    /// A probe, not a mutant that counts: a parameter's first use traps on an input the reference
    /// accepts (a negative number, zero, an empty array), as a student's stricter `precondition`
    /// would. Only another exercise's test killing it is reported: the exercise's own hidden
    /// tests never try that input, so such a slip costs the exercise that calls it.
    case refusedInput = "refused-input"

    /// Whether mutants of this kind count toward an exercise's score.
    public var isScored: Bool { self != .refusedInput }
}

/// One mutant of an exercise's reference solution: where it changes the code and to what.
public struct Mutant: Sendable, Codable, Equatable {
    /// How a mutant is switched in: an expression replaced by another, or a statement replaced
    /// by another statement (possibly none).
    public enum Form: String, Sendable, Codable { case expression, statement }

    /// The mutant's number in its lesson's schemata (1…n; 0 is the unchanged reference).
    public var id: Int
    public var exercise: String
    public var kind: MutationOperator
    public var form: Form
    /// UTF-8 offsets of the changed code in the exercise block's code.
    public var start: Int
    public var end: Int
    /// 1-based line and column in the exercise block's code, and the line where the site ends.
    public var line: Int
    public var column: Int
    public var endLine: Int
    /// The code as written and as mutated, each on one line ("" when a statement is removed).
    public var original: String
    public var replacement: String

    /// `'a + b' → 'a - b'`: how reports and equivalent-mutant marks name the mutant.
    public var change: String {
        "'\(Self.shortened(original))' → " + (replacement.isEmpty ? "(removed)" : "'\(Self.shortened(replacement))'")
    }

    /// Long code is cut in the middle, so a report line stays readable.
    static func shortened(_ code: String) -> String {
        code.count <= 60 ? code : String(code.prefix(28)) + " … " + String(code.suffix(28))
    }
}
