import Foundation

/// An expression of the small function language inside `map`, `sequence_map` and custom `select`
/// predicates: literals, the function's parameters, arithmetic, comparisons, `and`/`or`/`not`,
/// `if … then … else …`, `min`/`max`/`abs`/`floor` and lookup tables.
///
/// Functions are expressions rather than Swift closures so that every program prints as text
/// (the text goes into a compiled model's metadata) and two programs can be compared.
public indirect enum Expr: Sendable {
    case literal(Value)
    case variable(String)
    case negate(Expr)
    case not(Expr)
    case binary(BinaryOperator, Expr, Expr)
    case conditional(Expr, Expr, Expr)
    case call(Builtin, [Expr])
    case lookup(LookupTable, Expr)

    /// Binary operators, with Python's meaning (tracr's functions are Python lambdas).
    public enum BinaryOperator: String, Sendable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case and, or

        /// Binding strength for parsing and printing; higher binds tighter.
        var precedence: Int {
            switch self {
            case .or: return 1
            case .and: return 2
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
            case .add, .subtract: return 5
            case .multiply, .divide, .remainder: return 6
            }
        }
    }

    /// The built-in functions.
    public enum Builtin: String, Sendable, CaseIterable {
        case min, max, abs, floor

        var arity: Int { self == .min || self == .max ? 2 : 1 }
    }

    /// Every parameter name the expression reads.
    var variables: Set<String> {
        switch self {
        case .literal: return []
        case .variable(let n): return [n]
        case .negate(let e), .not(let e): return e.variables
        case .binary(_, let a, let b): return a.variables.union(b.variables)
        case .conditional(let c, let a, let b): return c.variables.union(a.variables).union(b.variables)
        case .call(_, let args): return args.reduce(into: []) { $0.formUnion($1.variables) }
        case .lookup(_, let key): return key.variables
        }
    }

    /// Whether the expression, as a tree, has at most `nodes` nodes and `height` levels. Walks with a
    /// stack and stops at the first node past either bound, so it is cheap even for a body whose
    /// subtrees are shared (a fused map of `x -> x + x` doubles the tree with every fusion).
    func fits(nodes: Int, height: Int) -> Bool {
        var pending: [(Expr, Int)] = [(self, 1)]
        var count = 0
        while let (e, level) = pending.popLast() {
            count += 1
            guard count <= nodes, level <= height else { return false }
            switch e {
            case .literal, .variable: break
            case .negate(let a), .not(let a), .lookup(_, let a): pending.append((a, level + 1))
            case .binary(_, let a, let b): pending += [(a, level + 1), (b, level + 1)]
            case .conditional(let a, let b, let c): pending += [(a, level + 1), (b, level + 1), (c, level + 1)]
            case .call(_, let args): pending += args.map { ($0, level + 1) }
            }
        }
        return true
    }

    /// The expression with `name` replaced by `replacement` (functions have no free variables
    /// besides their parameters, so no capture can happen). Used to fuse a map of a map, as tracr's Map does.
    func substituting(_ name: String, with replacement: Expr) -> Expr {
        switch self {
        case .literal: return self
        case .variable(let n): return n == name ? replacement : self
        case .negate(let e): return .negate(e.substituting(name, with: replacement))
        case .not(let e): return .not(e.substituting(name, with: replacement))
        case .binary(let op, let a, let b):
            return .binary(op, a.substituting(name, with: replacement), b.substituting(name, with: replacement))
        case .conditional(let c, let a, let b):
            return .conditional(
                c.substituting(name, with: replacement), a.substituting(name, with: replacement),
                b.substituting(name, with: replacement))
        case .call(let f, let args): return .call(f, args.map { $0.substituting(name, with: replacement) })
        case .lookup(let t, let key): return .lookup(t, key.substituting(name, with: replacement))
        }
    }
}

// MARK: Evaluation

