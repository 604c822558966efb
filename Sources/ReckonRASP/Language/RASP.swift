/// The Swift DSL for RASP programs, named after tracr's `rasp` module:
///
/// ```swift
/// let length = RASP.selectorWidth(RASP.select(RASP.tokens, RASP.tokens, .true)).named("length")
/// let opp = (length - RASP.indices).named("opp_idx")
/// let reverse = RASP.aggregate(RASP.select(RASP.indices, opp - 1, .eq), RASP.tokens).named("reverse")
/// ```
///
/// Functions are written as Swift closures over `Expr` (`RASP.map(x) { $0 + 1 }`); the closure runs
/// once, on symbolic parameters, and its result is the function's expression.
public enum RASP {
    /// The input tokens.
    public static let tokens = SOp(.tokens)
    /// The positions 0, 1, …, n−1.
    public static let indices = SOp(.indices)

    /// f applied at every position. With `simplify` (tracr's default), a map of an unnamed map becomes
    /// one map; a named map is kept, because a name promises an s-op the compiled model computes,
    /// and so is one whose fused function would pass `RaspLimits.fusedFunctionNodes` or nest deeper
    /// than half of `RaspLimits.nesting`.
    public static func map(_ inner: SOp, simplify: Bool = true, _ f: (Expr) -> Expr) -> SOp {
        map(Function(parameters: ["x"], body: f(.variable("x"))), inner, simplify: simplify)
    }

    /// `map` with a function already built (the parser's entry).
    public static func map(_ f: Function, _ inner: SOp, simplify: Bool = true, location: SourceLocation? = nil) -> SOp {
        precondition(f.parameters.count == 1, "map takes a function of one parameter")
        if simplify, inner.name == nil, case .map(let g, let innermost) = inner.operation,
            let fused = f.composed(after: g)
        {
            return SOp(.map(fused, innermost), location: location)
        }
        return SOp(.map(f, inner), location: location)
    }

    /// f(a, b) at every position.
    public static func sequenceMap(_ a: SOp, _ b: SOp, _ f: (Expr, Expr) -> Expr) -> SOp {
        sequenceMap(Function(parameters: ["x", "y"], body: f(.variable("x"), .variable("y"))), a, b)
    }

    /// `sequenceMap` with a function already built.
    public static func sequenceMap(_ f: Function, _ a: SOp, _ b: SOp, location: SourceLocation? = nil) -> SOp {
        precondition(f.parameters.count == 2, "sequence_map takes a function of two parameters")
        return SOp(.sequenceMap(f, a, b), location: location)
    }

    /// The query at i selects the key at j when `comparison(keys[j], queries[i])` holds.
    public static func select(_ keys: SOp, _ queries: SOp, _ comparison: Comparison) -> Selector {
        Selector(keys: keys, queries: queries, predicate: .comparison(comparison))
    }

    /// A selector with a custom predicate of (key, query).
    public static func select(
        _ keys: SOp, _ queries: SOp,
        _ predicate: (_ key: Expr, _ query: Expr) -> Expr
    ) -> Selector {
        let f = Function(parameters: ["k", "q"], body: predicate(.variable("k"), .variable("q")))
        return Selector(keys: keys, queries: queries, predicate: .function(f))
    }

    /// The mean of the selected values of `sop` at every query; `default` where nothing is selected.
    public static func aggregate(_ selector: Selector, _ sop: SOp, default: Value? = nil) -> SOp {
        SOp(.aggregate(selector, sop, default: `default`))
    }

    /// How many keys each query selects.
    public static func selectorWidth(_ selector: Selector) -> SOp { SOp(.selectorWidth(selector)) }

    /// The s-op encoded as one number (tracr's `rasp.numerical`).
    public static func numerical(_ sop: SOp) -> SOp { sop.encoded(.numerical) }

    /// The s-op encoded as a one-hot over its values (tracr's `rasp.categorical`, the default).
    public static func categorical(_ sop: SOp) -> SOp { sop.encoded(.categorical) }
}

// MARK: Operators on s-ops (tracr's operator sugar: with a constant a Map, with an s-op a SequenceMap)

extension SOp {
    static func lift(_ lhs: SOp, _ op: Expr.BinaryOperator, _ rhs: SOp) -> SOp {
        RASP.sequenceMap(lhs, rhs) { .binary(op, $0, $1) }
    }
    static func lift(_ lhs: SOp, _ op: Expr.BinaryOperator, _ rhs: Value) -> SOp {
        RASP.map(lhs) { .binary(op, $0, .literal(rhs)) }
    }
    static func lift(_ lhs: Value, _ op: Expr.BinaryOperator, _ rhs: SOp) -> SOp {
        RASP.map(rhs) { .binary(op, .literal(lhs), $0) }
    }

