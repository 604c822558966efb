/// The predicates of `select`, as tracr's `Comparison`: `LT` means key < query.
public enum Comparison: String, Sendable, CaseIterable {
    case eq = "EQ"
    case lt = "LT"
    case leq = "LEQ"
    case gt = "GT"
    case geq = "GEQ"
    case neq = "NEQ"
    case `true` = "TRUE"
    case `false` = "FALSE"

    /// The predicate on one (key, query) pair. Like Python's `<`, ordering a number against a string throws.
    public func holds(key: Value, query: Value) throws -> Bool {
        switch self {
        case .eq: return key == query
        case .neq: return key != query
        case .true: return true
        case .false: return false
        case .lt: return try Expr.compare(key, query, "<") < 0
        case .leq: return try Expr.compare(key, query, "<=") <= 0
        case .gt: return try Expr.compare(key, query, ">") > 0
        case .geq: return try Expr.compare(key, query, ">=") >= 0
        }
    }
}
