import ReckonSupport

/// modular_arithmetic_brackets: the value mod 5 of a fully bracketed expression with + - * and unary minus.
public struct ModularArithmeticBrackets: AlgorithmicTask {
    /// Whether `*` is used; the benchmark builds the task with `mult=True` (experiments/constants.py).
    public let multiplication: Bool

    public init(multiplication: Bool = true) { self.multiplication = multiplication }
    public var name: String { "modular_arithmetic_brackets" }
    public var level: TaskLevel { .deterministicContextFree }
    public var summary: String { "value mod 5 of a bracketed expression of digits, + - * and unary minus" }
    /// Digits, + - * ( ) and the reference's unused `x` (its input size is modulus + 6).
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String {
        "any length >= 1; lengths 1-4 are d, -d, (d), (-d); longer ones are ( left op right )"
    }
    public var inputSymbols: [String] { ["0", "1", "2", "3", "4", "+", "-", "*", "(", ")", "x"] }
    public var outputSymbols: [String] { ["0", "1", "2", "3", "4"] }

    public func outputLength(forInputLength length: Int) -> Int { 1 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let generator = BracketExpressionGenerator(symbols: .arithmetic, multiplication: multiplication)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize)
        for b in 0..<batchSize {
            target[b] = generator.write(length: length, into: &input, at: b * length, rng: &rng)
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: 1, input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] {
        [BracketExpressionParser(symbols: .arithmetic).evaluate(input[...])]
    }
}
