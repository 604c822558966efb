import ReckonSupport

/// solve_equation: the digit x in 0..4 that makes a bracketed modular equation `expr(x) = d` true.
public struct SolveEquation: AlgorithmicTask {
    public init() {}
    public var name: String { "solve_equation" }
    public var level: TaskLevel { .deterministicContextFree }
    public var summary: String { "the x in 0..4 solving a bracketed + - equation mod 5, e.g. (x+2)=1 -> 4" }
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String {
        "any length >= 1; equations from length 3; lengths 1-2 give the reference's placeholder (all '0' input, "
            + "answer 0)"
    }
    public var inputSymbols: [String] { ["0", "1", "2", "3", "4", "+", "-", "(", ")", "x", "="] }
    public var outputSymbols: [String] { ["0", "1", "2", "3", "4"] }

    public func outputLength(forInputLength length: Int) -> Int { 1 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize)
        // Below length 3 there is no room for `x=d`; the reference returns zeros (digit 0, class 0).
        guard length >= 3 else {
            return Batch(
                batchSize: batchSize, inputLength: length, outputLength: 1,
                input: .tokens(input), target: .tokens(target))
        }
        let symbols = BracketSymbols.equation
        // No `*`: a factor 0 could make x vanish and the answer ambiguous (the reference's reason).
        let generator = BracketExpressionGenerator(symbols: symbols, multiplication: false)
        let expressionLength = length - 2
        for b in 0..<batchSize {
            let row = b * length
            let value = generator.write(length: expressionLength, into: &input, at: row, rng: &rng)
            // Uniform position, then the first digit at or after it (wrapping), as the reference does.
            var index = rng.nextInt(below: expressionLength)
            while !BracketSymbols.isDigit(input[row + index]) { index = (index + 1) % expressionLength }
            target[b] = input[row + index]
            input[row + index] = symbols.unknown
            input[row + expressionLength] = symbols.equals!
            input[row + expressionLength + 1] = value
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: 1, input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] {
        let symbols = BracketSymbols.equation
        guard let equals = input.firstIndex(of: symbols.equals!) else {
            precondition(input.count < 3, "equations of length >= 3 contain '='")
            return [0]
        }
        precondition(equals == input.count - 2, "the right-hand side is one digit")
        let parser = BracketExpressionParser(symbols: symbols)
        let rightSide = input[equals + 1]
        // Try every value: with + and - only, exactly one satisfies the equation.
        let solutions = (0..<BracketSymbols.modulus).filter { parser.evaluate(input[..<equals], x: $0) == rightSide }
        precondition(solutions.count == 1, "equation has \(solutions.count) solutions")
        return [solutions[0]]
    }
}
