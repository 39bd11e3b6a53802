internal import SwiftSyntax

/// What a test expression's value is made of, as `ExpectedValueFlow` follows it: fixed by the
/// test's own text, or not.
///
/// A fixed value remembers the literal leaves it came from (`LiteralPath`s); structure is kept
/// where the test builds it (`[a, b]`, `(a, b)`, `zip`), so that destructuring takes the right
/// part. An unknown value depends on the code under test or on something the analysis does not
/// follow, and still remembers the literals that went into it: whatever reads it reads them.
indirect enum Flow: Hashable, Sendable {
    case unknown(Set<LiteralPath>)
    case fixed(Set<LiteralPath>)
    case array(Flow)
    case tuple([Flow])

    static let opaque = Flow.unknown([])
    /// A value fixed by the text with no literal leaf behind it: a count, an enum case.
    static let structural = Flow.fixed([])

    /// Whether the value is the same whichever solution runs.
    var isFixed: Bool {
        switch self {
        case .unknown: false
        case .fixed: true
        case .array(let element): element.isFixed
        case .tuple(let parts): parts.allSatisfy(\.isFixed)
        }
    }

    /// The same structure with nothing fixed.
    var unfixed: Flow {
        switch self {
        case .unknown: self
        case .fixed(let paths): .unknown(paths)
        case .array(let element): .array(element.unfixed)
        case .tuple(let parts): .tuple(parts.map(\.unfixed))
        }
    }

    /// Every literal path inside.
    var paths: Set<LiteralPath> {
        switch self {
        case .unknown(let paths), .fixed(let paths): paths
        case .array(let element): element.paths
        case .tuple(let parts): parts.reduce(into: []) { $0.formUnion($1.paths) }
        }
    }

    /// The part of the value a subscript, an iteration or a tuple label takes.
    func projected(_ projection: Projection) -> Flow {
        switch (self, projection) {
        case (.unknown, _): self
        case (.fixed(let paths), _): .fixed(Set(paths.map { $0.appending(projection) }))
        case (.array(let element), .element), (.array(let element), .subscripted): element
        case (.tuple(let parts), .component(let index)) where index < parts.count: parts[index]
        default: .unknown(paths)
        }
    }

    /// The value of `a` or `b` (a ternary, `??`, the elements of one array).
    static func join(_ a: Flow, _ b: Flow) -> Flow {
        switch (a, b) {
        case (.fixed(let x), .fixed(let y)): .fixed(x.union(y))
        case (.array(let x), .array(let y)): .array(join(x, y))
        case (.tuple(let x), .tuple(let y)) where x.count == y.count: .tuple(zip(x, y).map { join($0, $1) })
        case (.fixed(let x), _) where x.isEmpty && b.isFixed: b
        case (_, .fixed(let y)) where y.isEmpty && a.isFixed: a
        default: a.isFixed && b.isFixed ? .fixed(a.paths.union(b.paths)) : .unknown(a.paths.union(b.paths))
        }
    }

    /// A value computed from `parts` by arithmetic, a comparison or a pure function.
    static func combining(_ parts: [Flow]) -> Flow {
        let paths = parts.reduce(into: Set<LiteralPath>()) { $0.formUnion($1.paths) }
        return parts.allSatisfy(\.isFixed) ? .fixed(paths) : .unknown(paths)
    }
}

/// How a part is taken from a literal: an element of an array or entry of a dictionary (in
/// iteration), an element or a dictionary's value (by subscript), a tuple's component.
enum Projection: Hashable, Sendable {
    case element, subscripted
    case component(Int)
}

/// A literal expression of the test, and the way into it.
struct LiteralPath: Hashable, Sendable {
    var root: SyntaxIdentifier
    var projections: [Projection] = []

    func appending(_ projection: Projection) -> LiteralPath {
        LiteralPath(root: root, projections: projections + [projection])
    }
}

/// The literal tokens a `LiteralPath` reaches.
enum LiteralLeaves {
    /// Numbers and Booleans under the path, with the minus signs written before them (a string's
    /// length is structure, so strings stay; dictionary keys stay too, or two would collide).
    static func tokens(of path: LiteralPath, root: Syntax) -> [TokenSyntax] {
        nodes(of: path, root: root).flatMap(leaves)
    }

