import ReckonSupport

/// Turns parsed statements into s-ops: resolves names, checks every primitive's arguments, and
/// applies tracr's operator sugar (an operator on an s-op and a constant is a `map`, on two s-ops
/// a `sequence_map`). Inside a function only its parameters and named constants are visible.
struct Elaborator {
    /// What a name or an expression stands for at the statement level.
    enum Term {
        case sop(SOp)
        case selector(Selector)
        case constant(Value)
        case function(Function)
        case comparison(Comparison)

        var noun: String {
            switch self {
            case .sop: return "an s-op"
            case .selector: return "a selector"
            case .constant: return "a constant"
            case .function: return "a function"
            case .comparison: return "a comparison"
            }
        }
    }

    static let primitives: Set<String> = [
        "map", "sequence_map", "select", "aggregate", "selector_width",
        "numerical", "categorical",
    ]
    static let reserved: Set<String> = primitives.union(Expr.Builtin.allCases.map(\.rawValue))
        .union(Comparison.allCases.map(\.rawValue)).union(["tokens", "indices", "one", "_"]).union(Parser.keywords)

    private var scope: [String: (term: Term, location: SourceLocation)] = [:]
    /// Every s-op and selector the statements so far define (`RaspLimits.programNodes` bounds them).
    private var defined: Set<ObjectIdentifier> = []

    /// The program whose output is the last statement.
    static func program(_ text: String) throws -> Program {
        let bytes = text.utf8.count
        guard bytes <= RaspLimits.sourceBytes else {
            throw ParseError(
                SourceLocation(line: 1, column: 1),
                "the program is \(bytes) bytes; a program has at most \(RaspLimits.sourceBytes) (1 MiB)")
        }
        let statements = try Parser.statements(text)
        var e = Elaborator()
        var last: (Term, Statement)?
        for s in statements {
            if Elaborator.reserved.contains(s.name) {
                throw ParseError(s.nameLocation, "'\(s.name)' is a built-in name; choose another")
            }
            if let previous = e.scope[s.name] {
                throw ParseError(s.nameLocation, "'\(s.name)' is already defined at \(previous.location)")
            }
            var term = try e.term(s.value)
            switch term {
            case .sop(let sop):
                // A bare `tokens`/`indices` stays the input itself; anything else takes the statement's name.
                switch sop.operation {
                case .tokens, .indices: break
                default: term = .sop(sop.named(s.name))
                }
            case .selector(let sel): term = .selector(sel.named(s.name))
            case .constant: break
            case .function, .comparison:
                throw ParseError(
                    s.value.location,
                    "a statement defines an s-op, a selector or a constant, not \(term.noun)")
            }
            try e.count(term, s)
            e.scope[s.name] = (term, s.nameLocation)
            last = (term, s)
        }
        guard let (term, statement) = last else {
            throw ParseError(
                SourceLocation(line: 1, column: 1),
                "the program is empty; its last statement defines the output")
        }
        guard case .sop(let output) = term else {
            throw ParseError(
                statement.nameLocation,
                "the last statement is the program's output and must define "
                    + "an s-op, but '\(statement.name)' is \(term.noun)")
        }
        return Program(output, source: text)
    }

    /// Adds the s-ops and selectors a statement's term reads to `defined`, walking only nodes not
    /// seen before (so the whole program costs one walk), and refuses a program beyond the bound.
    private mutating func count(_ term: Term, _ statement: Statement) throws {
        var pending: [SOp.Node]
        switch term {
        case .sop(let s): pending = [.sop(s)]
        case .selector(let s): pending = [.selector(s)]
        default: return
        }
        while let node = pending.popLast() {
            guard defined.insert(node.identity).inserted else { continue }
            guard defined.count <= RaspLimits.programNodes else {
                throw ParseError(
                    statement.nameLocation,
                    "a program defines at most \(RaspLimits.programNodes) s-ops and selectors; "
                        + "'\(statement.name)' goes beyond that")
            }
            switch node {
            case .sop(let s): pending += s.children
            case .selector(let s): pending += s.children
            }
        }
    }

    // MARK: Statement level

