/// A selector: which keys each query attends to (an attention pattern). `select(keys, queries,
/// predicate)`, or the conjunction of two selectors (RASP's selector `and`).
public final class Selector: @unchecked Sendable {
    /// What the selector is made of.
    public enum Operation: Sendable {
        case select(keys: SOp, queries: SOp, predicate: Predicate)
        /// Both select the key. Tracr has this (`SelectorAnd`) but cannot compile it; Reckon compiles
        /// it into one head whose scores add up (see `AttentionBuilder.selection`).
        case and(Selector, Selector)
    }

    public let operation: Operation
    public let name: String?
    public let location: SourceLocation?
    /// How many `select`s the selector joins (1 for a select). Counted as selectors are built, since
    /// shared operands (`s2 = s1 and s1`) double it with every `and`; saturates at `Int.max`.
    public let conjunctCount: Int

    public init(_ operation: Operation, name: String? = nil, location: SourceLocation? = nil) {
        self.operation = operation
        self.name = name
        self.location = location
        switch operation {
        case .select: conjunctCount = 1
        case .and(let a, let b):
            let (sum, overflow) = a.conjunctCount.addingReportingOverflow(b.conjunctCount)
            conjunctCount = overflow ? Int.max : sum
        }
    }

    public convenience init(
        keys: SOp, queries: SOp, predicate: Predicate, name: String? = nil,
        location: SourceLocation? = nil
    ) {
        self.init(.select(keys: keys, queries: queries, predicate: predicate), name: name, location: location)
    }

    /// The same selector under another name.
    public func named(_ name: String) -> Selector { Selector(operation, name: name, location: location) }

    /// Keys and queries (a select) or the two selectors (an `and`).
    var children: [SOp.Node] {
        switch operation {
        case .select(let k, let q, _): return [.sop(k), .sop(q)]
        case .and(let a, let b): return [.selector(a), .selector(b)]
        }
    }

    /// Both this and `other` select the key.
    public static func && (a: Selector, b: Selector) -> Selector { Selector(.and(a, b)) }
}
