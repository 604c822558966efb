import ReckonSupport

/// modular_arithmetic: the value mod 5 of `d op d op ... d` with + - * and the usual precedence.
public struct ModularArithmetic: AlgorithmicTask {
    /// The modulus; the paper uses 5.
    public static let modulus = 5
    static let plus = 5, minus = 6, times = 7, blank = 8

    public init() {}
    public var name: String { "modular_arithmetic" }
    public var level: TaskLevel { .regular }
    public var summary: String { "value mod 5 of an expression of digits and + - * (no brackets)" }
    /// Digits 0-4, three operators and the reference's blank `_` (never sampled, still an input id).
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String {
        "any length >= 1; an even length L gives inputs of length L - 1 (expressions have odd length), as in the "
            + "reference"
    }
    public var inputSymbols: [String] { ["0", "1", "2", "3", "4", "+", "-", "*", "_"] }
    public var outputSymbols: [String] { ["0", "1", "2", "3", "4"] }

    public func outputLength(forInputLength length: Int) -> Int { 1 }

    public func inputLength(forLength length: Int) -> Int { length % 2 == 1 ? length : length - 1 }

    public func sample(batchSize: Int, length requested: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: requested)
        let m = Self.modulus
        let length = inputLength(forLength: requested)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize)
        for b in 0..<batchSize {
            let row = b * length
            // Evaluated while generating: `sum` holds the finished terms, `term` the running
            // product and `negative` the sign in front of it.
            var sum = 0
            var negative = false
            var term = rng.nextInt(below: m)
            input[row] = term
            var t = 1
            while t < length {
                let op = Self.plus + rng.nextInt(below: 3)
                let digit = rng.nextInt(below: m)
                input[row + t] = op
                input[row + t + 1] = digit
                if op == Self.times {
                    term = term * digit % m
                } else {
                    sum = (sum + (negative ? m - term : term)) % m
                    negative = op == Self.minus
                    term = digit
                }
                t += 2
            }
            target[b] = (sum + (negative ? m - term : term)) % m
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: 1, input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] {
        precondition(input.count % 2 == 1, "expressions have odd length")
        // Split into signed additive terms, multiply out each term, then add.
        var terms: [(sign: Int, factors: [Int])] = [(1, [input[0]])]
        var i = 1
        while i < input.count {
            let op = input[i]
            let operand = input[i + 1]
            switch op {
            case Self.times: terms[terms.count - 1].factors.append(operand)
            case Self.plus: terms.append((1, [operand]))
            case Self.minus: terms.append((-1, [operand]))
            default: preconditionFailure("token \(op) is not an operator")
            }
            i += 2
        }
        var total = 0
        for term in terms {
            let product = term.factors.reduce(1) { $0 * $1 % Self.modulus }
            total += term.sign * product
        }
        return [((total % Self.modulus) + Self.modulus) % Self.modulus]
    }
}