    private func term(_ node: Syntax) throws -> Term {
        let at = node.location
        switch node.kind {
        case .number(let d): return .constant(.number(d))
        case .string(let s): return .constant(.string(s))
        case .bool(let b): return .constant(Value(bool: b))
        case .name(let n):
            if n == "tokens" { return .sop(RASP.tokens) }
            if n == "indices" { return .sop(RASP.indices) }
            if let c = Comparison(rawValue: n) { return .comparison(c) }
            if let bound = scope[n] { return bound.term }
            throw ParseError(at, unknownName(n))
        case .negate(let inner):
            switch try term(inner) {
            case .constant(let v): return .constant(try fold(.negate(.literal(v)), at))
            case .sop(let s): return .sop(sugar(s, .negate(x), at))
            case let other: throw ParseError(at, "cannot negate \(other.noun)")
            }
        case .not(let inner):
            switch try term(inner) {
            case .constant(let v): return .constant(try fold(.not(.literal(v)), at))
            case .sop(let s): return .sop(sugar(s, .not(x), at))
            case let other: throw ParseError(at, "cannot apply 'not' to \(other.noun)")
            }
        case .binary(let op, let l, let r):
            let a = try term(l)
            let b = try term(r)
            switch (a, b) {
            case (.constant(let x), .constant(let y)):
                return .constant(try fold(.binary(op, .literal(x), .literal(y)), at))
            case (.sop(let x), .constant(let y)):
                return .sop(sugar(x, .binary(op, Elaborator.x, .literal(y)), at))
            case (.constant(let x), .sop(let y)):
                return .sop(sugar(y, .binary(op, .literal(x), Elaborator.x), at))
            case (.sop(let x), .sop(let y)):
                let f = Function(parameters: ["x", "y"], body: .binary(op, .variable("x"), .variable("y")))
                return .sop(RASP.sequenceMap(f, x, y, location: at))
            case (.selector(let x), .selector(let y)) where op == .and:
                let joined = Selector(.and(x, y), location: at)
                guard joined.conjunctCount <= RaspLimits.selectorConjuncts else {
                    throw ParseError(
                        at,
                        "a selector joins at most \(RaspLimits.selectorConjuncts) selects with 'and'; "
                            + "this one would join \(joined.conjunctCount)")
                }
                return .selector(joined)
            case (.selector, .selector):
                throw ParseError(at, "selectors combine only with 'and' (what both select)")
            default:
                let other = (a.isValueLike ? b : a)
                throw ParseError(at, "'\(op.rawValue)' works on s-ops and constants, not on \(other.noun)")
            }
        case .conditional(let c, let x, let y):
            guard case .constant(let cv) = try term(c) else {
                throw ParseError(at, "'if' on s-ops belongs inside a function: map(x -> if … then … else …, s)")
            }
            return try term(cv.isTrue ? x : y)
        case .call(let name, let args): return try call(name, args, at)
        case .function(let params, let body):
            return .function(Function(parameters: params, body: try expr(body, parameters: params)))
        case .table: throw ParseError(at, "a table can only be used inside a function, as {…}[x]")
        case .index: throw ParseError(at, "indexing a table works only inside a function")
        }
    }

    /// The parameter of a sugar map. Made on each use rather than kept in a static: LeakSanitizer
    /// (`make fuzz`) cannot see the tagged pointer a static indirect enum holds and reports it.
    private static var x: Expr { .variable("x") }
    private var x: Expr { Elaborator.x }

    /// The map an operator on an s-op and a constant stands for (tracr's operator sugar).
    private func sugar(_ s: SOp, _ body: Expr, _ at: SourceLocation) -> SOp {
        RASP.map(Function(parameters: ["x"], body: body), s, location: at)
    }

    private func unknownName(_ n: String) -> String {
        if Elaborator.primitives.contains(n) { return "'\(n)' is a function; call it as \(n)(…)" }
        let lower = n.uppercased()
        if Comparison(rawValue: lower) != nil { return "'\(n)' is not defined (comparisons are upper case: \(lower))" }
        return "'\(n)' is not defined"
    }

    private func fold(_ e: Expr, _ at: SourceLocation) throws -> Value {
        do { return try Function(parameters: ["_"], body: e).apply([.number(0)]) } catch {
            throw ParseError(at, "\(error)")
        }
    }

