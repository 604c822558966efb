/// What a `select` compares with: a named comparison or a function of (key, query).
public enum Predicate: Sendable, CustomStringConvertible {
    case comparison(Comparison)
    case function(Function)

    /// Whether the query selects the key.
    public func holds(key: Value, query: Value) throws -> Bool {
        switch self {
        case .comparison(let c): return try c.holds(key: key, query: query)
        case .function(let f): return try f.apply([key, query]).isTrue
        }
    }

    public var description: String {
        switch self {
        case .comparison(let c): return c.rawValue
        case .function(let f): return f.description
        }
    }
}
