import CourseToolchain
internal import SwiftOperators
internal import SwiftParser
internal import SwiftSyntax

/// Where the literal values of one test class go, so that the blind runner holds no expected
/// value whichever road it takes to an assertion: a helper's parameter (`assertClose(y, fixtureY)`),
/// a table a loop walks (`for (dt, expected) in [(0.01, 20.72)]`), a `zip` with the outputs, a
/// local `let`, a ternary.
///
/// Every value is followed (`Flow`). An assertion slot whose value is fixed by the test's text
/// is hidden like a literal: the grader takes it from the witness, which ran the same checks in
/// the same order. A literal is *scrubbed* (written as a zero of its kind in the blind form, so
/// shapes, counts and types stay) when a hidden slot reads it and nothing else does; any use the
/// walk does not recognise (a call into the code under test, a condition, an index, a `var`)
/// keeps it. A literal that a hidden slot reads but something else keeps is *exposed*: `course
/// check` names it, so the author can move it.
struct ExpectedValueFlow {
    /// Per block: offsets of the literal tokens the blind form writes as zeros.
    var scrubbed: [Set<Int>]
    /// Per block: offset of an assertion call → slots hidden beyond the rewriter's own constants.
    var hiddenSlots: [[Int: Int]]
    /// Per block: offsets of literal tokens that reach a hidden slot and stay in the runner,
    /// although no call receives them (so they are expected values, not inputs).
    var exposed: [Set<Int>]

    /// The flow of one class's blocks. `constants` are the names `NamedConstants` hides;
    /// `valueTypes` the lesson's types whose values an assertion may write as expected values.
    init(blocks: [String], constants: Set<String>, valueTypes: LessonValueTypes = LessonValueTypes()) {
        var walker = FlowWalker(blocks: blocks, constants: constants, valueTypes: valueTypes)
        walker.run()
        scrubbed = Array(repeating: [], count: blocks.count)
        exposed = scrubbed
        for leaf in walker.observed.union(walker.compared) {
            if !walker.needed.contains(leaf) {
                scrubbed[leaf.block].insert(leaf.offset)
            } else if walker.compared.contains(leaf) && !walker.inputs.contains(leaf) {
                // What the code under test is given is no secret from it.
                exposed[leaf.block].insert(leaf.offset)
            }
        }
        hiddenSlots = walker.hiddenSlots
    }
}

/// A literal token of one block.
struct LeafToken: Hashable {
    var block: Int
    var offset: Int
}

/// One name in scope: its value, and whether its scope was only guessed (a pattern inside a
/// construct the walk does not model), in which case an outer value of that name counts as used.
struct Binding {
    var flow: Flow
    var guessed = false
}

/// The abstract run over a class's code; see `ExpectedValueFlow`.
struct FlowWalker {
    let trees: [SourceFileSyntax]
    let constants: Set<String>
    let valueTypes: LessonValueTypes
    var block = 0
    var scopes: [[String: Binding]] = []
    var roots: [SyntaxIdentifier: (block: Int, node: Syntax)] = [:]
    var helpers: [String: FunctionDeclSyntax] = [:]
    /// Per helper, the join of what its call sites pass for each parameter.
    var parameterFlows: [String: [Flow?]] = [:]
    var nextParameterFlows: [String: [Flow?]] = [:]
    /// References that resolved to a member of the class (to find the ones that did not).
    var memberReferences: Set<SyntaxIdentifier> = []
    /// Loops whose turns may make different numbers of checks (see `walkLoop`), and helpers that
    /// may, as the last pass found them.
    var irregularLoops: Set<SyntaxIdentifier> = []
    var irregularHelpers: Set<String> = []
    var nextIrregularLoops: Set<SyntaxIdentifier> = []
    var everyLoopIrregular = false
    var nextIrregularHelpers: Set<String> = []
    /// Loops being walked, innermost last, and the function being walked.
    var openLoops: [SyntaxIdentifier] = []
    /// The literals (roots) of the tables that irregular loops walk: compared by a visible
    /// operand, their values are expected values the runner keeps (`course check` says so).
    var irregularTables: Set<SyntaxIdentifier> = []
    var currentFunction: (name: String, isTest: Bool)?
    var observed: Set<LeafToken> = []
    var needed: Set<LeafToken> = []
    /// Literals a hidden operand or accuracy reads (not only a message).
    var compared: Set<LeafToken> = []
    /// Literals passed to a call or a method: inputs of the code under test, as far as can be told.
    var inputs: Set<LeafToken> = []
    var hiddenSlots: [[Int: Int]]

