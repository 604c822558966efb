/// Reads the text syntax into statements (grammar in docs/reference/rasp.md). Recursive descent,
/// one token of lookahead except where a function `(a, b) -> …` must be told from parentheses.
struct Parser {
    static let keywords: Set<String> = ["if", "then", "else", "and", "or", "not", "true", "false"]

    private let tokens: [Token]
    private var position = 0

    init(_ text: String) throws { tokens = try Lexer.tokens(text) }

    static func statements(_ text: String) throws -> [Statement] {
        var p = try Parser(text)
        return try p.program()
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

    /// A function, a conditional, or an `or` chain.
    private mutating func expression() throws -> Syntax {
        let start = current.location
        // x -> body
        if case .identifier(let p) = current.kind, !Parser.keywords.contains(p), isSymbol("->", peek(1)) {
            _ = next()
            _ = next()
            return Syntax(.function([p], try expression()), start)
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
            return Syntax(.function([a, b], try expression()), start)
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
            return Syntax(.conditional(c, a, try expression()), start)
        }
        return try disjunction()
    }

    private mutating func disjunction() throws -> Syntax {
        var lhs = try conjunction()
        while isKeyword("or") {
            let at = next().location
            lhs = Syntax(.binary(.or, lhs, try conjunction()), at)
        }
        return lhs
    }

    private mutating func conjunction() throws -> Syntax {
        var lhs = try negation()
        while isKeyword("and") {
            let at = next().location
            lhs = Syntax(.binary(.and, lhs, try negation()), at)
        }
        return lhs
    }

    private mutating func negation() throws -> Syntax {
        if isKeyword("not") {
            let at = next().location
            return Syntax(.not(try negation()), at)
        }
        return try comparison()
    }

    private static let comparisons: [String: Expr.BinaryOperator] = [
        "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    private mutating func comparison() throws -> Syntax {
        let lhs = try sum()
        guard case .symbol(let s) = current.kind, let op = Parser.comparisons[s] else { return lhs }
        let at = next().location
        let rhs = try sum()
        if case .symbol(let s2) = current.kind, Parser.comparisons[s2] != nil {
            throw ParseError(current.location, "comparisons do not chain; join them with 'and'")
        }
        return Syntax(.binary(op, lhs, rhs), at)
    }

    private mutating func sum() throws -> Syntax {
        var lhs = try product()
        while isSymbol("+") || isSymbol("-") {
            let t = next()
            lhs = Syntax(.binary(t.kind == .symbol("+") ? .add : .subtract, lhs, try product()), t.location)
        }
        return lhs
    }

    private mutating func product() throws -> Syntax {
        var lhs = try unary()
        while isSymbol("*") || isSymbol("/") || isSymbol("%") {
            let t = next()
            let op: Expr.BinaryOperator =
                t.kind == .symbol("*")
                ? .multiply
                : (t.kind == .symbol("/") ? .divide : .remainder)
            lhs = Syntax(.binary(op, lhs, try unary()), t.location)
        }
        return lhs
    }

    private mutating func unary() throws -> Syntax {
        if isSymbol("-") {
            let at = next().location
            return Syntax(.negate(try unary()), at)
        }
        return try postfix()
    }

    private mutating func postfix() throws -> Syntax {
        var base = try primary()
        while isSymbol("[") {
            let at = next().location
            let key = try expression()
            try expect("]", "to close '[' at \(at)")
            base = Syntax(.index(base, key), at)
        }
        return base
    }

    private mutating func primary() throws -> Syntax {
        let t = current
        switch t.kind {
        case .number(let d):
            _ = next()
            return Syntax(.number(d), t.location)
        case .string(let s):
            _ = next()
            return Syntax(.string(s), t.location)
        case .identifier(let name):
            if name == "true" || name == "false" {
                _ = next()
                return Syntax(.bool(name == "true"), t.location)
            }
            if Parser.keywords.contains(name) {
                throw ParseError(
                    t.location,
                    name == "if"
                        ? "put a conditional inside parentheses when it is part of a larger expression"
                        : "expected a value, found the keyword '\(name)'")
            }
            _ = next()
            guard isSymbol("(") else { return Syntax(.name(name), t.location) }
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
            return Syntax(.call(name, args), t.location)
        case .symbol("("):
            _ = next()
            let inner = try expression()
            try expect(")", "to close '(' at \(t.location)")
            return inner
        case .symbol("{"):
            _ = next()
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
                        "expected ',' or '}' in the table opened at \(t.location), "
                            + "found \(current.quoted)")
                }
            }
            _ = next()
            return Syntax(.table(entries), t.location)
        case .newline, .end:
            throw ParseError(t.location, "the expression is incomplete: expected a value before \(t.quoted)")
        default:
            throw ParseError(t.location, "expected a value, found \(t.quoted)")
        }
    }
}
