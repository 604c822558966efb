/// Reads the text syntax into statements (grammar in docs/reference/rasp.md): precedence climbing,
/// with one token of lookahead except where a function `(a, b) -> …` must be told from parentheses.
///
/// Nesting is bounded by `RaspLimits.nesting` twice over: every expression that opens inside
/// another (parentheses, arguments, function bodies, conditionals, table entries, index keys)
/// counts a level while it is parsed, so the parser's own recursion stops there; and every node's
/// height in the syntax tree is checked as it is built, so a chain of operators or prefixes, which
/// the parser reads in a loop, cannot build a deeper tree either. Every later walk of the tree (the
/// elaborator, the function language's evaluator and printer, freeing the tree) recurses at most
/// that deep.
struct Parser {
    static let keywords: Set<String> = ["if", "then", "else", "and", "or", "not", "true", "false"]

    private let tokens: [Token]
    private var position = 0
    /// Expressions open around the current token.
    private var depth = 0

    init(_ text: String) throws { tokens = try Lexer.tokens(text) }

    static func statements(_ text: String) throws -> [Statement] {
        var p = try Parser(text)
        return try p.program()
    }

    /// The error for nesting deeper than `RaspLimits.nesting`.
    static func tooDeep(_ at: SourceLocation) -> ParseError {
        ParseError(
            at,
            "expressions nest at most \(RaspLimits.nesting) levels deep (parentheses, calls, functions, tables, "
                + "'not', '-' and each operator of a chain count one level)")
    }