    init(blocks: [String], constants: Set<String>, valueTypes: LessonValueTypes) {
        self.valueTypes = valueTypes
        trees = blocks.map { code in
            let parsed = Parser.parse(source: code)
            return OperatorTable.standardOperators.foldAll(parsed) { _ in }.as(SourceFileSyntax.self) ?? parsed
        }
        self.constants = constants
        hiddenSlots = Array(repeating: [:], count: blocks.count)
        var seen: Set<String> = []
        for tree in trees {
            for item in tree.statements {
                guard let function = item.item.as(FunctionDeclSyntax.self) else { continue }
                let name = function.name.text
                if seen.insert(name).inserted { helpers[name] = function } else { helpers[name] = nil }
            }
        }
    }

    /// Walks every function until what the helpers receive stops changing; the last walk's marks stand.
    mutating func run() {
        // First what the helpers receive with every loop taken as regular, then which loops are
        // not, from there: starting from unknown parameters would find every helper irregular.
        for _ in 0..<8 {
            pass()
            if nextParameterFlows == parameterFlows { break }
            parameterFlows = nextParameterFlows
        }
        for _ in 0..<8 {
            irregularLoops = nextIrregularLoops
            irregularHelpers = nextIrregularHelpers
            pass()
            let irregularityKnown = nextIrregularLoops == irregularLoops && nextIrregularHelpers == irregularHelpers
            if nextParameterFlows == parameterFlows && irregularityKnown { return }
            parameterFlows = nextParameterFlows
            irregularLoops = nextIrregularLoops
            irregularHelpers = nextIrregularHelpers
        }
        // No settled answer: nothing is taken as fixed that a parameter or a loop carries.
        parameterFlows = parameterFlows.mapValues { $0.map { _ in Flow.opaque } }
        everyLoopIrregular = true
        irregularHelpers = Set(helpers.keys)
        pass()
    }

    mutating func pass() {
        observed = []
        needed = []
        inputs = []
        compared = []
        irregularTables = []
        hiddenSlots = Array(repeating: [:], count: trees.count)
        nextParameterFlows = [:]
        memberReferences = []
        nextIrregularLoops = []
        nextIrregularHelpers = []
        // The class's members: stored `let`s first, visible from every method.
        var members: [String: Binding] = [:]
        var declared: [String: Int] = [:]
        for (index, tree) in trees.enumerated() {
            block = index
            scopes = [[:]]
            for item in tree.statements {
                guard let variable = item.item.as(VariableDeclSyntax.self) else { continue }
                declare(variable)
                for (name, binding) in scopes[0] {
                    declared[name, default: 0] += 1
                    members[name] = binding
                }
                scopes = [[:]]
            }
        }
        for (name, count) in declared where count > 1 {
            consume(members[name]!.flow, needed: true)
            members[name] = Binding(flow: .opaque)
        }
        for (index, tree) in trees.enumerated() {
            block = index
            for item in tree.statements where !item.item.is(VariableDeclSyntax.self) {
                scopes = [members]
                if let function = item.item.as(FunctionDeclSyntax.self) {
                    currentFunction = (function.name.text, function.name.text.hasPrefix("test") && function.signature.parameterClause.parameters.isEmpty)
                    walkFunction(function, parameters: parameterFlows[function.name.text])
                    currentFunction = nil
                } else {
                    walk(Syntax(item.item))
                }
            }
        }
        // A member reached some other way (`self.x`, a key path) counts as used.
        for (index, tree) in trees.enumerated() {
            block = index
            for token in tree.tokens(viewMode: .sourceAccurate) {
                guard let binding = members[token.text], let reference = token.parent?.as(DeclReferenceExprSyntax.self),
                    !memberReferences.contains(reference.id)
                else { continue }
                consume(binding.flow, needed: true)
            }
        }
    }

    // MARK: - Scopes

    mutating func bind(_ name: String, _ flow: Flow, guessed: Bool = false) {
        scopes[scopes.count - 1][name] = Binding(flow: flow, guessed: guessed)
    }

    mutating func lookup(_ reference: DeclReferenceExprSyntax) -> Flow? {
        let name = reference.baseName.text
        for (depth, scope) in scopes.enumerated().reversed() {
            guard let binding = scope[name] else { continue }
            if binding.guessed {
                for outer in scopes[..<depth] { if let shadowed = outer[name] { consume(shadowed.flow, needed: true) } }
            }
            if depth == 0 { memberReferences.insert(reference.id) }
            return binding.flow
        }
        return nil
    }

    mutating func scoped(_ body: (inout FlowWalker) -> Void) {
        scopes.append([:])
        body(&self)
        scopes.removeLast()
    }

