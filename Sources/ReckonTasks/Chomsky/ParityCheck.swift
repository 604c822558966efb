import ReckonSupport

/// parity_check: is the number of 1s in a binary string odd (class 1) or even (class 0)?
public struct ParityCheck: AlgorithmicTask {
    public init() {}
    public var name: String { "parity_check" }
    public var level: TaskLevel { .regular }
    public var summary: String { "parity of the number of 1s in a binary string" }
    public var isClassification: Bool { true }
    public var outputLengthRule: String { "1" }
    public var lengthNote: String { "any length >= 1" }
    public var inputSymbols: [String] { ["0", "1"] }
    public var outputSymbols: [String] { ["0", "1"] }

    public func outputLength(forInputLength length: Int) -> Int { 1 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize)
        var bits = RandomBits()
        for b in 0..<batchSize {
            var parity = 0
            for t in 0..<length {
                let bit = bits.next(&rng)
                input[b * length + t] = bit
                parity ^= bit
            }
            target[b] = parity
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: 1, input: .tokens(input), target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] {
        [input.filter { $0 == 1 }.count % 2]
    }
}

extension ParityCheck: RegularTask {
    /// Two states, the parity of the 1s so far: 0 even (class 0, the empty input's too), 1 odd.
    /// A 1 swaps them, a 0 keeps them; they differ in output, so neither can go.
    public var automaton: MooreAutomaton { Self.minimalAutomaton }

    private static let minimalAutomaton = MooreAutomaton(
        symbolCount: 2, transitions: [[0, 1], [1, 0]], initial: 0, outputs: [0, 1])
}