    /// Whether the path ends at a dictionary, whose order of iteration changes from process to process.
    static func reachesDictionary(_ path: LiteralPath, root: Syntax) -> Bool {
        nodes(of: path, root: root).contains { unwrapped($0).is(DictionaryExprSyntax.self) }
    }

    /// Whether the path ends at arrays or dictionaries only (whose shape scrubbing keeps).
    static func endsAtCollection(_ path: LiteralPath, root: Syntax) -> Bool {
        nodes(of: path, root: root).allSatisfy { unwrapped($0).is(ArrayExprSyntax.self) || unwrapped($0).is(DictionaryExprSyntax.self) }
    }

    private static func nodes(of path: LiteralPath, root: Syntax) -> [Syntax] {
        var nodes = [root]
        for projection in path.projections { nodes = nodes.flatMap { step(unwrapped($0), projection) } }
        return nodes
    }

    private static func step(_ node: Syntax, _ projection: Projection) -> [Syntax] {
        switch projection {
        case .element, .subscripted:
            if let array = node.as(ArrayExprSyntax.self) { return array.elements.map { Syntax($0.expression) } }
            if let dictionary = node.as(DictionaryExprSyntax.self), case .elements(let entries) = dictionary.content {
                return projection == .element ? entries.map { Syntax($0) } : entries.map { Syntax($0.value) }
            }
        case .component(let index):
            if let tuple = node.as(TupleExprSyntax.self), index < tuple.elements.count {
                return [Syntax(tuple.elements[tuple.elements.index(tuple.elements.startIndex, offsetBy: index)].expression)]
            }
            if let entry = node.as(DictionaryElementSyntax.self), index < 2 { return [Syntax(index == 0 ? entry.key : entry.value)] }
        }
        return [node]  // a shape the path does not match: all of it
    }

    private static func unwrapped(_ node: Syntax) -> Syntax {
        if let tuple = node.as(TupleExprSyntax.self), tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil {
            return unwrapped(Syntax(only.expression))
        }
        return node
    }

    private static func leaves(_ node: Syntax) -> [TokenSyntax] {
        node.tokens(viewMode: .sourceAccurate).filter { token in
            switch token.tokenKind {
            case .integerLiteral(_), .floatLiteral(_), .keyword(.true), .keyword(.false):
                !isDictionaryKey(token, under: node) && !isDivisor(token, under: node)
            case .prefixOperator("-"):
                token.parent?.as(PrefixOperatorExprSyntax.self).map { sign in
                    (sign.expression.is(IntegerLiteralExprSyntax.self) || sign.expression.is(FloatLiteralExprSyntax.self))
                        && !isDictionaryKey(token, under: node)
                } ?? false
            default: false
            }
        }
    }

    /// A divisor stays: `10 / 0` does not compile.
    private static func isDivisor(_ token: TokenSyntax, under root: Syntax) -> Bool {
        var node = token.parent
        while let current = node {
            if let infix = current.parent?.as(InfixOperatorExprSyntax.self), infix.rightOperand.id == current.id,
                let op = infix.operator.as(BinaryOperatorExprSyntax.self)?.operator.text, ["/", "%", "/=", "%="].contains(op)
            {
                return true
            }
            if let sequence = current.parent?.as(SequenceExprSyntax.self), let index = sequence.elements.firstIndex(where: { $0.id == current.id }),
                index != sequence.elements.startIndex,
                let op = sequence.elements[sequence.elements.index(before: index)].as(BinaryOperatorExprSyntax.self)?.operator.text,
                ["/", "%", "/=", "%="].contains(op)
            {
                return true
            }
            if current.id == root.id { break }
            node = current.parent
        }
        return false
    }

    private static func isDictionaryKey(_ token: TokenSyntax, under root: Syntax) -> Bool {
        var node = token.parent
        while let current = node, current.id != root.id {
            if let entry = current.parent?.as(DictionaryElementSyntax.self), entry.key.id == current.id { return true }
            node = current.parent
        }
        return false
    }

    /// The text a scrubbed literal is written as: a zero of the same literal kind, so the
    /// expression keeps its type; its sign goes (a sign is a bit of the value).
    static func zero(for token: TokenSyntax) -> String {
        switch token.tokenKind {
        case .prefixOperator(_): ""
        case .integerLiteral(_): "0"
        case .floatLiteral(_): "0.0"
        default: "false"
        }
    }
}