    /// Binds the names of `pattern` to the parts of `flow`.
    mutating func bind(_ pattern: PatternSyntax, _ flow: Flow) {
        if let identifier = pattern.as(IdentifierPatternSyntax.self) {
            bind(identifier.identifier.text, flow)
        } else if let tuple = pattern.as(TuplePatternSyntax.self) {
            for (index, element) in tuple.elements.enumerated() { bind(element.pattern, flow.projected(.component(index))) }
        } else if let binding = pattern.as(ValueBindingPatternSyntax.self) {
            bind(binding.pattern, flow)
        } else if !pattern.is(WildcardPatternSyntax.self) {
            consume(flow, needed: true)
            guessBindings(in: Syntax(pattern))
        }
    }

    /// Names bound where the walk does not model the scope: unknown, and shadowing guessed.
    mutating func guessBindings(in node: Syntax) {
        for token in node.tokens(viewMode: .sourceAccurate) where token.parent?.is(IdentifierPatternSyntax.self) == true {
            bind(token.text, .opaque, guessed: true)
        }
    }

    // MARK: - Marks

    /// Marks the literals behind `flow` as read by a hidden slot, or as needed by the runner.
    /// `input`: the value goes to a call (needed, and no secret from the code it is passed to).
    /// Marks the literals behind `flow`: `needed` when the blind form must keep them, `input` when
    /// a call receives them, `message` for an assertion's message, `selected` when a visible
    /// operand of a check picks one of them at a position only the run decides.
    mutating func consume(_ flow: Flow, needed isNeeded: Bool, input: Bool = false, message: Bool = false, selected: Bool = false) {
        for path in flow.paths {
            guard let root = roots[path.root] else { continue }
            for token in LiteralLeaves.tokens(of: path, root: root.node) {
                let leaf = LeafToken(block: root.block, offset: token.positionAfterSkippingLeadingTrivia.utf8Offset)
                if isNeeded || input { needed.insert(leaf) } else { observed.insert(leaf) }
                if input { inputs.insert(leaf) }
                if (!isNeeded || selected) && !input && !message { compared.insert(leaf) }
            }
        }
    }

    // MARK: - Statements

    mutating func walkFunction(_ function: FunctionDeclSyntax, parameters: [Flow?]?) {
        scoped { walker in
            for (index, parameter) in function.signature.parameterClause.parameters.enumerated() {
                let name = (parameter.secondName ?? parameter.firstName).text
                var passed = parameters?[safe: index].flatMap { $0 }
                if !Self.isPlainLiteralType(parameter.type) {
                    // An argument converted to another type (by its literal initialiser) is that type's input.
                    if let flow = passed { walker.consume(flow, needed: true, input: true) }
                    passed = .opaque
                }
                // A call may leave a defaulted parameter out; the default is read here, in its own block.
                if let value = parameter.defaultValue?.value {
                    let fallback = walker.eval(value)
                    walker.bind(name, passed.map { walker.merge($0, fallback) } ?? fallback)
                } else {
                    walker.bind(name, passed ?? .opaque)
                }
            }
            if let body = function.body { walker.walk(Syntax(body)) }
        }
    }

    mutating func walk(_ node: Syntax) {
        if let expression = node.as(ExprSyntax.self) {
            consume(eval(expression), needed: true)
        } else if let variable = node.as(VariableDeclSyntax.self) {
            declare(variable)
        } else if let nested = node.as(FunctionDeclSyntax.self) {
            bind(nested.name.text, .opaque)
            walkFunction(nested, parameters: nil)
        } else if let body = node.as(CodeBlockSyntax.self) {
            scoped { walker in for item in body.statements { walker.walk(Syntax(item.item)) } }
        } else if let loop = node.as(ForStmtSyntax.self), loop.caseKeyword == nil, loop.tryKeyword == nil, loop.awaitKeyword == nil {
            walkLoop(loop)
        } else if node.is(WhileStmtSyntax.self) || node.is(RepeatStmtSyntax.self) {
            if containsChecks(node) { markIrregular() }
            for child in node.children(viewMode: .sourceAccurate) { walk(child) }
        } else if let guardStatement = node.as(GuardStmtSyntax.self) {
            walk(Syntax(guardStatement.body))
            conditions(guardStatement.conditions)
        } else if node.is(SwitchCaseSyntax.self) || node.is(AccessorDeclSyntax.self) || node.asProtocol(DeclGroupSyntax.self) != nil {
            // Their own scopes: a case's `let`, an accessor's `newValue`, a local type's members.
            scoped { walker in
                for name in ["newValue", "oldValue"] { walker.bind(name, .opaque) }
                walker.guessBindings(in: node)
                for child in node.children(viewMode: .sourceAccurate) { walker.walk(child) }
            }
        } else if let handler = node.as(CatchClauseSyntax.self) {
            scoped { walker in
                walker.bind("error", .opaque)
                walker.guessBindings(in: Syntax(handler.catchItems))
                walker.walk(Syntax(handler.body))
            }
        } else {
            if node.is(IdentifierPatternSyntax.self) { guessBindings(in: node) }
            for child in node.children(viewMode: .sourceAccurate) { walk(child) }
        }
    }