    private func call(_ name: String, _ args: [Syntax.Argument], _ at: SourceLocation) throws -> Term {
        if let builtin = Expr.Builtin(rawValue: name) {
            let values = try args.map { arg -> Expr in
                guard arg.label == nil, case .constant(let v) = try term(arg.value) else {
                    throw ParseError(
                        arg.location,
                        "\(name) on s-ops belongs inside a function: map(x -> \(name)(x…), s)")
                }
                return .literal(v)
            }
            guard values.count == builtin.arity else {
                throw ParseError(at, "\(name) takes \(builtin.arity) argument(s)")
            }
            return .constant(try fold(.call(builtin, values), at))
        }
        guard Elaborator.primitives.contains(name) else {
            if scope[name] != nil { throw ParseError(at, "'\(name)' is not a function") }
            throw ParseError(
                at,
                "unknown function '\(name)' (the primitives are "
                    + "\(Elaborator.primitives.sorted().joined(separator: ", ")))")
        }
        var positional: [Syntax.Argument] = []
        var labelled: [String: Syntax.Argument] = [:]
        for a in args {
            if let l = a.label {
                guard labelled[l] == nil else { throw ParseError(a.location, "'\(l)' is given twice") }
                labelled[l] = a
            } else {
                guard labelled.isEmpty else {
                    throw ParseError(a.location, "a positional argument follows a labelled one")
                }
                positional.append(a)
            }
        }
        func arity(_ n: Int, _ shape: String, labels: Set<String> = []) throws {
            guard positional.count == n else {
                throw ParseError(at, "\(name) takes \(n) argument\(n == 1 ? "" : "s"): \(name)(\(shape))")
            }
            for (l, a) in labelled where !labels.contains(l) {
                let known = labels.sorted().map { "\($0):" }.joined(separator: ", ")
                throw ParseError(
                    a.location,
                    labels.isEmpty
                        ? "\(name) takes no labelled arguments"
                        : "\(name) has no argument '\(l)' (it takes \(known))")
            }
        }
        func sop(_ a: Syntax.Argument, _ role: String) throws -> SOp {
            let t = try term(a.value)
            guard case .sop(let s) = t else {
                throw ParseError(a.location, "\(name) expects an s-op as its \(role), not \(t.noun)")
            }
            return s
        }
        func function(_ a: Syntax.Argument, parameters n: Int, _ role: String) throws -> Function {
            guard case .function(let params, _) = a.value.kind else {
                let example = n == 1 ? "x -> x + 1" : "(x, y) -> x + y"
                throw ParseError(a.location, "\(name) expects a function as its \(role), such as \(example)")
            }
            guard params.count == n else {
                throw ParseError(
                    a.location,
                    "the \(role) of \(name) takes \(n) parameter\(n == 1 ? "" : "s"), "
                        + "this one \(params.count)")
            }
            guard case .function(let f) = try term(a.value) else { preconditionFailure() }
            return f
        }
        func constant(_ a: Syntax.Argument, _ role: String) throws -> Value {
            guard case .constant(let v) = try term(a.value) else {
                throw ParseError(a.location, "\(role) must be a constant")
            }
            return v
        }

        switch name {
        case "map":
            try arity(2, "function, s-op", labels: ["simplify"])
            var simplify = true
            if let s = labelled["simplify"] { simplify = try constant(s, "simplify").isTrue }
            return .sop(
                RASP.map(
                    try function(positional[0], parameters: 1, "first argument"),
                    try sop(positional[1], "second argument"), simplify: simplify, location: at))
        case "sequence_map":
            try arity(3, "function, s-op, s-op")
            return .sop(
                RASP.sequenceMap(
                    try function(positional[0], parameters: 2, "first argument"),
                    try sop(positional[1], "second argument"),
                    try sop(positional[2], "third argument"), location: at))
        case "select":
            try arity(3, "keys, queries, predicate")
            let keys = try sop(positional[0], "keys")
            let queries = try sop(positional[1], "queries")
            let predicate: Predicate
            if case .function = positional[2].value.kind {
                predicate = .function(try function(positional[2], parameters: 2, "predicate"))
            } else {
                guard case .comparison(let c) = try term(positional[2].value) else {
                    throw ParseError(
                        positional[2].location,
                        "the predicate of select is EQ, LT, LEQ, GT, GEQ, NEQ, "
                            + "TRUE, FALSE or a function (k, q) -> …")
                }
                predicate = .comparison(c)
            }
            return .selector(Selector(keys: keys, queries: queries, predicate: predicate, location: at))
        case "aggregate":
            try arity(2, "selector, s-op", labels: ["default"])
            let t = try term(positional[0].value)
            guard case .selector(let selector) = t else {
                throw ParseError(
                    positional[0].location,
                    "aggregate expects a selector first (select(…)), not \(t.noun)")
            }
            let d = try labelled["default"].map { try constant($0, "default") }
            return .sop(SOp(.aggregate(selector, try sop(positional[1], "second argument"), default: d), location: at))
        case "selector_width":
            try arity(1, "selector")
            let t = try term(positional[0].value)
            guard case .selector(let selector) = t else {
                throw ParseError(
                    positional[0].location,
                    "selector_width expects a selector (select(…)), not \(t.noun)")
            }
            return .sop(SOp(.selectorWidth(selector), location: at))
        default:  // numerical, categorical
            try arity(1, "s-op")
            let s = try sop(positional[0], "argument")
            return .sop(s.encoded(name == "numerical" ? .numerical : .categorical))
        }
    }

