/// A token of the text syntax.
struct Token: Sendable {
    enum Kind: Equatable, Sendable {
        case identifier(String)
        case number(Double)
        case string(String)
        case symbol(String)
        case newline
        case end
    }

    let kind: Kind
    let location: SourceLocation

    /// How a message names the token.
    var quoted: String {
        switch kind {
        case .identifier(let s): return "'\(s)'"
        case .number(let d): return "'\(Value.format(d))'"
        case .string(let s): return Expr.quoted(.string(s))
        case .symbol(let s): return "'\(s)'"
        case .newline: return "the end of the line"
        case .end: return "the end of the file"
        }
    }
}
