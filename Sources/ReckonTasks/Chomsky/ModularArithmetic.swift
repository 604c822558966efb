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

extension ModularArithmetic: RegularTask {
    /// Fifty states. The value so far is s + t mod 5, s the finished terms and t the signed running
    /// product. After a digit, state 5s + t answers s + t; `+` and `-` start a term (s + t, ±1)
    /// and `*` keeps (s, t), in the states 25 + 5s + t that wait for a digit d, which goes to
    /// (s, t·d). Waiting states answer nothing and have only digits; the others only operators;
    /// the blank has no transitions. The empty input is the waiting state (0, 1): it reads "0 + 1 *"
    /// to the digits that follow. Minimal: after a digit, `* 0` answers s and the state itself s + t,
    /// so those 25 differ; in a waiting state the digit 0 answers s and the digit 1 s + t.
    public var automaton: MooreAutomaton { Self.minimalAutomaton }

    private static let minimalAutomaton: MooreAutomaton = {
        let m = modulus
        func afterDigit(_ s: Int, _ t: Int) -> Int { m * s + t }
        func waiting(_ s: Int, _ t: Int) -> Int { m * m + m * s + t }
        var transitions = [[Int?]](repeating: [Int?](repeating: nil, count: blank + 1), count: 2 * m * m)
        var outputs = [Int?](repeating: nil, count: 2 * m * m)
        for s in 0..<m {
            for t in 0..<m {
                let q = afterDigit(s, t)
                outputs[q] = (s + t) % m
                transitions[q][plus] = waiting((s + t) % m, 1)
                transitions[q][minus] = waiting((s + t) % m, m - 1)
                transitions[q][times] = waiting(s, t)
                for d in 0..<m { transitions[waiting(s, t)][d] = afterDigit(s, t * d % m) }
            }
        }
        return MooreAutomaton(
            symbolCount: blank + 1, transitions: transitions, initial: waiting(0, 1), outputs: outputs)
    }()
}
