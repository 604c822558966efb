/// Evaluates a bracketed modular expression by parsing it: the solvers' side, sharing no code
/// with `BracketExpressionGenerator`.
///
/// Grammar of what the reference generates: operand := digit | x | '-' operand |
/// '(' operand [op operand] ')'. Unary minus applies to the next operand only.
struct BracketExpressionParser {
    let symbols: BracketSymbols

    /// Value mod 5 of `tokens`, with the unknown `x` standing for `x` when given.
    func evaluate(_ tokens: ArraySlice<Int>, x: Int? = nil) -> Int {
        var position = tokens.startIndex
        let value = operand(tokens, &position, x)
        precondition(position == tokens.endIndex, "trailing tokens after a complete expression")
        return value
    }

    private func operand(_ tokens: ArraySlice<Int>, _ position: inout Int, _ x: Int?) -> Int {
        let m = BracketSymbols.modulus
        precondition(position < tokens.endIndex, "expression ends early")
        let token = tokens[position]
        position += 1
        if BracketSymbols.isDigit(token) { return token }
        if token == symbols.unknown, let x { return x }
        if token == symbols.minus { return (m - operand(tokens, &position, x)) % m }
        precondition(token == symbols.open, "unexpected token \(token)")
        let left = operand(tokens, &position, x)
        precondition(position < tokens.endIndex, "unclosed bracket")
        if tokens[position] == symbols.close {
            position += 1
            return left
        }
        let op = tokens[position]
        position += 1
        let right = operand(tokens, &position, x)
        precondition(position < tokens.endIndex && tokens[position] == symbols.close, "unclosed bracket")
        position += 1
        if op == symbols.plus { return (left + right) % m }
        if op == symbols.minus { return ((left - right) % m + m) % m }
        precondition(op == symbols.times, "token \(op) is not an operator")
        return left * right % m
    }
}