    // MARK: Inside a function

    private func expr(_ node: Syntax, parameters: [String]) throws -> Expr {
        let at = node.location
        func sub(_ n: Syntax) throws -> Expr { try expr(n, parameters: parameters) }
        switch node.kind {
        case .number(let d): return .literal(.number(d))
        case .string(let s): return .literal(.string(s))
        case .bool(let b): return .literal(Value(bool: b))
        case .name(let n):
            if parameters.contains(n) { return .variable(n) }
            if let bound = scope[n] {
                if case .constant(let v) = bound.term { return .literal(v) }
                throw ParseError(
                    at,
                    "'\(n)' is \(bound.term.noun); a function sees only its parameters and constants"
                        + " (pass an s-op to sequence_map instead)")
            }
            if n == "tokens" || n == "indices" {
                throw ParseError(at, "'\(n)' is an s-op; a function sees only its parameters and constants")
            }
            throw ParseError(at, "'\(n)' is not defined (the parameters are \(parameters.joined(separator: ", ")))")
        case .negate(let e): return .negate(try sub(e))
        case .not(let e): return .not(try sub(e))
        case .binary(let op, let a, let b): return .binary(op, try sub(a), try sub(b))
        case .conditional(let c, let a, let b): return .conditional(try sub(c), try sub(a), try sub(b))
        case .call(let name, let args):
            guard let builtin = Expr.Builtin(rawValue: name) else {
                throw ParseError(
                    at,
                    Elaborator.primitives.contains(name)
                        ? "\(name) builds s-ops and cannot be used inside a function"
                        : "unknown function '\(name)' (inside a function: min, max, abs, floor)")
            }
            guard args.count == builtin.arity, args.allSatisfy({ $0.label == nil }) else {
                throw ParseError(at, "\(name) takes \(builtin.arity) argument\(builtin.arity == 1 ? "" : "s")")
            }
            return .call(builtin, try args.map { try sub($0.value) })
        case .function: throw ParseError(at, "a function cannot be defined inside another function")
        case .table: throw ParseError(at, "a table must be indexed: {…}[x]")
        case .index(let base, let key):
            guard case .table(let entries) = base.kind else {
                throw ParseError(at, "only a table {…} can be indexed")
            }
            var pairs: [(key: Value, value: Value)] = []
            var fallback: Value?
            var seen: Set<Value> = []
            for (k, v) in entries {
                let value = try literal(v)
                if let k {
                    let key = try literal(k)
                    guard seen.insert(key).inserted else {
                        throw ParseError(k.location, "the key \(Expr.quoted(key)) appears twice")
                    }
                    pairs.append((key, value))
                } else {
                    guard fallback == nil else { throw ParseError(v.location, "the table has two '_' entries") }
                    fallback = value
                }
            }
            return .lookup(LookupTable(pairs, fallback: fallback), try sub(key))
        }
    }

    /// A table key or value: a literal, possibly negated, or a named constant.
    private func literal(_ node: Syntax) throws -> Value {
        guard case .constant(let v) = try? term(node) else {
            throw ParseError(node.location, "table keys and values must be constants")
        }
        return v
    }
}

extension Elaborator.Term {
    var isValueLike: Bool {
        switch self {
        case .sop, .constant: return true
        default: return false
        }
    }
}

extension Program {
    /// Parses a program in the text syntax; errors are `ParseError`s naming `file` and a line:column.
    public init(parsing text: String, file: String? = nil) throws {
        // Parsing and elaborating recurse once per nesting level: on a stack of known size.
        do { self = try LargeStack.run { try Elaborator.program(text) } } catch var e as ParseError {
            e.file = file
            throw e
        }
    }
}
