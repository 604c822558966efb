/// A parsed expression of the text syntax, before names are resolved (`Elaborator` does that).
final class Syntax: Sendable {
    enum Kind: Sendable {
        case number(Double)
        case string(String)
        case bool(Bool)
        case name(String)
        case negate(Syntax)
        case not(Syntax)
        case binary(Expr.BinaryOperator, Syntax, Syntax)
        case conditional(Syntax, Syntax, Syntax)
        case call(String, [Argument])
        case function([String], Syntax)
        /// `{k: v, …}`; a nil key is the `_` entry.
        case table([(key: Syntax?, value: Syntax)])
        case index(Syntax, Syntax)
    }

    /// One argument of a call, positional or `label: value`.
    struct Argument: Sendable {
        let label: String?
        let value: Syntax
        let location: SourceLocation
    }

    let kind: Kind
    let location: SourceLocation
    /// 1 for a leaf, else one more than the highest child: how deep every walk of the tree recurses
    /// (the parser keeps it within `RaspLimits.nesting`).
    let height: Int

    init(_ kind: Kind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
        var children = 0
        switch kind {
        case .number, .string, .bool, .name: break
        case .negate(let a), .not(let a), .function(_, let a): children = a.height
        case .binary(_, let a, let b), .index(let a, let b): children = Swift.max(a.height, b.height)
        case .conditional(let a, let b, let c): children = Swift.max(a.height, b.height, c.height)
        case .call(_, let args): children = args.map(\.value.height).max() ?? 0
        case .table(let entries):
            children = entries.map { Swift.max($0.key?.height ?? 0, $0.value.height) }.max() ?? 0
        }
        height = children + 1
    }
}