    /// A `for` loop. Its elements (and its turn number, for a range, `indices` or `enumerated()`)
    /// count as fixed only when the n-th check of each site inside ran in the same turn in the
    /// witness and in a student's run. The judge requires both runs to make the same checks in the
    /// same order, so that holds when every turn makes the same checks: no filter, branch or early
    /// exit in the body, no inner loop, closure or helper that can make a varying number, and a
    /// sequence fixed by the text unless the loop runs once per test (not nested, not in a helper).
    mutating func walkLoop(_ loop: ForStmtSyntax) {
        let sequence = eval(loop.sequence)
        let unfiltered = Self.isUnfiltered(loop)
        if (!unfiltered || !sequence.isFixed) && containsChecks(Syntax(loop.body)) { markIrregular() }
        let runsOnce = openLoops.isEmpty && currentFunction?.isTest == true
        let regular = unfiltered && !everyLoopIrregular && !irregularLoops.contains(loop.id) && (sequence.isFixed || runsOnce)
        var element = elements(of: sequence)
        if !regular {
            irregularTables.formUnion(element.paths.map(\.root))
        } else if Self.countsTurns(loop.sequence) {
            if case .tuple(let parts) = element, parts.count == 2 { element = .tuple([.structural, parts[1]]) } else { element = .structural }
        }
        openLoops.append(loop.id)
        scoped { walker in
            walker.bind(loop.pattern, element)
            if !regular {
                // Not fixed, but each part still its own (taken before it was unfixed):
                // `for (s, expected) in table` gives the code under test `s`, not `expected`.
                walker.scopes[walker.scopes.count - 1] = walker.scopes[walker.scopes.count - 1].mapValues {
                    Binding(flow: $0.flow.unfixed, guessed: $0.guessed)
                }
            }
            if let condition = loop.whereClause?.condition { walker.consume(walker.eval(condition), needed: true) }
            walker.walk(Syntax(loop.body))
        }
        openLoops.removeLast()
    }

    /// Whether `node` makes checks: an assertion, or a call of one of the class's functions.
    func containsChecks(_ node: Syntax) -> Bool {
        node.tokens(viewMode: .sourceAccurate).contains { token in
            guard case .identifier(let name) = token.tokenKind else { return false }
            return AssertionKind(xctestName: name) != nil || helpers[name] != nil
        }
    }

    /// Something here may make a varying number of checks: the loops around it, and the helper
    /// it is in, are irregular.
    mutating func markIrregular() {
        nextIrregularLoops.formUnion(openLoops)
        if let function = currentFunction, !function.isTest { nextIrregularHelpers.insert(function.name) }
    }

    /// `let` binds what its value is made of; `var` may change, so its value counts as used.
    mutating func declare(_ variable: VariableDeclSyntax) {
        let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let) && variable.modifiers.isEmpty
        for binding in variable.bindings {
            var flow = binding.initializer.map { eval($0.value) } ?? .opaque
            if let type = binding.typeAnnotation?.type, !Self.isPlainLiteralType(type) {
                // A literal that initialises another type (a `Set`, the lesson's own) is that type's input.
                consume(flow, needed: true, input: true)
                flow = .opaque
            }
            if isLet && binding.accessorBlock == nil {
                bind(binding.pattern, flow)
            } else {
                consume(flow, needed: true)
                if let accessors = binding.accessorBlock { walk(Syntax(accessors)) }
                guessBindings(in: Syntax(binding.pattern))
            }
        }
    }

    /// `if`/`guard`/`while` conditions: an optional binding binds, anything else is used.
    mutating func conditions(_ list: ConditionElementListSyntax) {
        for element in list {
            switch element.condition {
            case .expression(let expression): consume(eval(expression), needed: true)
            case .optionalBinding(let binding):
                let flow = binding.initializer.map { eval($0.value) } ?? .opaque
                bind(binding.pattern, flow)
            default: walk(Syntax(element.condition))
            }
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
