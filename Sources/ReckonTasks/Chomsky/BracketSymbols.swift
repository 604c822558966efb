/// Token ids of the bracket-expression alphabets: digits are 0..<5, the rest differ by task.
///
/// modular_arithmetic_brackets and solve_equation use different tables in the reference
/// (the latter has no `*`), so generator and parser take the table as a parameter.
struct BracketSymbols: Sendable {
    static let modulus = 5
    let plus: Int
    let minus: Int
    /// nil where the alphabet has no multiplication.
    let times: Int?
    let open: Int
    let close: Int
    let unknown: Int
    let equals: Int?

    /// modular_arithmetic_brackets: + - * ( ) x (and `=` would be 11, outside the input size).
    static let arithmetic = BracketSymbols(plus: 5, minus: 6, times: 7, open: 8, close: 9, unknown: 10, equals: nil)
    /// solve_equation: + - ( ) x =.
    static let equation = BracketSymbols(plus: 5, minus: 6, times: nil, open: 7, close: 8, unknown: 9, equals: 10)

    @inline(__always) static func isDigit(_ token: Int) -> Bool { token >= 0 && token < modulus }
}