    public static func + (a: SOp, b: SOp) -> SOp { lift(a, .add, b) }
    public static func + (a: SOp, b: Value) -> SOp { lift(a, .add, b) }
    public static func + (a: Value, b: SOp) -> SOp { lift(a, .add, b) }
    public static func - (a: SOp, b: SOp) -> SOp { lift(a, .subtract, b) }
    public static func - (a: SOp, b: Value) -> SOp { lift(a, .subtract, b) }
    public static func - (a: Value, b: SOp) -> SOp { lift(a, .subtract, b) }
    public static func * (a: SOp, b: SOp) -> SOp { lift(a, .multiply, b) }
    public static func * (a: SOp, b: Value) -> SOp { lift(a, .multiply, b) }
    public static func * (a: Value, b: SOp) -> SOp { lift(a, .multiply, b) }
    public static func / (a: SOp, b: SOp) -> SOp { lift(a, .divide, b) }
    public static func / (a: SOp, b: Value) -> SOp { lift(a, .divide, b) }
    public static func == (a: SOp, b: SOp) -> SOp { lift(a, .equal, b) }
    public static func == (a: SOp, b: Value) -> SOp { lift(a, .equal, b) }
    public static func != (a: SOp, b: SOp) -> SOp { lift(a, .notEqual, b) }
    public static func != (a: SOp, b: Value) -> SOp { lift(a, .notEqual, b) }
    public static func < (a: SOp, b: SOp) -> SOp { lift(a, .less, b) }
    public static func < (a: SOp, b: Value) -> SOp { lift(a, .less, b) }
    public static func <= (a: SOp, b: SOp) -> SOp { lift(a, .lessOrEqual, b) }
    public static func <= (a: SOp, b: Value) -> SOp { lift(a, .lessOrEqual, b) }
    public static func > (a: SOp, b: SOp) -> SOp { lift(a, .greater, b) }
    public static func > (a: SOp, b: Value) -> SOp { lift(a, .greater, b) }
    public static func >= (a: SOp, b: SOp) -> SOp { lift(a, .greaterOrEqual, b) }
    public static func >= (a: SOp, b: Value) -> SOp { lift(a, .greaterOrEqual, b) }
    public static func && (a: SOp, b: SOp) -> SOp { lift(a, .and, b) }
    public static func || (a: SOp, b: SOp) -> SOp { lift(a, .or, b) }
    public static prefix func ! (a: SOp) -> SOp { RASP.map(a) { .not($0) } }
    public static prefix func - (a: SOp) -> SOp { RASP.map(a) { .negate($0) } }
}

// MARK: Operators on expressions (building function bodies in Swift)

extension Expr: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral {
    public init(integerLiteral value: Int) { self = .literal(.number(Double(value))) }
    public init(floatLiteral value: Double) { self = .literal(.number(value)) }
    public init(stringLiteral value: String) { self = .literal(.string(value)) }

    public static func + (a: Expr, b: Expr) -> Expr { .binary(.add, a, b) }
    public static func - (a: Expr, b: Expr) -> Expr { .binary(.subtract, a, b) }
    public static func * (a: Expr, b: Expr) -> Expr { .binary(.multiply, a, b) }
    public static func / (a: Expr, b: Expr) -> Expr { .binary(.divide, a, b) }
    public static func % (a: Expr, b: Expr) -> Expr { .binary(.remainder, a, b) }
    public static func == (a: Expr, b: Expr) -> Expr { .binary(.equal, a, b) }
    public static func != (a: Expr, b: Expr) -> Expr { .binary(.notEqual, a, b) }
    public static func < (a: Expr, b: Expr) -> Expr { .binary(.less, a, b) }
    public static func <= (a: Expr, b: Expr) -> Expr { .binary(.lessOrEqual, a, b) }
    public static func > (a: Expr, b: Expr) -> Expr { .binary(.greater, a, b) }
    public static func >= (a: Expr, b: Expr) -> Expr { .binary(.greaterOrEqual, a, b) }
    public static func && (a: Expr, b: Expr) -> Expr { .binary(.and, a, b) }
    public static func || (a: Expr, b: Expr) -> Expr { .binary(.or, a, b) }
    public static prefix func ! (a: Expr) -> Expr { .not(a) }
    public static prefix func - (a: Expr) -> Expr { .negate(a) }

    /// `if condition then a else b`.
    public static func ifElse(_ condition: Expr, _ a: Expr, _ b: Expr) -> Expr { .conditional(condition, a, b) }
    /// `{k: v, …, _: fallback}[key]`.
    public static func lookup(_ key: Expr, _ table: KeyValuePairs<Value, Value>, fallback: Value? = nil) -> Expr {
        .lookup(LookupTable(table.map { ($0.key, $0.value) }, fallback: fallback), key)
    }
    public static func min(_ a: Expr, _ b: Expr) -> Expr { .call(.min, [a, b]) }
    public static func max(_ a: Expr, _ b: Expr) -> Expr { .call(.max, [a, b]) }
    public static func abs(_ a: Expr) -> Expr { .call(.abs, [a]) }
    public static func floor(_ a: Expr) -> Expr { .call(.floor, [a]) }
}
