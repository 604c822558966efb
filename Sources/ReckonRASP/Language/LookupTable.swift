/// A literal table `{key: value, …, _: fallback}` indexed by an expression; a key that is absent
/// with no `_` entry is an evaluation error (as a Python dict raises KeyError).
public struct LookupTable: Sendable {
    /// Entries in the order written (printing keeps it).
    public let entries: [(key: Value, value: Value)]
    /// The `_` entry.
    public let fallback: Value?
    let index: [Value: Value]

    public init(_ entries: [(key: Value, value: Value)], fallback: Value? = nil) {
        self.entries = entries
        self.fallback = fallback
        var index: [Value: Value] = [:]
        for e in entries where index[e.key] == nil { index[e.key] = e.value }
        self.index = index
    }

    /// The value at `key`.
    func value(at key: Value) throws -> Value {
        if let v = index[key] ?? fallback { return v }
        throw ExprError("key \(Expr.quoted(key)) is not in the table")
    }
}