extension Expr {
    /// Evaluates with `bindings[i]` as the value of `parameters[i]`.
    func evaluator(parameters: [String]) -> @Sendable ([Value]) throws -> Value {
        switch self {
        case .literal(let v):
            return { _ in v }
        case .variable(let n):
            guard let slot = parameters.firstIndex(of: n) else {
                preconditionFailure("variable \(n) is not a parameter of \(parameters)")
            }
            return { args in args[slot] }
        case .negate(let e):
            let f = e.evaluator(parameters: parameters)
            return { args in
                let v = try f(args)
                guard case .number(let d) = v else { throw ExprError("cannot negate \(Expr.quoted(v))") }
                return .number(-d)
            }
        case .not(let e):
            let f = e.evaluator(parameters: parameters)
            return { args in Value(bool: !(try f(args).isTrue)) }
        case .binary(let op, let a, let b):
            let fa = a.evaluator(parameters: parameters)
            let fb = b.evaluator(parameters: parameters)
            switch op {
            // Short-circuit as Python does, so `x != 0 and 1 / x > 2` never divides by zero.
            case .and: return { args in Value(bool: try fa(args).isTrue && fb(args).isTrue) }
            case .or: return { args in Value(bool: try fa(args).isTrue || fb(args).isTrue) }
            default: return { args in try Expr.apply(op, try fa(args), try fb(args)) }
            }
        case .conditional(let c, let a, let b):
            let fc = c.evaluator(parameters: parameters)
            let fa = a.evaluator(parameters: parameters)
            let fb = b.evaluator(parameters: parameters)
            return { args in try fc(args).isTrue ? fa(args) : fb(args) }
        case .call(let builtin, let exprs):
            let fs = exprs.map { $0.evaluator(parameters: parameters) }
            return { args in try Expr.apply(builtin, try fs.map { try $0(args) }) }
        case .lookup(let table, let key):
            let fk = key.evaluator(parameters: parameters)
            return { args in try table.value(at: try fk(args)) }
        }
    }

    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .equal: return Value(bool: a == b)
        case .notEqual: return Value(bool: a != b)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order = try compare(a, b, op.rawValue)
            switch op {
            case .less: return Value(bool: order < 0)
            case .lessOrEqual: return Value(bool: order <= 0)
            case .greater: return Value(bool: order > 0)
            default: return Value(bool: order >= 0)
            }
        case .add:
            switch (a, b) {
            case (.number(let x), .number(let y)): return .number(x + y)
            case (.string(let x), .string(let y)): return .string(x + y)
            default: throw ExprError("cannot add \(quoted(a)) and \(quoted(b))")
            }
        case .subtract, .multiply, .divide, .remainder:
            guard case .number(let x) = a, case .number(let y) = b else {
                throw ExprError("\(op.rawValue) needs two numbers, got \(quoted(a)) and \(quoted(b))")
            }
            switch op {
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            case .divide:
                guard y != 0 else { throw ExprError("division by zero") }
                return .number(x / y)
            default:
                guard y != 0 else { throw ExprError("remainder by zero") }
                // Python's %: the result takes the divisor's sign.
                var r = fmod(x, y)
                if r != 0 && (r < 0) != (y < 0) { r += y }
                return .number(r)
            }
        case .and, .or:
            preconditionFailure("and/or short-circuit in evaluator(parameters:)")
        }
    }

    /// -1, 0 or 1; numbers with numbers and strings with strings only, as Python orders them.
    static func compare(_ a: Value, _ b: Value, _ what: String) throws -> Int {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)):
            if x == y { return 0 }
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : 1
        default: throw ExprError("cannot compare \(quoted(a)) \(what) \(quoted(b))")
        }
    }

    static func apply(_ f: Builtin, _ args: [Value]) throws -> Value {
        switch f {
        case .min, .max:
            let order = try compare(args[0], args[1], f.rawValue)
            return (f == .min) == (order <= 0) ? args[0] : args[1]
        case .abs, .floor:
            guard case .number(let x) = args[0] else {
                throw ExprError("\(f.rawValue) needs a number, got \(quoted(args[0]))")
            }
            return .number(f == .abs ? Swift.abs(x) : x.rounded(.down))
        }
    }

    /// A value as the text syntax writes it (strings in double quotes).
    static func quoted(_ v: Value) -> String {
        switch v {
        case .number: return v.description
        case .string(let s):
            var out = "\""
            for c in s {
                switch c {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default: out.append(c)
                }
            }
            return out + "\""
        }
    }
}

// MARK: Printing

extension Expr: CustomStringConvertible {
    /// The expression in the text syntax, with only the parentheses precedence needs.
    public var description: String { printed(context: 0) }

    /// `context` is the precedence of the surrounding operator; 0 accepts anything.
    func printed(context: Int) -> String {
        switch self {
        case .literal(let v): return Expr.quoted(v)
        case .variable(let n): return n
        case .negate(let e): return wrap("-" + e.printed(context: 7), 7, context)
        case .not(let e): return wrap("not " + e.printed(context: 3), 3, context)
        case .binary(let op, let a, let b):
            let p = op.precedence
            // Comparisons do not chain in the grammar, so both sides of one need a tighter operator.
            let left = a.printed(context: op.precedence == 4 ? p + 1 : p)
            let right = b.printed(context: p + 1)
            return wrap("\(left) \(op.rawValue) \(right)", p, context)
        case .conditional(let c, let a, let b):
            let text = "if \(c.printed(context: 0)) then \(a.printed(context: 0)) else \(b.printed(context: 0))"
            return wrap(text, 0, context)
        case .call(let f, let args):
            return "\(f.rawValue)(\(args.map { $0.printed(context: 0) }.joined(separator: ", ")))"
        case .lookup(let t, let key):
            var parts = t.entries.map { "\(Expr.quoted($0.key)): \(Expr.quoted($0.value))" }
            if let f = t.fallback { parts.append("_: \(Expr.quoted(f))") }
            return "{\(parts.joined(separator: ", "))}[\(key.printed(context: 0))]"
        }
    }

    private func wrap(_ s: String, _ own: Int, _ context: Int) -> String {
        // A conditional (own 0) inside any operator needs parentheses; it extends as far right as it can.
        own < context || (own == 0 && context > 0) ? "(\(s))" : s
    }
}
