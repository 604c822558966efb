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

    init(_ kind: Kind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}