    private var current: Token { tokens[position] }
    private func peek(_ n: Int) -> Token { tokens[Swift.min(position + n, tokens.count - 1)] }
    private mutating func next() -> Token {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    private func isSymbol(_ s: String, _ t: Token? = nil) -> Bool { (t ?? current).kind == .symbol(s) }
    private func isKeyword(_ s: String, _ t: Token? = nil) -> Bool { (t ?? current).kind == .identifier(s) }

    private mutating func expect(_ s: String, _ why: String) throws {
        guard isSymbol(s) else { throw ParseError(current.location, "expected '\(s)' \(why), found \(current.quoted)") }
        _ = next()
    }

    /// A node, refused if it makes the tree deeper than the bound.
    private func make(_ kind: Syntax.Kind, _ at: SourceLocation) throws -> Syntax {
        let node = Syntax(kind, at)
        guard node.height <= RaspLimits.nesting else { throw Parser.tooDeep(at) }
        return node
    }

    /// Opens one level of nesting; the caller closes it with `depth -= 1`.
    private mutating func enter() throws {
        guard depth < RaspLimits.nesting else { throw Parser.tooDeep(current.location) }
        depth += 1
    }

    private mutating func program() throws -> [Statement] {
        var out: [Statement] = []
        while current.kind == .newline { _ = next() }
        while current.kind != .end {
            out.append(try statement())
            guard current.kind == .newline || current.kind == .end else {
                throw ParseError(current.location, "expected the end of the statement, found \(current.quoted)")
            }
            while current.kind == .newline { _ = next() }
        }
        return out
    }

    private mutating func statement() throws -> Statement {
        let t = current
        guard case .identifier(let name) = t.kind, !Parser.keywords.contains(name) else {
            throw ParseError(t.location, "expected a statement 'name = expression', found \(t.quoted)")
        }
        _ = next()
        guard isSymbol("=") else {
            throw ParseError(current.location, "expected '=' after '\(name)' (a statement is 'name = expression')")
        }
        _ = next()
        return Statement(name: name, nameLocation: t.location, value: try expression())
    }

    /// A function, a conditional, or an operator expression; one level of nesting.
    private mutating func expression() throws -> Syntax {
        try enter()
        defer { depth -= 1 }
        let start = current.location
        // x -> body
        if case .identifier(let p) = current.kind, !Parser.keywords.contains(p), isSymbol("->", peek(1)) {
            _ = next()
            _ = next()
            return try make(.function([p], try expression()), start)
        }
        // (k, q) -> body
        if isSymbol("("), case .identifier(let a) = peek(1).kind, isSymbol(",", peek(2)),
            case .identifier(let b) = peek(3).kind, isSymbol(")", peek(4)), isSymbol("->", peek(5))
        {
            for n in [a, b] where Parser.keywords.contains(n) {
                throw ParseError(peek(1).location, "'\(n)' is a keyword and cannot name a parameter")
            }
            guard a != b else { throw ParseError(peek(3).location, "the two parameters are both named '\(a)'") }
            position += 6
            return try make(.function([a, b], try expression()), start)
        }
        if isKeyword("if") {
            _ = next()
            let c = try expression()
            guard isKeyword("then") else {
                throw ParseError(current.location, "expected 'then' after the condition, found \(current.quoted)")
            }
            _ = next()
            let a = try expression()
            guard isKeyword("else") else {
                throw ParseError(
                    current.location,
                    "expected 'else' (every 'if' needs both branches), found \(current.quoted)")
            }
            _ = next()
            return try make(.conditional(c, a, try expression()), start)
        }
        return try binary(Parser.loosest)
    }

    /// The binary operators; their precedence is `Expr.BinaryOperator.precedence` (loosest first:
    /// `or` 1, `and` 2, comparisons 4, `+ -` 5, `* / %` 6). `not` (3) is a prefix between `and`
    /// and the comparisons, unary `-` (7) binds tighter than all of them.
    private static let symbolOperators: [String: Expr.BinaryOperator] = [
        "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
        "+": .add, "-": .subtract, "*": .multiply, "/": .divide, "%": .remainder,
    ]
    private static let loosest = 1
    private static let notPrecedence = 3
    private static let comparisonPrecedence = 4

    private func binaryOperator(_ t: Token) -> Expr.BinaryOperator? {
        switch t.kind {
        case .identifier("or"): return .or
        case .identifier("and"): return .and
        case .symbol(let s): return Parser.symbolOperators[s]
        default: return nil
        }
    }

    /// Operators of precedence `minimum` and tighter, left-associative, read in a loop: a long
    /// chain `a + b + c + …` costs no recursion (its tree's height is checked as it grows).
    private mutating func binary(_ minimum: Int) throws -> Syntax {
        var lhs = try prefixed(minimum)
        while let op = binaryOperator(current), op.precedence >= minimum {
            let at = next().location
            let rhs = try binary(op.precedence + 1)
            if op.precedence == Parser.comparisonPrecedence, let following = binaryOperator(current),
                following.precedence == Parser.comparisonPrecedence
            {
                throw ParseError(current.location, "comparisons do not chain; join them with 'and'")
            }
            lhs = try make(.binary(op, lhs, rhs), at)
        }
        return lhs
    }

    /// `not … not comparison` where an operand as loose as `not` may start, else a unary operand.
    /// A run of `not`s is read in a loop, not by recursion.
    private mutating func prefixed(_ minimum: Int) throws -> Syntax {
        guard minimum <= Parser.notPrecedence, isKeyword("not") else { return try unary() }
        var nots: [SourceLocation] = []
        while isKeyword("not") {
            guard nots.count < RaspLimits.nesting else { throw Parser.tooDeep(current.location) }
            nots.append(next().location)
        }
        var operand = try binary(Parser.comparisonPrecedence)
        for at in nots.reversed() { operand = try make(.not(operand), at) }
        return operand
    }

    /// `- … - postfix`; a run of minus signs is read in a loop.
    private mutating func unary() throws -> Syntax {
        var minuses: [SourceLocation] = []
        while isSymbol("-") {
            guard minuses.count < RaspLimits.nesting else { throw Parser.tooDeep(current.location) }
            minuses.append(next().location)
        }
        var operand = try postfix()
        for at in minuses.reversed() { operand = try make(.negate(operand), at) }
        return operand
    }

    private mutating func postfix() throws -> Syntax {
        var base = try primary()
        while isSymbol("[") {
            let at = next().location
            let key = try expression()
            try expect("]", "to close '[' at \(at)")
            base = try make(.index(base, key), at)
        }
        return base
    }

    private mutating func primary() throws -> Syntax {
        let t = current
        switch t.kind {
        case .number(let d):
            _ = next()
            return try make(.number(d), t.location)
        case .string(let s):
            _ = next()
            return try make(.string(s), t.location)
        case .identifier(let name):
            if name == "true" || name == "false" {
                _ = next()
                return try make(.bool(name == "true"), t.location)
            }
            if Parser.keywords.contains(name) {
                throw ParseError(
                    t.location,
                    name == "if"
                        ? "put a conditional inside parentheses when it is part of a larger expression"
                        : "expected a value, found the keyword '\(name)'")
            }
            _ = next()
            guard isSymbol("(") else { return try make(.name(name), t.location) }
            return try make(.call(name, try arguments(of: name)), t.location)
        case .symbol("("):
            _ = next()
            let inner = try expression()
            try expect(")", "to close '(' at \(t.location)")
            return inner
        case .symbol("{"):
            return try make(.table(try tableEntries()), t.location)
        case .newline, .end:
            throw ParseError(t.location, "the expression is incomplete: expected a value before \(t.quoted)")
        default:
            throw ParseError(t.location, "expected a value, found \(t.quoted)")
        }
    }

    /// `( [label:] expression, … )` after a name.
    private mutating func arguments(of name: String) throws -> [Syntax.Argument] {
        let open = next().location
        var args: [Syntax.Argument] = []
        while !isSymbol(")") {
            let at = current.location
            var label: String?
            if case .identifier(let l) = current.kind, !Parser.keywords.contains(l), isSymbol(":", peek(1)) {
                label = l
                position += 2
            }
            args.append(Syntax.Argument(label: label, value: try expression(), location: at))
            if isSymbol(",") {
                _ = next()
                continue
            }
            guard isSymbol(")") else {
                throw ParseError(
                    current.location,
                    "expected ',' or ')' in the arguments of \(name) "
                        + "(opened at \(open)), found \(current.quoted)")
            }
        }
        _ = next()
        return args
    }

    /// `{ key: value, …, _: value }`; keys and values are unary operands, one level of nesting.
    private mutating func tableEntries() throws -> [(key: Syntax?, value: Syntax)] {
        let open = next().location
        try enter()
        defer { depth -= 1 }
        var entries: [(key: Syntax?, value: Syntax)] = []
        while !isSymbol("}") {
            var key: Syntax?
            if isKeyword("_") { _ = next() } else { key = try unary() }
            try expect(":", "between a table's key and its value")
            entries.append((key, try unary()))
            if isSymbol(",") {
                _ = next()
                continue
            }
            guard isSymbol("}") else {
                throw ParseError(
                    current.location,
                    "expected ',' or '}' in the table opened at \(open), found \(current.quoted)")
            }
        }
        _ = next()
        return entries
    }
}
